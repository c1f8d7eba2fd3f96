// Times the orgs table in the real window. It times the loading as the page observes it. Once the
// table contains every org of the benchmark account, it times keystrokes in Search and jumps to the
// bottom and back to the top of the virtualized table. Then it times the table's string work as plain
// JavaScript, and counts toLowerCase calls and sort work per keystroke. scripts/bench-orgs.sh
// runs this file once per round and reads the JSON it writes.
//
// Keystrokes are real WebDriver key actions. Inside the page, a capture listener notes
// performance.now() at keydown, a MutationObserver notes the first change to the Orgs screen, and
// two animation frames after the input event mark the next painted frame. The first frame's
// callbacks run before WebKit paints the update, so the second one runs after that paint. That
// time includes up to one frame interval of waiting for the frame to start.

import { writeFileSync } from "node:fs";
import { Key, remote } from "webdriverio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The text typed into Search, one key at a time; the happy-dom benchmark types the same. */
const TYPED = "Org 01234";
/** Idle time between keystrokes, so each one is timed alone. */
const PAUSE_MS = 200;

/** One keystroke, in milliseconds after its keydown event. */
type KeystrokeSample = {
  key: string;
  phase: "type" | "delete";
  /** Start of the input event. */
  inputMs: number;
  /** End of the input event's handling: filter, sort and DOM update. */
  scriptDoneMs: number | null;
  /** First change to the Orgs screen's DOM; null when the key changed nothing shown. */
  domUpdatedMs: number | null;
  /** Start of the next frame (first animation frame callback). */
  firstFrameMs: number;
  /** After that frame's style, layout and paint (a message posted from its callback). */
  frameDoneMs: number;
  /** Start of the frame after it (second animation frame callback). */
  paintedMs: number;
  count: string;
  rows: number;
};

/** One jump of the table's scroll position, in milliseconds after the jump. */
type ScrollSample = { to: "bottom" | "top"; domUpdatedMs: number; paintedMs: number };

/** Work done inside one keystroke while String and Array methods are wrapped with counters. */
type ProfileSample = {
  key: string;
  /** Keydown to input handled, slower than unwrapped because of the counters. */
  scriptDoneMs: number | null;
  /** Calls of String.prototype.toLowerCase. */
  lowerCaseCalls: number;
  /** Calls of Array.prototype.sort, the elements they sorted, and the time spent inside them. */
  sorts: number;
  sortedElements: number;
  sortMs: number;
};

/**
 * The table's per-keystroke string work over 10,000 orgs, timed in the page's JavaScript engine.
 * It is timed as first written and with keys lowercased once per list, as medians of five runs in
 * milliseconds.
 */
type KeyedWorkSample = {
  sortLoweringEachCompare: number;
  sortOnLoweredKeys: number;
  filterLoweringPerColumn: number;
  filterOnLoweredText: number;
};

/** Counters the profiling wrappers keep in `window.__orgsProfile`. */
type PageProfile = { lowerCaseCalls: number; sorts: number; sortedElements: number; sortMs: number };

/** Scroll jump as the page records it, in milliseconds after setting the scroll position. */
type PageScroll = { domUpdated: number; painted: number };

