// Helpers for the demo path's end-to-end test: accessibility checks, waiting for screens, and
// filling in the native save dialog.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeScript = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core in the window and returns its serious and critical violations, one per line. */
export async function accessibilityProblems(browser: WebdriverIO.Browser): Promise<string[]> {
  const loaded = await browser.execute("return typeof window.axe === 'object'");
  if (!loaded) {
    await browser.execute(`${axeScript}\nreturn null;`);
  }
  const problems = await browser.executeAsync((done: (lines: string[]) => void) => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } }).axe;
    axe.run(document).then(
      (result) => {
        done(
          result.violations
            .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
            .map((violation) => `${violation.id} (${violation.impact ?? ""}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
        );
      },
      (error: unknown) => {
        done([`axe-core failed: ${String(error)}`]);
      },
    );
  });
  return problems;
}

/** Waits until the shell shows the route `name`. */
export async function waitForRoute(browser: WebdriverIO.Browser, name: string, timeout = 60_000): Promise<void> {
  const screen = await browser.$(`[data-testid="screen"][data-route="${name}"]`);
  await screen.waitForExist({ timeout, timeoutMsg: `the ${name} screen did not open` });
}

/** Waits for the element with this test ID and returns it. */
export async function byTestId(browser: WebdriverIO.Browser, testId: string, timeout = 60_000) {
  const element = await browser.$(`[data-testid="${testId}"]`);
  await element.waitForDisplayed({ timeout, timeoutMsg: `${testId} did not appear` });
  return element;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Fills in the GTK save dialog titled `title` with `path`: focuses it with xdotool (Xvfb runs no
 * window manager), replaces the proposed name with the full path, and presses Enter.
 */
export async function answerSaveDialog(title: string, path: string): Promise<void> {
  let window = "";
  for (let attempt = 0; attempt < 150 && window === ""; attempt++) {
    try {
      window = execFileSync("xdotool", ["search", "--name", title], { encoding: "utf8" }).trim().split("\n")[0] ?? "";
    } catch {
      await sleep(100);
    }
  }
  if (window === "") {
    throw new Error(`the save dialog "${title}" did not open within 15 seconds`);
  }
  execFileSync("xdotool", ["windowfocus", "--sync", window]);
  await sleep(500);
  execFileSync("xdotool", ["key", "--clearmodifiers", "ctrl+a"]);
  execFileSync("xdotool", ["type", "--delay", "10", path]);
  await sleep(200);
  execFileSync("xdotool", ["key", "Return"]);
}
