import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Vitest turns CSS imports into empty modules, so the style sheets are read as files. Vitest
// runs from the ui folder.
const appCss = readFileSync(join(process.cwd(), "src/app.css"), "utf8");
const dialogsCss = readFileSync(join(process.cwd(), "src/components/dialogs.css"), "utf8");

function styledButton(className: string): HTMLButtonElement {
  const style = document.createElement("style");
  style.textContent = `${appCss}\n${dialogsCss}`;
  document.head.append(style);
  const button = document.createElement("button");
  button.className = className;
  button.disabled = true;
  document.body.append(button);
  return button;
}

afterEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});

describe("app styles", () => {
  for (const className of ["", "secondary", "danger", "dialog-secondary"]) {
    it(`dims a disabled button of class "${className}"`, () => {
      const style = getComputedStyle(styledButton(className));

      expect(style.opacity).toBe("0.5");
      expect(style.cursor).toBe("not-allowed");
    });
  }

  it("leaves an enabled button clickable-looking", () => {
    const button = styledButton("dialog-secondary");
    button.disabled = false;
    const style = getComputedStyle(button);

    expect(style.cursor).toBe("pointer");
    expect(style.opacity).not.toBe("0.5");
  });
});
