// Settings in the real window. axe-core checks the rename, edit and remove dialogs, and each is
// saved as a screenshot. The tests turn DPoP off and on for the demo and edit a custom profile's
// service URL. They add a parent org by OAuth app and remove it with its keychain entry, read
// Copy diagnostics back from the X clipboard, and open the log folder. The run leaves the
// profile folder as it found it.

import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainablePromiseElement } from "webdriverio";
import { keychainCase, openApp, packageVersion, saveScreenshot } from "./session";
import { click, fill, registerClient, seriousViolations, type Sim, startSim, waitForPage } from "./wizard-helpers";

const BOTH_SCOPES = ["okta.accounts.read", "okta.accounts.manage"];
/** The keychain service of development builds, which the end-to-end run uses. */
const KEYCHAIN_SERVICE = "aerial-desk-dev";
const run = Date.now().toString(36);
const customName = `Settings lab ${run}`;
const renamed = `Settings renamed ${run}`;

let browser: WebdriverIO.Browser;
let sim: Sim;
/** Whether this run created the Demo profile, so it removes it again at the end. */
let createdDemo = false;

async function expectAccessible(view: string): Promise<void> {
  expect(await seriousViolations(browser), `serious or critical axe violations on ${view}`).toEqual([]);
}

async function route(): Promise<string> {
  const screen = await browser.$('[data-testid="screen"]');
  await screen.waitForExist({ timeout: 60_000 });
  return (await screen.getAttribute("data-route")) ?? "";
}

async function waitForRoute(name: string): Promise<void> {
  const screen = await browser.$(`[data-testid="screen"][data-route="${name}"]`);
  await screen.waitForExist({ timeout: 120_000, timeoutMsg: `the app did not show the ${name} screen` });
}

async function openFromNavigation(name: string): Promise<void> {
  const item = await browser.$(`[data-testid="nav-${name}"]`);
  await item.waitForClickable({ timeout: 60_000 });
  await item.click();
  await waitForRoute(name);
}

async function byTestId(testId: string, within?: ChainablePromiseElement): Promise<ChainablePromiseElement> {
  const element = within ? await within.$(`[data-testid="${testId}"]`) : await browser.$(`[data-testid="${testId}"]`);
  await element.waitForDisplayed({ timeout: 60_000, timeoutMsg: `${testId} did not appear` });
  return element;
}

/** Returns the Settings entry of the profile `name`. */
async function profileEntry(name: string): Promise<ChainablePromiseElement> {
  const entry = await browser.$(`li[data-testid="settings-profile"][data-profile="${name}"]`);
  await entry.waitForDisplayed({ timeout: 60_000, timeoutMsg: `Settings does not list ${name}` });
  return entry;
}

async function settingsMessage(): Promise<string> {
  return (await byTestId("settings-message")).getText();
}

/** Makes the demo profile the open one: "Try the demo" on the first run, else the switcher. */
async function openTheDemo(): Promise<void> {
  await browser.waitUntil(async () => (await route()) !== "" && !(await browser.$("=Opening your profile…").isExisting()), {
    timeout: 60_000,
  });
  if ((await route()) === "first-run") {
    await (await byTestId("try-demo")).click();
    await waitForRoute("orgs");
    createdDemo = true;
    return;
  }
  const switcher = await browser.$('[data-testid="profile-switcher"]');
  if ((await switcher.getText()).startsWith("Demo")) {
    return;
  }
  await switcher.click();
  await (await browser.$('[role="option"]*=Demo')).click();
  await browser.waitUntil(async () => (await switcher.getText()).startsWith("Demo"), { timeout: 120_000 });
}

/** Connects a custom profile to the standalone okta-sim through the connect wizard. */
async function connectCustomProfile(): Promise<void> {
  await openFromNavigation("connect");
  await waitForPage(browser, "environment");
  await (await browser.$('input[name="environment"][value="custom"]')).click();
  await fill(browser, "#profile-name", customName);
  await click(browser, "Next");

  await waitForPage(browser, "account");
  await fill(browser, "#service-url", sim.url("aerial.sim.localhost"));
  await fill(browser, "#aerial-org", sim.url(sim.aerialOrgHost));
  await fill(browser, "#account-id", sim.accountId);
  await click(browser, "Next");

  await waitForPage(browser, "key");
  await click(browser, "Generate the key");
  await (await browser.$('[data-testid="key-ready"]')).waitForDisplayed({ timeout: 60_000 });
  await click(browser, "Next");

  await waitForPage(browser, "register");
  const jwk = JSON.parse(await (await browser.$('[data-testid="public-jwk"]')).getText()) as Record<string, unknown>;
  const clientId = `0oaSET${run}`;
  await registerClient(sim, clientId, jwk, BOTH_SCOPES);
  await fill(browser, "#client-id", clientId);
  await click(browser, "Next");

  await waitForPage(browser, "test");
  await click(browser, "Test connection");
  await (await browser.$('[data-testid="connection-ok"]')).waitForDisplayed({ timeout: 60_000 });
  await click(browser, "Save the profile");
  await waitForRoute("orgs");
}

