// The theme follows the OS, and the smallest supported window. One window runs under GTK's light
// theme and one under its dark theme (scripts/e2e.sh starts a second tauri-driver for it). In the
// dark window, axe-core checks every screen, the wizards' first pages and the dialogs, whose
// colour contrast differs from the light theme's. Then the window shrinks to 1024×700, and
// each screen must still fit its width.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, waitForRoute } from "./demo-helpers";
import { darkDriverPort, keychainCase, openApp, saveScreenshot } from "./session";
import { click, seriousViolations, waitForPage } from "./wizard-helpers";

/** A managed demo org that starts active. */
const ORG_NAME = "Northwind People";
const MFA = "P000131";

let browser: WebdriverIO.Browser;

/** Returns whether the page reports a dark OS theme, and the page's background colour. */
async function pageTheme(session: WebdriverIO.Browser): Promise<{ dark: boolean; background: string }> {
  return session.execute(() => ({
    dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
    background: getComputedStyle(document.documentElement).backgroundColor,
  }));
}

/** Returns the relative luminance (0 black to 1 white) of a CSS `rgb()` colour. */
function luminance(color: string): number {
  const channels = (/rgba?\((\d+), (\d+), (\d+)/.exec(color) ?? []).slice(1).map(Number);
  if (channels.length !== 3) {
    throw new Error(`"${color}" is not an rgb() colour`);
  }
  const [red = 0, green = 0, blue = 0] = channels.map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

async function expectAccessible(screen: string, screenshot: string): Promise<void> {
  await saveScreenshot(browser, screenshot);
  expect(await seriousViolations(browser), `serious or critical axe-core violations on ${screen} in the dark theme`).toEqual([]);
}

async function openFromNavigation(routeName: string): Promise<void> {
  const item = await browser.$(`[data-testid="nav-${routeName}"]`);
  await item.waitForClickable({ timeout: 60_000 });
  await item.click();
  await waitForRoute(browser, routeName);
}

async function closeDialog(testId: string): Promise<void> {
  await browser.keys("Escape");
  await browser.$(`[data-testid="${testId}"]`).waitForExist({ reverse: true, timeout: 10_000, timeoutMsg: `Escape did not close ${testId}` });
}

/**
 * Returns how many pixels the page or its scrolling content area is wider than its box, or 0
 * when both fit.
 */
async function horizontalOverflow(): Promise<number> {
  return browser.execute(() => {
    const overflow = (element: Element | null) => (element ? element.scrollWidth - element.clientWidth : 0);
    return Math.max(overflow(document.documentElement), overflow(document.querySelector('[data-testid="screen"]')));
  });
}

describe.runIf(keychainCase === "available")("the light theme", () => {
  it("follows GTK's light theme", async () => {
    const light = await openApp();
    try {
      await light.$('[data-testid="screen"]').waitForExist({ timeout: 120_000 });
      const theme = await pageTheme(light);

      expect(theme.dark).toBe(false);
      expect(luminance(theme.background)).toBeGreaterThan(0.8);
    } finally {
      await light.deleteSession();
    }
  });
});

describe.runIf(keychainCase === "available" && darkDriverPort !== undefined)("the dark theme", () => {
  beforeAll(async () => {
    browser = await openApp(darkDriverPort);
  });

  afterAll(async () => {
    await browser.deleteSession();
  });

  it("follows GTK's dark theme", async () => {
    const tryDemo = await byTestId(browser, "try-demo", 120_000);
    const theme = await pageTheme(browser);

    expect(theme.dark).toBe(true);
    expect(luminance(theme.background)).toBeLessThan(0.05);
    expect(await tryDemo.isDisplayed()).toBe(true);
    await expectAccessible("the first run", "dark-first-run");
  });

  it("passes axe-core on the screens and dialogs", async () => {
    await (await byTestId(browser, "try-demo")).click();
    await waitForRoute(browser, "orgs", 120_000);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) > 5, { timeout: 60_000 });
    await expectAccessible("the orgs table", "dark-orgs");

    const search = await byTestId(browser, "orgs-search");
    await search.setValue(ORG_NAME);
    await (await browser.$(`button=${ORG_NAME}`)).click();
    await waitForRoute(browser, "org");
    await byTestId(browser, "product-checkbox");
    await expectAccessible("the org detail", "dark-org-detail");

    await (await browser.$(`[data-testid="product-checkbox"][data-product-id="${MFA}"]`)).click();
    await (await byTestId(browser, "products-save")).click();
    await byTestId(browser, "plan-enable");
    await expectAccessible("the product plan", "dark-products-plan");
    await closeDialog("plan-dialog");

    await (await byTestId(browser, "deactivate")).click();
    await byTestId(browser, "confirm-name");
    await expectAccessible("the deactivation dialog", "dark-deactivate-confirm");
    await browser.keys("Escape");

    await openFromNavigation("history");
    await expectAccessible("the history", "dark-history");

    await openFromNavigation("settings");
    await expectAccessible("the settings", "dark-settings");
    await (await byTestId(browser, "remove-profile")).click();
    await byTestId(browser, "remove-dialog");
    await expectAccessible("the remove dialog", "dark-remove-dialog");
    await closeDialog("remove-dialog");
    await (await byTestId(browser, "edit-profile")).click();
    await byTestId(browser, "edit-dialog");
    await expectAccessible("the edit dialog", "dark-edit-dialog");
    await closeDialog("edit-dialog");
  });

  it("passes axe-core on the wizards' first pages", async () => {
    await openFromNavigation("connect");
    await waitForPage(browser, "environment");
    await expectAccessible("the connect wizard", "dark-connect");
    await click(browser, "Cancel");

    await openFromNavigation("link");
    await waitForPage(browser, "org");
    await expectAccessible("the link wizard", "dark-link");
    await click(browser, "Cancel");

    await openFromNavigation("create-org");
    await waitForPage(browser, "parent");
    await (await browser.$('input[name="parent"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the create-org wizard", "dark-create-org");
    await click(browser, "Cancel");
  });

  it("fits every screen in a 1024×700 window", async () => {
    await browser.setWindowSize(1024, 700);
    const size = await browser.execute(() => [window.innerWidth, window.innerHeight]);
    expect(size[0]).toBeLessThanOrEqual(1024);

    for (const route of ["orgs", "history", "settings", "connect", "link", "create-org"]) {
      await openFromNavigation(route);
      await browser.pause(300);
      expect(await horizontalOverflow(), `the ${route} screen is wider than the window`).toBe(0);
      await saveScreenshot(browser, `small-${route}`);
      const cancel = await browser.$("button=Cancel");
      if (await cancel.isExisting()) {
        await cancel.click();
      }
    }
    await openFromNavigation("orgs");
    await (await byTestId(browser, "orgs-search")).setValue(ORG_NAME);
    await (await browser.$(`button=${ORG_NAME}`)).click();
    await waitForRoute(browser, "org");
    await byTestId(browser, "product-checkbox");
    expect(await horizontalOverflow(), "the org detail is wider than the window").toBe(0);
    await (await byTestId(browser, "products-save")).scrollIntoView();
    expect(await (await byTestId(browser, "products-save")).isDisplayed({ withinViewport: true })).toBe(true);
    await saveScreenshot(browser, "small-org-detail");
  });

  it("removes the demo profile again", async () => {
    await openFromNavigation("settings");
    await (await byTestId(browser, "remove-profile")).click();
    await (await byTestId(browser, "remove-confirm")).click();

    await waitForRoute(browser, "first-run");
  });
});