/** Keystroke as the page records it, in performance.now() milliseconds. */
type PageKeystroke = {
  key: string;
  keyDown: number;
  input: number;
  scriptDone: number | null;
  domUpdated: number | null;
  firstFrame: number;
  frameDone: number;
  painted: number;
  count: string;
  rows: number;
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run this measurement through scripts/bench-orgs.sh`);
  }
  return value;
}

const orgCount = Number(required("AERIAL_DESK_BENCH_ORGS"));
const allOrgs = `${String(orgCount)} of ${String(orgCount)} orgs`;
let browser: WebdriverIO.Browser;
/** Loading milestones in milliseconds after the page's navigation start; null when missed. */
type LoadingSample = {
  observedFrom: number;
  spinnerShown: number | null;
  firstProgress: number | null;
  firstProgressText: string | null;
  rowsInDom: number | null;
  rowsPainted: number | null;
};

const results: {
  loading: LoadingSample | null;
  idleFrameIntervals: number[];
  frameAfterIdle: number[];
  keystrokes: KeystrokeSample[];
  scrolls: ScrollSample[];
  keyedWork: KeyedWorkSample | null;
  profile: ProfileSample[];
} = {
  loading: null,
  idleFrameIntervals: [],
  frameAfterIdle: [],
  keystrokes: [],
  scrolls: [],
  keyedWork: null,
  profile: [],
};

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function countText(): Promise<string> {
  return (await browser.$('[data-testid="orgs-count"]').getText()).trim();
}

/**
 * Watches the page from now on for the Orgs screen's spinner, its first "so far" count and the
 * first rows; keeps the times in `window.__orgsLoading`. The WebDriver session starts about 100 ms
 * after navigation start, before the spinner, and the sample records when the watch began.
 */
async function watchLoading(): Promise<void> {
  await browser.execute(() => {
    const sample = {
      observedFrom: performance.now(),
      spinnerShown: null as number | null,
      firstProgress: null as number | null,
      firstProgressText: null as string | null,
      rowsInDom: null as number | null,
      rowsPainted: null as number | null,
    };
    (window as unknown as { __orgsLoading: typeof sample }).__orgsLoading = sample;
    const check = () => {
      const now = performance.now();
      const spinner = document.querySelector('[data-testid="orgs-loading"]');
      if (spinner && sample.spinnerShown === null) sample.spinnerShown = now;
      const text = spinner?.textContent ?? "";
      if (text.includes("so far") && sample.firstProgress === null) {
        sample.firstProgress = now;
        // The spinner's box also contains the Cancel button.
        sample.firstProgressText = text.replace(/\s*Cancel\s*$/, "").trim();
      }
      if (document.querySelector('[data-testid="org-row"]') && sample.rowsInDom === null) {
        sample.rowsInDom = now;
        observer.disconnect();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            sample.rowsPainted = performance.now();
          }),
        );
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    check();
  });
}

/** Installs the keystroke recorder in the page; it keeps its samples in `window.__orgsBench`. */
async function installRecorder(): Promise<void> {
  await browser.execute(() => {
    type Pending = {
      key: string;
      keyDown: number;
      input: number | null;
      scriptDone: number | null;
      domUpdated: number | null;
      observer: MutationObserver;
    };
    const samples: unknown[] = [];
    (window as unknown as { __orgsBench: unknown[] }).__orgsBench = samples;
    const search = document.querySelector('[data-testid="orgs-search"]');
    const screen = document.querySelector("section.orgs");
    if (!search || !screen) {
      throw new Error("the Orgs screen is not open");
    }
    let pending: Pending | null = null;

    // Svelte applies the input in a microtask that runs before listeners further out, so the
    // observer starts at keydown, before the input event exists.
    search.addEventListener(
      "keydown",
      (event) => {
        const sample: Pending = {
          key: (event as KeyboardEvent).key,
          keyDown: performance.now(),
          input: null,
          scriptDone: null,
          domUpdated: null,
          observer: new MutationObserver(() => {
            sample.domUpdated ??= performance.now();
          }),
        };
        sample.observer.observe(screen, { subtree: true, childList: true, characterData: true, attributes: true });
        pending = sample;
      },
      { capture: true },
    );
    window.addEventListener(
      "input",
      () => {
        const sample = pending;
        if (!sample) return;
        sample.input = performance.now();
        requestAnimationFrame(() => {
          const firstFrame = performance.now();
          let frameDone = firstFrame;
          // A message posted from the frame callback is delivered after that frame's style,
          // layout and paint.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            frameDone = performance.now();
          };
          channel.port2.postMessage(null);
          requestAnimationFrame(() => {
            sample.observer.disconnect();
            samples.push({
              key: sample.key,
              keyDown: sample.keyDown,
              input: sample.input,
              scriptDone: sample.scriptDone,
              domUpdated: sample.domUpdated,
              firstFrame,
              frameDone,
              painted: performance.now(),
              count: document.querySelector('[data-testid="orgs-count"]')?.textContent.trim() ?? "",
              rows: document.querySelectorAll('[data-testid="org-row"]').length,
            });
          });
        });
      },
      { capture: true },
    );
    // Runs after Svelte's delegated listener and the microtask in which it filters, sorts and
    // updates the DOM.
    window.addEventListener("input", () => {
      const sample = pending;
      pending = null;
      if (sample) sample.scriptDone = performance.now();
    });
  });
}

async function recordedCount(): Promise<number> {
  return browser.execute(() => (window as unknown as { __orgsBench: unknown[] }).__orgsBench.length);
}

/** Presses KEY, waits until the page recorded it, and returns the sample. */
async function pressAndTime(key: string, phase: KeystrokeSample["phase"]): Promise<KeystrokeSample> {
  const before = await recordedCount();
  await browser.keys(key);
  await browser.waitUntil(async () => (await recordedCount()) > before, {
    timeout: 30_000,
    timeoutMsg: `the page recorded no frame after the key ${JSON.stringify(key)}`,
  });
  const page = await browser.execute(
    (index: number) => (window as unknown as { __orgsBench: unknown[] }).__orgsBench[index],
    before,
  );
  const sample = page as PageKeystroke;
  await sleep(PAUSE_MS);
  return {
    key: sample.key,
    phase,
    inputMs: sample.input - sample.keyDown,
    scriptDoneMs: sample.scriptDone === null ? null : sample.scriptDone - sample.keyDown,
    domUpdatedMs: sample.domUpdated === null ? null : sample.domUpdated - sample.keyDown,
    firstFrameMs: sample.firstFrame - sample.keyDown,
    frameDoneMs: sample.frameDone - sample.keyDown,
    paintedMs: sample.painted - sample.keyDown,
    count: sample.count,
    rows: sample.rows,
  };
}

/** Returns the intervals between FRAMES + 1 animation frame callbacks while nothing changes. */
async function idleFrameIntervals(frames: number): Promise<number[]> {
  return browser.executeAsync<number[], [number]>((count, done) => {
    const times: number[] = [];
    const next = (time: number) => {
      times.push(time);
      if (times.length > count) {
        done(times.slice(1).map((current, index) => current - (times[index] ?? current)));
        return;
      }
      requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  }, frames);
}

/**
 * Returns, for each of ROUNDS tries, the time from requesting an animation frame to its callback
 * after the page requested no frame for PAUSE_MS, the pause the keystrokes leave between them.
 */
async function frameAfterIdle(rounds: number): Promise<number[]> {
  return browser.executeAsync<number[], [number, number]>(
    (count, pause, done) => {
      const delays: number[] = [];
      const next = () => {
        if (delays.length === count) {
          done(delays);
          return;
        }
        setTimeout(() => {
          const requested = performance.now();
          requestAnimationFrame(() => {
            delays.push(performance.now() - requested);
            next();
          });
        }, pause);
      };
      next();
    },
    rounds,
    PAUSE_MS,
  );
}

/** Scrolls the table to its bottom or top and times until the last or first row is in the DOM. */
async function jumpAndTime(to: ScrollSample["to"]): Promise<ScrollSample> {
  const rowIndex = to === "bottom" ? orgCount + 1 : 2;
  const timed = await browser.executeAsync<PageScroll | string, [boolean, number]>(
    (bottom, wanted, done) => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="orgs-scroller"]');
      if (!scroller) {
        done("the orgs table is not shown");
        return;
      }
      const selector = `tr[aria-rowindex="${String(wanted)}"]`;
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        const domUpdated = performance.now() - start;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            done({ domUpdated, painted: performance.now() - start });
          }),
        );
      });
      observer.observe(scroller, { subtree: true, childList: true });
      scroller.scrollTop = bottom ? scroller.scrollHeight : 0;
    },
    to === "bottom",
    rowIndex,
  );
  if (typeof timed === "string") {
    throw new Error(timed);
  }
  await sleep(PAUSE_MS);
  return { to, domUpdatedMs: timed.domUpdated, paintedMs: timed.painted };
}

/**
 * Times, in the page, plain JavaScript that does the string work of one keystroke the way the
 * table does it today and the way a proposed change would, on orgs shaped like the seed and in ID
 * order. "Today" copies only the string work. TanStack's "text" sorting function lowercases both
 * values in every comparison. The search filter runs once for each of the 6 columns of a row that
 * does not match, and lowercases the search and 3 fields each time. TanStack's own overhead is
 * left out, so both figures are lower bounds for the real table.
 */
async function timeKeyedWork(count: number): Promise<KeyedWorkSample> {
  return browser.execute((total: number) => {
    const orgs = Array.from({ length: total }, (_, index) => {
      const number = String((index * 7919) % total);
      return {
        id: "00o" + number.padStart(17, "0"),
        name: index === 0 ? "Benchmark Aerial" : `Org ${String(index).padStart(5, "0")}`,
        domain: `org-${String(index)}.sim.localhost`,
      };
    });
    const compare = (a: string, b: string): number => {
      if (a === b) {
        return 0;
      }
      return a > b ? 1 : -1;
    };
    orgs.sort((a, b) => compare(a.id, b.id));
    const search = "Org 01234";
    const medianOfFive = (work: () => unknown) => {
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        work();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2] ?? 0;
    };
    const loweredNames = orgs.map((org) => ({ org, key: org.name.toLowerCase() }));
    const loweredText = orgs.map((org) => `${org.name}\n${org.domain}\n${org.id}`.toLowerCase());
    return {
      sortLoweringEachCompare: medianOfFive(() => [...orgs].sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()))),
      sortOnLoweredKeys: medianOfFive(() => [...loweredNames].sort((a, b) => compare(a.key, b.key))),
      filterLoweringPerColumn: medianOfFive(() =>
        orgs.filter((org) => {
          for (let column = 0; column < 6; column++) {
            const needle = search.trim().toLowerCase();
            if ([org.name, org.domain, org.id].some((value) => value.toLowerCase().includes(needle))) return true;
          }
          return false;
        }),
      ),
      filterOnLoweredText: medianOfFive(() => {
        const needle = search.trim().toLowerCase();
        return loweredText.filter((text) => text.includes(needle));
      }),
    };
  }, count);
}

/**
 * Wraps String.prototype.toLowerCase and Array.prototype.sort with counters, to show where the
 * time of a keystroke goes without changing the app. The wrappers stay for the rest of the session.
 */
async function installProfiler(): Promise<void> {
  await browser.execute(() => {
    const counters = { lowerCaseCalls: 0, sorts: 0, sortedElements: 0, sortMs: 0 };
    (window as unknown as { __orgsProfile: typeof counters }).__orgsProfile = counters;
    const lowerCase = String.prototype.toLowerCase;
    String.prototype.toLowerCase = function (this: string): string {
      counters.lowerCaseCalls++;
      return lowerCase.call(this);
    };
    const sort = Array.prototype.sort;
    Array.prototype.sort = function <T>(this: T[], compare?: (a: T, b: T) => number): T[] {
      const started = performance.now();
      const sorted = sort.call(this, compare) as T[];
      counters.sorts++;
      counters.sortedElements += this.length;
      counters.sortMs += performance.now() - started;
      return sorted;
    };
  });
}

/** Presses KEY with the profiler installed and returns the counters for that keystroke. */
async function pressAndProfile(key: string): Promise<ProfileSample> {
  await browser.execute(() => {
    const counters = (window as unknown as { __orgsProfile: PageProfile }).__orgsProfile;
    counters.lowerCaseCalls = 0;
    counters.sorts = 0;
    counters.sortedElements = 0;
    counters.sortMs = 0;
  });
  const timed = await pressAndTime(key, key === Key.Backspace ? "delete" : "type");
  const counters = await browser.execute(() => ({ ...(window as unknown as { __orgsProfile: PageProfile }).__orgsProfile }));
  return { key: timed.key, scriptDoneMs: timed.scriptDoneMs, ...counters };
}

describe("orgs table in the real window", () => {
  beforeAll(async () => {
    browser = await remote({
      hostname: "127.0.0.1",
      port: Number(required("TAURI_DRIVER_PORT")),
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        // WebKitWebDriver speaks classic WebDriver only, not WebDriver BiDi.
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: required("AERIAL_DESK_BINARY") },
      } as WebdriverIO.Capabilities,
    });
    await watchLoading();
    await browser.waitUntil(async () => (await browser.$('[data-testid="orgs-count"]').isExisting()) && (await countText()) === allOrgs, {
      timeout: 120_000,
      interval: 100,
      timeoutMsg: `the orgs table did not show "${allOrgs}"`,
    });
  });

  afterAll(async () => {
    writeFileSync(required("AERIAL_DESK_BENCH_RESULTS"), JSON.stringify(results, null, 2));
    await browser.deleteSession();
  });

  it("times keystrokes and scroll jumps", async () => {
    await browser.waitUntil(async () => (await browser.execute(() => (window as unknown as { __orgsLoading: LoadingSample }).__orgsLoading.rowsPainted)) !== null, {
      timeout: 10_000,
      timeoutMsg: "no frame was painted after the first rows",
    });
    results.loading = await browser.execute(() => (window as unknown as { __orgsLoading: LoadingSample }).__orgsLoading);
    results.idleFrameIntervals = await idleFrameIntervals(60);
    results.frameAfterIdle = await frameAfterIdle(10);
    await installRecorder();
    await browser.$('[data-testid="orgs-search"]').click();
    const keystrokes = results.keystrokes;

    for (const character of TYPED) {
      keystrokes.push(await pressAndTime(character, "type"));
    }
    expect(keystrokes.at(-1)?.count).toBe(`1 of ${String(orgCount)} orgs`);
    expect(keystrokes.at(-1)?.rows).toBe(1);

    for (let index = 0; index < TYPED.length; index++) {
      keystrokes.push(await pressAndTime(Key.Backspace, "delete"));
    }
    expect(keystrokes.at(-1)?.count).toBe(allOrgs);

    results.scrolls.push(await jumpAndTime("bottom"), await jumpAndTime("top"));
  });

  it("times string work with lowered keys", async () => {
    results.keyedWork = await timeKeyedWork(orgCount);
    expect(results.keyedWork.sortOnLoweredKeys).toBeGreaterThanOrEqual(0);
  });

  it("counts string and sort work per keystroke", async () => {
    await installProfiler();
    for (const character of TYPED) {
      results.profile.push(await pressAndProfile(character));
    }
    for (let index = 0; index < TYPED.length; index++) {
      results.profile.push(await pressAndProfile(Key.Backspace));
    }
    // The profiler ran: a search with text lowercases at least the search text itself. The last
    // keystroke empties the search, which needs no string work at all.
    expect(results.profile.some((keystroke) => keystroke.lowerCaseCalls > 0)).toBe(true);
  });
});