/** Reads the X clipboard with xclip or xsel, or through GTK where neither is installed. */
function readClipboard(): string {
  const readers: [string, string[]][] = [
    ["xclip", ["-o", "-selection", "clipboard"]],
    ["xsel", ["--clipboard", "--output"]],
    [
      "/usr/bin/python3",
      [
        "-c",
        "import gi; gi.require_version('Gtk', '3.0'); from gi.repository import Gtk, Gdk; " +
          "print(Gtk.Clipboard.get(Gdk.SELECTION_CLIPBOARD).wait_for_text() or '', end='')",
      ],
    ],
  ];
  const failures: string[] = [];
  for (const [command, args] of readers) {
    try {
      return execFileSync(command, args, { encoding: "utf8", timeout: 10_000 });
    } catch (error) {
      failures.push(`${command}: ${String(error)}`);
    }
  }
  throw new Error(`the clipboard could not be read: ${failures.join("; ")}`);
}

/** Reports whether the test keychain has the entry `name` of the app's development service. */
function keychainHas(name: string): boolean {
  try {
    execFileSync("secret-tool", ["lookup", "service", KEYCHAIN_SERVICE, "username", name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pastes `text` into the field at `selector`. WebKitWebDriver drops the line breaks of typed
 * text, and a PEM key needs them, so the value is set as a paste sets it. */
async function paste(selector: string, text: string): Promise<void> {
  await (await browser.$(selector)).waitForDisplayed({ timeout: 30_000 });
  await browser.execute(
    (target: string, value: string) => {
      const field = document.querySelector<HTMLTextAreaElement>(target);
      if (!field) throw new Error(`${target} is missing`);
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    text,
  );
}

/** Returns an unencrypted EC P-256 private key as PKCS#8 PEM, as an admin pastes it. */
function newPemKey(): string {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return privateKey;
}

/** Opens the edit dialog of `name` and returns its DPoP switch. */
async function openEdit(name: string): Promise<ChainablePromiseElement> {
  await (await (await profileEntry(name)).$('[data-testid="edit-profile"]')).click();
  return byTestId("edit-dpop");
}

async function saveEdit(name: string): Promise<void> {
  await (await byTestId("edit-save")).click();
  await browser.waitUntil(async () => (await settingsMessage()) === `Saved the changes to ${name}.`, {
    timeout: 120_000,
    timeoutMsg: `the changes to ${name} were not saved`,
  });
}

describe.runIf(keychainCase === "available")("Settings", () => {
  beforeAll(async () => {
    browser = await openApp();
    sim = await startSim();
  });

  afterAll(async () => {
    sim.stop();
    await browser.deleteSession();
  });

  it("lists the demo's managed parent org", async () => {
    await openTheDemo();
    await openFromNavigation("settings");

    const demo = await profileEntry("Demo");
    const managed = await byTestId("parent-managed", demo);
    expect(await managed.getText()).toContain("The demo manages this org");
    // Earlier end-to-end files may have added other parent orgs, which keep their Remove.
    const parents = await demo.$$('[data-testid="parent-org"]');
    for (const parent of parents) {
      const isManaged = await parent.$('[data-testid="parent-managed"]').isExisting();
      const address = (await parent.getAttribute("data-address")) ?? "";
      expect(await parent.$('[data-testid="parent-remove"]').isExisting(), `Remove offered for ${address}`).toBe(!isManaged);
    }
    expect(await (await demo.$('[data-testid="rename-profile"]')).isExisting(), "the demo profile keeps its name").toBe(false);
    await expectAccessible("the Settings screen");
    await saveScreenshot(browser, "settings-profiles");
  });

  it("turns DPoP on and off for the demo", async () => {
    const dpop = await openEdit("Demo");
    expect(await dpop.getAttribute("aria-checked")).toBe("false");
    await expectAccessible("the edit dialog");
    await saveScreenshot(browser, "settings-edit");
    await dpop.click();
    expect(await dpop.getAttribute("aria-checked")).toBe("true");
    await saveEdit("Demo");

    // okta-sim issues a DPoP-bound token to a client that does not require DPoP when the token
    // request carries a proof, so the demo keeps working with DPoP on.
    await openFromNavigation("orgs");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) > 0, {
      timeout: 60_000,
      timeoutMsg: "the orgs list did not load with DPoP on",
    });
    expect(await browser.$('[data-testid="error-notice"]').isExisting()).toBe(false);

    await openFromNavigation("settings");
    const again = await openEdit("Demo");
    expect(await again.getAttribute("aria-checked"), "DPoP stayed on after the save").toBe("true");
    await again.click();
    await saveEdit("Demo");
    const afterwards = await openEdit("Demo");
    expect(await afterwards.getAttribute("aria-checked")).toBe("false");
    await (await browser.$("button=Cancel")).click();
  });

  it("adds a parent org by OAuth app and removes it", async () => {
    const demo = await profileEntry("Demo");
    const managedAddress = (await (await demo.$('[data-testid="parent-org"]*=The demo manages')).getAttribute("data-address")) ?? "";
    const address = managedAddress.replace("northwind-eu", `settings-${run}`);
    expect(address).not.toBe(managedAddress);
    const clientId = `0oaPARENT${run}`;

    await (await byTestId("parent-add", demo)).click();
    await fill(browser, '[data-testid="parent-address"]', address);
    await (await byTestId("parent-kind-oauth")).click();
    await fill(browser, '[data-testid="parent-client-id"]', clientId);
    await paste('[data-testid="parent-pem"]', newPemKey());
    await expectAccessible("the add parent org dialog");
    await saveScreenshot(browser, "settings-add-parent");
    await (await byTestId("parent-add-confirm")).click();

    const added = await browser.$(`[data-testid="parent-org"][data-address="${address}"]`);
    await added.waitForDisplayed({ timeout: 120_000, timeoutMsg: "the added parent org is not listed" });
    expect(await (await added.$('[data-testid="parent-credential"]')).getText()).toBe(`OAuth app ${clientId}`);
    const authority = address.replace(/^https?:\/\//, "");
    const keyEntry = `profile/demo/parent/${authority}/private-key`;
    expect(keychainHas(keyEntry), `${keyEntry} is in the keychain`).toBe(true);

    await (await added.$('[data-testid="parent-remove"]')).click();
    const dialog = await byTestId("parent-remove-dialog");
    expect(await dialog.getText()).toContain("private key is deleted from the keychain");
    await expectAccessible("the remove parent org dialog");
    await saveScreenshot(browser, "settings-remove-parent");
    await (await byTestId("parent-remove-confirm")).click();

    await added.waitForExist({ reverse: true, timeout: 120_000, timeoutMsg: "the parent org was not removed" });
    expect(keychainHas(keyEntry), `${keyEntry} is deleted from the keychain`).toBe(false);
  });

  it("renames a custom profile and edits its service", async () => {
    await connectCustomProfile();
    await openFromNavigation("settings");

    await (await (await profileEntry(customName)).$('[data-testid="rename-profile"]')).click();
    await byTestId("rename-dialog");
    await fill(browser, '[data-testid="rename-name"]', renamed);
    await expectAccessible("the rename dialog");
    await saveScreenshot(browser, "settings-rename");
    await (await byTestId("rename-confirm")).click();
    await browser.waitUntil(async () => (await settingsMessage()) === `Renamed ${customName} to ${renamed}.`, { timeout: 120_000 });

    await (await (await profileEntry(renamed)).$('[data-testid="rename-profile"]')).click();
    await fill(browser, '[data-testid="rename-name"]', customName);
    await (await byTestId("rename-confirm")).click();
    await browser.waitUntil(async () => (await settingsMessage()) === `Renamed ${renamed} to ${customName}.`, { timeout: 120_000 });

    await openEdit(customName);
    const service = await byTestId("edit-serviceUrl");
    expect(await service.getValue()).toBe(sim.url("aerial.sim.localhost"));
    await fill(browser, '[data-testid="edit-serviceUrl"]', `${sim.url("aerial.sim.localhost")}/api`);
    await (await byTestId("edit-save")).click();
    const problem = await byTestId("error-notice", await byTestId("edit-dialog"));
    expect(await problem.getText()).toContain("The profile was not saved");
    await expectAccessible("the edit dialog of a custom profile with a problem");
    await saveScreenshot(browser, "settings-edit-custom");
    await (await browser.$("button=Cancel")).click();
  });

  it("keeps a parent org only with a token Okta accepts", async () => {
    const entry = await profileEntry(customName);
    const parentHost = "northwind-eu.sim.localhost";
    const address = sim.url(parentHost);
    const tokenEntry = `profile/${customName.toLowerCase()}/parent/${address.replace("http://", "")}/api-token`;

    await (await byTestId("parent-add", entry)).click();
    await fill(browser, '[data-testid="parent-address"]', address);
    await fill(browser, '[data-testid="parent-token"]', "00not-a-token-okta-issued");
    await (await byTestId("parent-add-confirm")).click();
    const problem = await byTestId("error-notice", await byTestId("parent-add-dialog"));
    expect(await problem.getText()).toContain("The parent org was not added");
    expect(await entry.$(`[data-testid="parent-org"][data-address="${address}"]`).isExisting(), "a rejected parent org is not listed").toBe(false);
    expect(keychainHas(tokenEntry), "a rejected token leaves the keychain").toBe(false);

    await fill(browser, '[data-testid="parent-token"]', sim.apiToken(parentHost));
    await (await byTestId("parent-add-confirm")).click();
    const added = await entry.$(`[data-testid="parent-org"][data-address="${address}"]`);
    await added.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the accepted parent org is not listed" });
    expect(await (await added.$('[data-testid="parent-credential"]')).getText()).toBe("API token");
    expect(keychainHas(tokenEntry), "the accepted token is in the keychain").toBe(true);
  });

  it("removes the custom profile after confirmation", async () => {
    // Switching to the demo first keeps a profile open, so Settings stays on screen.
    await (await (await profileEntry("Demo")).$("button=Switch to")).click();
    const switcher = await browser.$('[data-testid="profile-switcher"]');
    await browser.waitUntil(async () => (await switcher.getText()).startsWith("Demo"), { timeout: 120_000 });
    await openFromNavigation("settings");

    await (await (await profileEntry(customName)).$('[data-testid="remove-profile"]')).click();
    const dialog = await byTestId("remove-dialog");
    expect(await dialog.getText()).toContain("keychain entries");
    await expectAccessible("the remove dialog");
    await saveScreenshot(browser, "settings-remove");
    await (await byTestId("remove-confirm")).click();

    const entry = await browser.$(`li[data-testid="settings-profile"][data-profile="${customName}"]`);
    await entry.waitForExist({ reverse: true, timeout: 60_000, timeoutMsg: `${customName} was not removed` });
    const keyPrefix = `profile/${customName.toLowerCase()}`;
    expect(keychainHas(`${keyPrefix}/private-key`)).toBe(false);
    expect(keychainHas(`${keyPrefix}/parent/${sim.url("northwind-eu.sim.localhost").replace("http://", "")}/api-token`)).toBe(false);
  });

  it("copies diagnostics without secrets", async () => {
    await (await byTestId("copy-diagnostics")).click();

    const displayed = await (await byTestId("diagnostics-text")).getText();
    expect(await settingsMessage()).toBe("Diagnostics copied. Paste them into your message to support.");
    const copied = readClipboard();
    expect(copied.trim()).toBe(displayed.trim());
    expect(copied).toContain(`Aerial Desk ${packageVersion()}`);
    expect(copied).not.toMatch(/-----BEGIN/);
    expect(copied).not.toMatch(/\b0oa[A-Za-z0-9]{6,}/);
    expect(copied).not.toMatch(/\b00[A-Za-z0-9_-]{30,}/);
    expect(copied).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it("opens the log folder or says why not", async () => {
    await (await browser.$("button=Open the log folder")).click();
    await browser.pause(2_000);

    const notice = await browser.$('[data-testid="error-notice"]');
    if (await notice.isExisting()) {
      // Xvfb runs no desktop, so the file manager may be missing.
      const text = await notice.getText();
      expect(text).toMatch(/The log folder .+ could not be opened\./);
      expect(text).toContain("Open the folder in your file manager yourself.");
      await saveScreenshot(browser, "settings-log-folder-problem");
    }
  });

  it("leaves the profile folder as it found it", async () => {
    if (createdDemo) {
      await (await (await profileEntry("Demo")).$('[data-testid="remove-profile"]')).click();
      await (await byTestId("remove-confirm")).click();
      await byTestId("try-demo");
    }

    const profiles = await browser.$$('li[data-testid="settings-profile"]');
    for (const profile of profiles) {
      expect(await profile.getText()).not.toContain(run);
    }
  });
});
