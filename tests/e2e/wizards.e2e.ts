// The connect wizard with a real account in the real window: a standalone okta-sim, a key imported
// through the file dialog, a saved profile, and the connection test's diagnoses. axe-core checks
// every page. The demo's wizards run in demo.e2e.ts, on the demo path.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keychainCase, openApp, saveScreenshot } from "./session";
import {
  answerFileDialog,
  answerSaveDialog,
  click,
  fill,
  registerClient,
  seriousViolations,
  type Sim,
  startSim,
  waitForPage,
  writeEncryptedPemKey,
} from "./wizard-helpers";

const BOTH_SCOPES = ["okta.accounts.read", "okta.accounts.manage"];
const PASSPHRASE = "correct horse battery staple";
const run = Date.now().toString(36);

let browser: WebdriverIO.Browser;

async function waitForRoute(name: string): Promise<void> {
  const screen = await browser.$(`[data-testid="screen"][data-route="${name}"]`);
  await screen.waitForExist({ timeout: 120_000, timeoutMsg: `the app did not show the ${name} screen` });
}

async function expectAccessible(page: string): Promise<void> {
  expect(await seriousViolations(browser), `serious or critical axe violations on ${page}`).toEqual([]);
}

/** Opens the wizard from the left navigation. */
async function openFromNavigation(routeName: string): Promise<void> {
  const item = await browser.$(`[data-testid="nav-${routeName}"]`);
  await item.waitForClickable({ timeout: 60_000 });
  await item.click();
}

/** Removes the profile `name` through Settings, as an admin would. */
async function removeProfile(name: string): Promise<void> {
  await openFromNavigation("settings");
  const entry = await browser.$(`li[data-testid="settings-profile"]*=${name}`);
  if (!(await entry.isExisting())) {
    return;
  }
  await (await entry.$('[data-testid="remove-profile"]')).click();
  await click(browser, "Remove");
  await entry.waitForExist({ reverse: true, timeout: 60_000, timeoutMsg: `the profile ${name} was not removed` });
}

beforeAll(async () => {
  browser = await openApp();
});

afterAll(async () => {
  await browser.deleteSession();
});

