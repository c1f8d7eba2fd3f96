// The demo path in the real window: first run, Try the demo, the orgs, one org's products and
// status, the history and its CSV export, and removing the demo profile again.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, answerSaveDialog, byTestId, waitForRoute } from "./demo-helpers";
import { keychainCase, openApp, saveScreenshot } from "./session";

/** A managed demo org that starts active without IT Products - MFA. */
const ORG_NAME = "Northwind People";
const MFA = "P000131";
/** A managed demo org that starts inactive. */
const INACTIVE_ORG = "Northwind Trial";
const SSO = "P000052";

let browser: WebdriverIO.Browser;

async function expectAccessible(screen: string): Promise<void> {
  const problems = await accessibilityProblems(browser);
  expect(problems, `serious or critical axe-core violations on ${screen}`).toEqual([]);
}

async function statusText(): Promise<string> {
  return (await byTestId(browser, "org-status")).getText();
}

/**
 * Removes a Demo profile an earlier run left in the config folder, so the run starts at the first
 * screen. Other profiles stay, and the test then fails with a request for an empty config folder.
 */
async function removeLeftoverDemoProfile(): Promise<void> {
  const screen = await browser.$('[data-testid="screen"]');
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="try-demo"]').isExisting()) || (await screen.getAttribute("data-route")) !== "first-run",
    { timeout: 120_000, timeoutMsg: "the app did not finish opening" },
  );
  if (await browser.$('[data-testid="try-demo"]').isExisting()) {
    return;
  }
  await (await byTestId(browser, "nav-settings")).click();
  await waitForRoute(browser, "settings");
  const demo = await browser.$('[data-testid="settings-profile"]*=Demo');
  if (await demo.isExisting()) {
    await (await demo.$('[data-testid="remove-profile"]')).click();
    await (await byTestId(browser, "remove-confirm")).click();
  }
  const firstRun = await browser.$('[data-testid="try-demo"]');
  await firstRun.waitForDisplayed({
    timeout: 30_000,
    timeoutMsg: "another profile is active; run the end-to-end tests with an empty XDG_CONFIG_HOME",
  });
}

