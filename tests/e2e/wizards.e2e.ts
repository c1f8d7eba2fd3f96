// The connect, link and create-org wizards in the real window: the demo's link by domain and org
// creation, a real-account connection against a standalone okta-sim with a key imported through
// the file dialog, and the connection test's diagnoses. axe-core checks every page.

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

async function route(): Promise<string> {
  const screen = await browser.$('[data-testid="screen"]');
  await screen.waitForExist({ timeout: 60_000 });
  return (await screen.getAttribute("data-route")) ?? "";
}

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

/** Makes the demo profile the open one: "Try the demo" on the first run, else the switcher. */
async function openTheDemo(): Promise<void> {
  await browser.waitUntil(async () => (await route()) !== "" && (await browser.$("=Opening your profile…").isExisting()) === false, {
    timeout: 60_000,
  });
  if ((await route()) === "first-run") {
    await (await browser.$('[data-testid="try-demo"]')).click();
    await waitForRoute("orgs");
    return;
  }
  const switcher = await browser.$('[data-testid="profile-switcher"]');
  if ((await switcher.getText()).startsWith("Demo")) {
    return;
  }
  // NOTE: the app offers "Try the demo" only on the first run, so a profile folder that has
  // profiles but no Demo profile cannot reach the demo from here.
  await switcher.click();
  await (await browser.$('[role="option"]*=Demo')).click();
  await browser.waitUntil(async () => (await switcher.getText()).startsWith("Demo"), { timeout: 120_000 });
}

beforeAll(async () => {
  browser = await openApp();
});

afterAll(async () => {
  await browser.deleteSession();
});

describe.runIf(keychainCase === "available")("wizards in the demo", () => {
  it("links an org by domain", async () => {
    await openTheDemo();
    await openFromNavigation("link");

    await waitForPage(browser, "org");
    await fill(browser, "#link-domain", "northwind-labs.sim.localhost");
    await fill(browser, "#link-cell", "ok1");
    await expectAccessible("the link wizard's org page");
    await saveScreenshot(browser, "link-org");
    await click(browser, "Next");

    await waitForPage(browser, "consent");
    await (await browser.$('[data-testid="consent-check"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the link wizard's consent page");
    await click(browser, "Next");

    await waitForPage(browser, "confirm");
    expect(await (await browser.$('[data-testid="link-warning"]')).getText()).toContain("cannot be undone");
    await (await browser.$('input[type="checkbox"]')).click();
    await expectAccessible("the link wizard's confirmation");
    await saveScreenshot(browser, "link-confirm");
    await click(browser, "Link the org");

    await waitForPage(browser, "result");
    expect(await (await browser.$('[data-testid="link-result"]')).getText()).toContain("is linked");
    await expectAccessible("the link wizard's result");
    await saveScreenshot(browser, "link-result");
    await click(browser, "Show it in the orgs list");
    await waitForRoute("orgs");
    await fill(browser, '[data-testid="orgs-search"]', "northwind-labs");
    const row = await browser.$('[data-testid="org-row"][data-org-id="00onwlabs00000000010"]');
    await row.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the linked org is not in the orgs list" });
  });

  it("creates an org, shows its token once, links and configures it", async () => {
    await openFromNavigation("create-org");

    await waitForPage(browser, "parent");
    await (await browser.$('input[name="parent"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the create-org wizard's parent page");
    await click(browser, "Next");

    await waitForPage(browser, "org");
    const subdomain = `northwind-e2e-${run}`;
    await fill(browser, "#subdomain", "north.wind");
    await (await browser.$("#org-name")).click();
    const subdomainProblem = await browser.$("#subdomain-problem");
    await browser.waitUntil(async () => (await subdomainProblem.getText()).includes("'.'"), {
      timeout: 30_000,
      timeoutMsg: "the subdomain's problem was not shown as typed",
    });
    await fill(browser, "#subdomain", subdomain);
    await fill(browser, "#org-name", "Northwind E2E");
    await fill(browser, "#admin-first", "Ada");
    await fill(browser, "#admin-last", "Lovelace");
    await fill(browser, "#admin-email", "ada@example.com");
    await (await browser.$('[data-testid="new-domain"]')).waitForDisplayed({ timeout: 30_000 });
    await expectAccessible("the create-org wizard's new org page");
    await saveScreenshot(browser, "create-org-details");
    await click(browser, "Next");

    await waitForPage(browser, "create");
    await expectAccessible("the create-org wizard's summary");
    await click(browser, "Create the org");

    await waitForPage(browser, "token");
    const token = await (await browser.$('[data-testid="api-token"]')).getText();
    expect(token.length).toBeGreaterThan(10);
    await expectAccessible("the create-org wizard's token page");
    await click(browser, "I have what I need — continue");
    expect(await browser.$('[data-testid="api-token"]').isExisting()).toBe(false);
    expect(await browser.execute("return document.body.innerText")).not.toContain(token);

    await waitForPage(browser, "next");
    await expectAccessible("the create-org wizard's last page");
    await fill(browser, "#new-cell", "ok1");
    await (await browser.$('section[aria-labelledby="link-new"] input[type="checkbox"]')).click();
    await click(browser, "Link the org");
    await (await browser.$('[data-testid="new-org-linked"]')).waitForDisplayed({ timeout: 60_000 });
    await click(browser, "Create the groups and the app");
    await (await browser.$('[data-testid="starter-done"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the create-org wizard after linking and configuring");
    await saveScreenshot(browser, "create-org-done");
    await click(browser, "Done");
    await waitForRoute("orgs");
  });
});

describe.runIf(keychainCase === "available")("connect wizard in the demo", () => {
  it("registers the app through the demo and passes the test", async () => {
    await openFromNavigation("connect");
    await waitForPage(browser, "environment");
    await (await browser.$('input[name="environment"][value="demo"]')).click();
    await fill(browser, "#profile-name", `Demo practice ${run}`);
    await click(browser, "Next");

    await waitForPage(browser, "account");
    expect(await (await browser.$("#account-id")).getValue()).not.toBe("");
    await click(browser, "Next");

    await waitForPage(browser, "key");
    await click(browser, "Generate the key");
    await (await browser.$('[data-testid="key-ready"]')).waitForDisplayed({ timeout: 60_000 });
    await click(browser, "Next");

    await waitForPage(browser, "register");
    await click(browser, "Register the app in the demo");
    await (await browser.$('[data-testid="demo-registered"]')).waitForDisplayed({ timeout: 60_000 });
    expect(await (await browser.$("#client-id")).getValue()).toMatch(/^0oa/);
    await expectAccessible("the connect wizard's Admin Console page in the demo");
    await saveScreenshot(browser, "connect-demo-registered");
    await click(browser, "Next");

    await waitForPage(browser, "test");
    await click(browser, "Test connection");
    await (await browser.$('[data-testid="connection-ok"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the connect wizard's passed test in the demo");
    await click(browser, "Finish");
  });
});

describe.runIf(keychainCase === "available")("connect wizard with a real account", () => {
  let sim: Sim;
  let pemPath: string;

  beforeAll(async () => {
    sim = await startSim();
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