describe.runIf(keychainCase === "available")("connect wizard with a real account", () => {
  let sim: Sim;
  let pemPath: string;

  beforeAll(async () => {
    // New orgs respond only after 8 s, so the create-org wizard's wait page stays long enough to
    // be checked.
    sim = await startSim(["--org-ready-delay", "8"]);
    pemPath = join(mkdtempSync(join(tmpdir(), "aerial-desk-e2e-")), "aerial-desk-key.pem");
    writeEncryptedPemKey(pemPath, PASSPHRASE);
  });

  afterAll(async () => {
    sim.stop();
    // Removing the saved profile through Settings leaves the profile folder as the run found it.
    await removeProfile(`Sim ${run}`);
  });

  async function startWizard(profileName: string): Promise<void> {
    await openFromNavigation("connect");
    await waitForPage(browser, "environment");
    await (await browser.$('input[name="environment"][value="custom"]')).click();
    await fill(browser, "#profile-name", profileName);
    await expectAccessible("the connect wizard's environment page");
    await click(browser, "Next");

    await waitForPage(browser, "account");
    await fill(browser, "#service-url", sim.url("aerial.sim.localhost"));
    await fill(browser, "#aerial-org", "https://acme.okta.com/admin");
    await (await browser.$("#account-id")).click();
    const orgProblem = await browser.$("#aerial-org-problem");
    await browser.waitUntil(async () => (await orgProblem.getText()).includes("remove the path"), {
      timeout: 30_000,
      timeoutMsg: "the org URL's problem was not shown as typed",
    });
    await fill(browser, "#aerial-org", sim.url(sim.aerialOrgHost));
    await fill(browser, "#account-id", sim.accountId);
    await expectAccessible("the connect wizard's account page");
    await click(browser, "Next");
    await waitForPage(browser, "key");
  }

  async function publicJwk(): Promise<Record<string, unknown>> {
    const text = await (await browser.$('[data-testid="public-jwk"]')).getText();
    return JSON.parse(text) as Record<string, unknown>;
  }

  async function testWithClient(clientId: string): Promise<void> {
    await fill(browser, "#client-id", clientId);
    await click(browser, "Next");
    await waitForPage(browser, "test");
    await click(browser, (await browser.$("button=Test again").isExisting()) ? "Test again" : "Test connection");
    await (await browser.$('[data-testid="connection-checklist"]')).waitForDisplayed({ timeout: 60_000 });
  }

  async function stepState(step: string): Promise<string> {
    return (await (await browser.$(`[data-testid="connection-checklist"] li[data-step="${step}"]`)).getAttribute("data-state")) ?? "";
  }

  it("imports an encrypted key file and saves a working profile", async () => {
    await startWizard(`Sim ${run}`);

    await (await browser.$('input[name="key-mode"][value="file"]')).click();
    await expectAccessible("the connect wizard's key page");
    await click(browser, "Choose a key file…");
    await answerFileDialog("Choose the private key file", pemPath);
    await fill(browser, "#file-passphrase", "not the passphrase");
    await click(browser, "Unlock the key");
    const wrong = await browser.$('[data-testid="wizard-problem"]');
    await wrong.waitForDisplayed({ timeout: 60_000 });
    expect(await wrong.getAttribute("data-code")).toBe("key_wrong_passphrase");
    await fill(browser, "#file-passphrase", PASSPHRASE);
    await expectAccessible("the connect wizard's passphrase prompt");
    await click(browser, "Unlock the key");
    await (await browser.$('[data-testid="key-ready"]')).waitForDisplayed({ timeout: 60_000 });
    await saveScreenshot(browser, "connect-key");
    await click(browser, "Next");

    await waitForPage(browser, "register");
    const savedPath = join(dirname(pemPath), "public-jwks.json");
    await click(browser, "Save as…");
    await answerSaveDialog("Save the public key", savedPath);
    await (await browser.$("p=Saved as public-jwks.json.")).waitForDisplayed({ timeout: 30_000 });
    const saved = JSON.parse(readFileSync(savedPath, "utf8")) as { keys: { kid: string; d?: string }[] };
    expect(saved.keys).toHaveLength(1);
    expect(saved.keys[0]?.kid).toBe((await publicJwk()).kid);
    expect(saved.keys[0]?.d, "the saved file holds no private member").toBeUndefined();
    const clientId = `0oaE2E${run}`;
    await registerClient(sim, clientId, await publicJwk(), BOTH_SCOPES);
    await fill(browser, "#client-id", clientId);
    await expectAccessible("the connect wizard's Admin Console page");
    await saveScreenshot(browser, "connect-admin-console");
    await click(browser, "Next");

    await waitForPage(browser, "test");
    await click(browser, "Test connection");
    await (await browser.$('[data-testid="connection-ok"]')).waitForDisplayed({ timeout: 60_000 });
    for (const step of ["reachOrg", "getToken", "scopes", "readAccount", "clock"]) {
      expect(await stepState(step), step).toBe("passed");
    }
    await expectAccessible("the connect wizard's passed test");
    await saveScreenshot(browser, "connect-test-passed");
    await click(browser, "Save the profile");
    await waitForRoute("orgs");
    expect(await (await browser.$('[data-testid="profile-switcher"]')).getText()).toContain(`Sim ${run}`);
  });

  it("cancels a slow orgs load and loads again", async () => {
    await sim.control("POST", "/faults", { host: "aerial.sim.localhost", method: "GET", path: "*/api/v1/orgs", kind: "latency", delayMs: 20_000, count: 1 });
    await openFromNavigation("history");
    await openFromNavigation("orgs");
    const loading = await browser.$('[data-testid="orgs-loading"]');
    await loading.waitForDisplayed({ timeout: 30_000, timeoutMsg: "the slow load showed no progress" });
    await expectAccessible("the orgs screen while loading");
    await (await loading.$("button=Cancel")).click();

    const cancelled = await browser.$('[data-testid="orgs-cancelled"]');
    await cancelled.waitForDisplayed({ timeout: 10_000, timeoutMsg: "Cancel did not stop the load" });
    await sim.control("DELETE", "/faults");
    await click(browser, "Load the orgs");
    await (await browser.$('[data-testid="org-row"]')).waitForDisplayed({ timeout: 60_000 });
  });

  it("adds a parent org and creates an org through a lost answer", async () => {
    const parentHost = "northwind-eu.sim.localhost";
    await openFromNavigation("create-org");
    await waitForPage(browser, "parent");
    await fill(browser, "#parent-domain", sim.url(parentHost));
    await fill(browser, "#parent-token", "00not-a-token-okta-issued");
    await expectAccessible("the create-org wizard's new parent form");
    await click(browser, "Add the parent org");
    const rejected = await browser.$('[data-testid="wizard-problem"]');
    await rejected.waitForDisplayed({ timeout: 60_000, timeoutMsg: "a rejected API token was not reported" });
    expect(await browser.$('input[name="parent"]').isExisting(), "a rejected parent org is not listed").toBe(false);

    await fill(browser, "#parent-token", sim.apiToken(parentHost));
    await click(browser, "Add the parent org");
    const listed = await browser.$('input[name="parent"]');
    await listed.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the added parent org is not listed" });
    await click(browser, "Next");

    await waitForPage(browser, "org");
    const subdomain = `northwind-lost-${run}`;
    await fill(browser, "#subdomain", subdomain);
    await fill(browser, "#org-name", "Northwind Lost Answer");
    await fill(browser, "#admin-first", "Grace");
    await fill(browser, "#admin-last", "Hopper");
    await fill(browser, "#admin-email", "grace@example.com");
    await (await browser.$('[data-testid="new-domain"]')).waitForDisplayed({ timeout: 30_000 });
    await click(browser, "Next");

    await waitForPage(browser, "create");
    // The response to the creation is lost and the new org's address fails too. Aerial Desk then
    // cannot tell whether the org was created, so it sends nothing more.
    await sim.control("POST", "/faults", { host: parentHost, method: "POST", path: "/api/v1/orgs", kind: "drop", count: 1 });
    const newHost = `${subdomain}.sim.localhost`;
    await sim.control("POST", "/faults", { host: newHost, path: "/.well-known/*", kind: "status500", count: 100 });
    await click(browser, "Create the org");
    await (await browser.$('[data-testid="outcome-unknown"]')).waitForDisplayed({ timeout: 60_000 });
    await sim.control("DELETE", "/faults");
    await expectAccessible("the create-org wizard after a lost answer");
    await saveScreenshot(browser, "create-org-outcome-unknown");
    await click(browser, "Look the org up");
    const lookup = await browser.$('[data-testid="lookup-result"]');
    await lookup.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the lookup showed no result" });
    // Okta may still be creating the org, so a missing org stays unknown for a while.
    expect(await lookup.getText()).toContain("does not show the change yet");
    expect(await (await browser.$("button=Create the org")).isEnabled()).toBe(false);

    await click(browser, "Back");
    await waitForPage(browser, "org");
    await fill(browser, "#subdomain", `${subdomain}-again`);
    await click(browser, "Next");
    await waitForPage(browser, "create");
    await click(browser, "Create the org");
    await waitForPage(browser, "token");
    await click(browser, "I have what I need — continue");
    await waitForPage(browser, "wait");
    await (await browser.$("progress")).waitForDisplayed({ timeout: 10_000 });
    await expectAccessible("the create-org wizard's wait page");
    await saveScreenshot(browser, "create-org-wait");
    await waitForPage(browser, "next");
    await click(browser, "Done");
  });

  it("diagnoses an unregistered key, a missing scope and a far-off clock", async () => {
    await startWizard(`Sim diagnosis ${run}`);
    await click(browser, "Generate the key");
    await (await browser.$('[data-testid="key-ready"]')).waitForDisplayed({ timeout: 60_000 });
    await click(browser, "Next");
    await waitForPage(browser, "register");
    const jwk = await publicJwk();

    const unknownKey = `0oaNOKEY${run}`;
    await registerClient(sim, unknownKey, { ...jwk, kid: "a-key-the-app-does-not-hold" }, BOTH_SCOPES);
    await testWithClient(unknownKey);
    expect(await stepState("getToken")).toBe("failed");
    const problem = await browser.$('[data-testid="wizard-problem"]');
    expect(await problem.getAttribute("data-code")).toMatch(/key/);
    await (await problem.$("summary")).click();
    await expectAccessible("the connect wizard's diagnosis of an unregistered key");
    await saveScreenshot(browser, "connect-diagnosis-key-not-registered");

    await click(browser, "Back");
    await waitForPage(browser, "register");
    const readOnly = `0oaREAD${run}`;
    await registerClient(sim, readOnly, jwk, ["okta.accounts.read"]);
    await testWithClient(readOnly);
    expect(await stepState("getToken")).toBe("passed");
    expect(await stepState("scopes")).toBe("failed");
    expect(await (await browser.$('[data-testid="wizard-problem"]')).getAttribute("data-code")).toBe("scope_not_granted");
    await saveScreenshot(browser, "connect-diagnosis-scope-not-granted");

    await click(browser, "Back");
    await waitForPage(browser, "register");
    const clockClient = `0oaCLOCK${run}`;
    await registerClient(sim, clockClient, jwk, BOTH_SCOPES);
    await sim.control("PUT", "/clock", { offsetSeconds: 3600 });
    try {
      await testWithClient(clockClient);
      expect(await stepState("clock")).toBe("failed");
      expect(await (await browser.$('[data-testid="wizard-problem"]')).getAttribute("data-code")).toMatch(/^clock_/);
      await expectAccessible("the connect wizard's diagnosis of a far-off clock");
      await saveScreenshot(browser, "connect-diagnosis-clock");
    } finally {
      await sim.control("PUT", "/clock", { offsetSeconds: 0 });
    }
    await click(browser, "Cancel");
  });
});
