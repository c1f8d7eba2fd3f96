import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Vitest turns CSS imports into empty modules, so the style sheet is read as a file. Vitest runs
// from the ui folder.
const layoutCss = readFileSync(join(process.cwd(), "src/components/shell-layout.css"), "utf8");

/** Builds the shell's parts with the classes App.svelte gives them, under the layout styles. */
function shell(): { root: HTMLElement; nav: HTMLElement; content: HTMLElement } {
  const style = document.createElement("style");
  style.textContent = layoutCss;
  document.head.append(style);
  const root = document.createElement("div");
  root.className = "shell";
  root.innerHTML = '<header class="top-bar"></header><nav class="side-nav"></nav><main class="content"></main>';
  document.body.append(root);
  const nav = root.querySelector<HTMLElement>(".side-nav");
  const content = root.querySelector<HTMLElement>(".content");
  if (!nav || !content) throw new Error("the shell parts were not built");
  return { root, nav, content };
}

afterEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});

describe("shell layout", () => {
  it("fits the shell to the window", () => {
    const style = getComputedStyle(shell().root);

    expect(style.height).toBe(`${String(window.innerHeight)}px`);
    expect(style.overflow).toBe("hidden");
  });

  it("scrolls only the content area", () => {
    const { content } = shell();

    expect(getComputedStyle(content).overflow).toBe("auto");
  });

  it("scrolls a long navigation on its own", () => {
    const { nav } = shell();

    expect(getComputedStyle(nav).overflowY).toBe("auto");
  });
});