describe.runIf(keychainCase === "available")("demo path", () => {
  beforeAll(async () => {
    browser = await openApp();
  });

  afterAll(async () => {
    await browser.deleteSession();
  });

  it("starts at the first run", async () => {
    await removeLeftoverDemoProfile();
    await byTestId(browser, "try-demo");
    const keychain = await browser.$('[data-testid="keychain-status"][data-state="ready"]');
    await keychain.waitForExist({ timeout: 60_000 });

    await saveScreenshot(browser, "first-run");
    await expectAccessible("the first run");
  });

  it("lists the demo orgs after Try the demo", async () => {
    await (await byTestId(browser, "try-demo")).click();

    await waitForRoute(browser, "orgs", 120_000);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) > 5, {
      timeout: 60_000,
      timeoutMsg: "the demo orgs did not appear",
    });
    expect(await (await byTestId(browser, "orgs-count")).getText()).toMatch(/^\d+ of \d+ orgs$/);
    expect(await (await byTestId(browser, "profile-switcher")).getText()).toContain("Demo");
    await saveScreenshot(browser, "orgs");
    await expectAccessible("the orgs table");
  });

  it("offers no Deactivate on the Aerial org", async () => {
    await (await byTestId(browser, "orgs-search")).setValue("Northwind Aerial");
    await (await browser.$("button=Northwind Aerial")).click();

    await waitForRoute(browser, "org");
    const reason = await byTestId(browser, "deactivate-blocked");
    expect(await reason.getText()).toContain("cannot be deactivated");
    expect(await browser.$('[data-testid="deactivate"]').isExisting()).toBe(false);
    await (await browser.$("button=← All orgs")).click();
    await waitForRoute(browser, "orgs");
  });

  it("opens an org found by search", async () => {
    await (await byTestId(browser, "orgs-search")).setValue(ORG_NAME);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) === 1, {
      timeout: 10_000,
      timeoutMsg: "the search did not narrow the table to one org",
    });

    await (await browser.$(`button=${ORG_NAME}`)).click();

    await waitForRoute(browser, "org");
    await byTestId(browser, "product-checkbox");
    expect(await (await browser.$("h1")).getText()).toContain(ORG_NAME);
    expect(await statusText()).toBe("active");
    await saveScreenshot(browser, "org-detail");
    await expectAccessible("the org detail");
  });

  it("enables a product after showing the plan", async () => {
    await (await browser.$(`[data-testid="product-checkbox"][data-product-id="${MFA}"]`)).click();
    await (await byTestId(browser, "products-save")).click();

    const enable = await byTestId(browser, "plan-enable");
    expect(await enable.getText()).toContain(MFA);
    expect(await (await byTestId(browser, "plan-keep")).getText()).toContain(SSO);
    await saveScreenshot(browser, "products-plan");
    await expectAccessible("the product plan");
    await (await byTestId(browser, "plan-apply")).click();

    const applied = await byTestId(browser, "products-applied");
    expect(await applied.getText()).toContain(MFA);
    expect(await applied.getText()).toContain(SSO);
  });

  it("deactivates with the name typed back", async () => {
    await (await byTestId(browser, "deactivate")).click();
    const confirm = await byTestId(browser, "confirm-action");
    expect(await confirm.isEnabled()).toBe(false);

    await (await byTestId(browser, "confirm-name")).setValue(ORG_NAME);
    await confirm.waitForEnabled({ timeout: 5_000 });
    await saveScreenshot(browser, "deactivate-confirm");
    await expectAccessible("the deactivation dialog");
    await confirm.click();

    await browser.waitUntil(async () => (await statusText()) === "inactive", {
      timeout: 30_000,
      timeoutMsg: "the org did not become inactive",
    });
  });

  it("reactivates the org", async () => {
    await (await byTestId(browser, "activate")).click();

    await browser.waitUntil(async () => (await statusText()) === "active", {
      timeout: 30_000,
      timeoutMsg: "the org did not become active again",
    });
  });

  it("reopens the demo with its changes after a restart", async () => {
    await browser.deleteSession();
    browser = await openApp();

    await waitForRoute(browser, "orgs", 120_000);
    await (await byTestId(browser, "orgs-search")).setValue(ORG_NAME);
    await (await browser.$(`button=${ORG_NAME}`)).click();
    await waitForRoute(browser, "org");
    const mfa = await browser.$(`[data-testid="product-checkbox"][data-product-id="${MFA}"]`);
    await mfa.waitForDisplayed({ timeout: 60_000 });

    expect(await mfa.getAttribute("aria-checked")).toBe("true");
    expect(await statusText()).toBe("active");
  });

  it("shows every change in the history", async () => {
    await (await byTestId(browser, "nav-history")).click();
    await waitForRoute(browser, "history");
    await byTestId(browser, "history-row");

    const statusChanges = await browser.$$('[data-testid="history-row"][data-action="status"][data-state="succeeded"]').length;
    const productChanges = await browser.$$('[data-testid="history-row"][data-action="products"][data-state="succeeded"]').length;
    expect(statusChanges).toBe(2);
    expect(productChanges).toBe(1);
    await saveScreenshot(browser, "history");
    await expectAccessible("the history");
  });

  it("exports the history through the save dialog", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "aerial-desk-export-")), "history.csv");

    await (await byTestId(browser, "history-export")).click();
    await answerSaveDialog("Export history as CSV", path);

    const exported = await byTestId(browser, "history-exported", 30_000);
    expect(await exported.getText()).toContain("history.csv");
    const csv = readFileSync(path, "utf8");
    expect(csv.split("\n")[0]).toContain("action");
    expect(csv).toContain("products");
    expect(csv).toContain("status");
  });

  it("requests deletion of an inactive org", async () => {
    await (await byTestId(browser, "nav-orgs")).click();
    await waitForRoute(browser, "orgs");
    await (await byTestId(browser, "orgs-search")).setValue(INACTIVE_ORG);
    await (await browser.$(`button=${INACTIVE_ORG}`)).click();
    await waitForRoute(browser, "org");
    expect(await statusText()).toBe("inactive");

    await (await byTestId(browser, "request-deletion")).click();
    await (await byTestId(browser, "confirm-name")).setValue(INACTIVE_ORG);
    const confirm = await byTestId(browser, "confirm-action");
    await confirm.waitForEnabled({ timeout: 5_000 });
    await confirm.click();

    const message = await byTestId(browser, "org-message", 30_000);
    expect(await message.getText()).toBe("Okta received the deletion request.");
  });

  it("removes the demo profile from settings", async () => {
    await (await byTestId(browser, "nav-settings")).click();
    await waitForRoute(browser, "settings");
    await saveScreenshot(browser, "settings");
    await expectAccessible("the settings");

    await (await byTestId(browser, "remove-profile")).click();
    await (await byTestId(browser, "remove-confirm")).click();

    await waitForRoute(browser, "first-run");
    await byTestId(browser, "try-demo");
  });
});
