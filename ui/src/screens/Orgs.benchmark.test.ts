// Times the orgs table with 10,000 orgs in happy-dom: from the list arriving to the first rows
// drawn, and per keystroke in Search. The budgets are loose, so the test fails only on a large
// regression; AERIAL_DESK_BENCH=1 prints the measured times.

import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { manyOrgs } from "../testing/orgs";
import Orgs from "./Orgs.svelte";

const ORG_COUNT = 10_000;

const environment = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

function report(name: string, milliseconds: number[]): void {
  if (environment.AERIAL_DESK_BENCH) {
    const sorted = [...milliseconds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(`${name}: median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms over ${String(sorted.length)} runs`);
  }
}

describe("Orgs table with 10,000 orgs", () => {
  it("draws the first rows quickly", async () => {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(ORG_COUNT)] }] });
      const start = performance.now();
      const { unmount } = render(Orgs, { backend, go: vi.fn() });
      await waitFor(
        () => {
          expect(screen.getAllByTestId("org-row").length).toBeGreaterThan(0);
        },
        { interval: 1, timeout: 10_000 },
      );
      times.push(performance.now() - start);
      unmount();
    }

    report("time to first rows", times);
    expect(Math.min(...times)).toBeLessThan(1_500);
  });

  it("filters within a keystroke budget", async () => {
    const backend = fakeBackend([keychainReady()], { listOrgs: [{ ok: true, value: [manyOrgs(ORG_COUNT)] }] });
    render(Orgs, { backend, go: vi.fn() });
    const search = await screen.findByTestId("orgs-search");
    await screen.findAllByTestId("org-row");

    const times: number[] = [];
    const typed = "Org 01234";
    for (let length = 1; length <= typed.length; length++) {
      const start = performance.now();
      await fireEvent.input(search, { target: { value: typed.slice(0, length) } });
      flushSync();
      times.push(performance.now() - start);
    }

    expect(screen.getAllByTestId("org-row")).toHaveLength(1);
    report("time per filter keystroke", times);
    expect(Math.max(...times)).toBeLessThan(500);
  });
});
