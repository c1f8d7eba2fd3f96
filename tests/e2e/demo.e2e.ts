// The whole demo path in the real window, in the order a new admin takes it. It starts at the
// first run and Try the demo, then connects a profile with the connect wizard. With that profile
// it links an org by domain, grants another org's consent and links it, enables a product,
// deactivates and reactivates an org, and creates an org. The history must list every change, and its CSV export too. A restart, a deletion request
// and removing both profiles end the run. axe-core checks every screen and dialog on the way.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, waitForRoute } from "./demo-helpers";
import { keychainCase, openApp, saveScreenshot } from "./session";
import { answerSaveDialog, click, fill, seriousViolations, waitForPage } from "./wizard-helpers";

/** The profile the connect wizard saves in the demo. */
const PRACTICE = "Demo practice";
/** A managed demo org that starts active without IT Products - MFA. */
const ORG_NAME = "Northwind People";
const MFA = "P000131";
const SSO = "P000052";
/** A demo org that is not linked yet, and its ID once linked. */
const UNLINKED_DOMAIN = "northwind-labs.sim.localhost";
const UNLINKED_ID = "00onwlabs00000000010";
/** A demo org that is not linked and has not granted Aerial consent. */
const NO_CONSENT_DOMAIN = "northwind-partners.sim.localhost";
/** A managed demo org that starts inactive. */
const INACTIVE_ORG = "Northwind Trial";
const NEW_ORG_NAME = "Northwind E2E";

let browser: WebdriverIO.Browser;
/** The ID of ORG_NAME, read from the orgs table. */
let orgId = "";
/** The domain of the org the create-org wizard made. */
let newOrgDomain = "";

async function expectAccessible(screen: string): Promise<void> {
  expect(await seriousViolations(browser), `serious or critical axe-core violations on ${screen}`).toEqual([]);
}

async function statusText(): Promise<string> {
  return (await byTestId(browser, "org-status")).getText();
}

async function openFromNavigation(routeName: string): Promise<void> {
  const item = await browser.$(`[data-testid="nav-${routeName}"]`);
  await item.waitForClickable({ timeout: 60_000 });
  await item.click();
  await waitForRoute(browser, routeName);
}

/** Opens the org named `name` from the orgs table through the search box. */
async function openOrg(name: string): Promise<void> {
  await openFromNavigation("orgs");
  await fill(browser, '[data-testid="orgs-search"]', name);
  const link = await browser.$(`button=${name}`);
  await link.waitForClickable({ timeout: 60_000, timeoutMsg: `${name} is not in the orgs table` });
  await link.click();
  await waitForRoute(browser, "org");
}

/** Removes the profile `name` through Settings, confirming the dialog. */
async function removeProfile(name: string): Promise<void> {
  await openFromNavigation("settings");
  const entry = await browser.$(`li[data-testid="settings-profile"]*=${name}`);
  if (!(await entry.isExisting())) {
    return;
  }
  await (await entry.$('[data-testid="remove-profile"]')).click();
  await (await byTestId(browser, "remove-confirm")).click();
  await entry.waitForExist({ reverse: true, timeout: 60_000, timeoutMsg: `the profile ${name} was not removed` });
}

/**
 * Removes the profiles an earlier run left in the config folder, so the run starts at the first
 * screen. Any other profile stays, and the test then fails with a request for an empty folder.
 */
async function removeLeftoverProfiles(): Promise<void> {
  const screen = await browser.$('[data-testid="screen"]');
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="try-demo"]').isExisting()) || (await screen.getAttribute("data-route")) !== "first-run",
    { timeout: 120_000, timeoutMsg: "the app did not finish opening" },
  );
  if (await browser.$('[data-testid="try-demo"]').isExisting()) {
    return;
  }
  await removeProfile(PRACTICE);
  await removeProfile("Demo");
  await waitForRoute(browser, "first-run");
  await (await browser.$('[data-testid="try-demo"]')).waitForDisplayed({
    timeout: 30_000,
    timeoutMsg: "another profile is active; run the end-to-end tests with an empty XDG_CONFIG_HOME",
  });
}

/** Returns the history rows' actions and states, as "action:state" strings, sorted. */
async function historyRows(): Promise<string[]> {
  const rows = await browser.$$('[data-testid="history-row"]');
  const found: string[] = [];
  for (const row of rows) {
    found.push(`${(await row.getAttribute("data-action")) ?? ""}:${(await row.getAttribute("data-state")) ?? ""}`);
  }
  return found.sort();
}

describe.runIf(keychainCase === "available")("the demo path, from the first run to the exported history", () => {
  beforeAll(async () => {
    browser = await openApp();
  });

  afterAll(async () => {
    await browser.deleteSession();
  });

  it("starts at the first run", async () => {
    await removeLeftoverProfiles();
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

  it("connects a profile of one's own with the connect wizard", async () => {
    await openFromNavigation("connect");
    await waitForPage(browser, "environment");
    await (await browser.$('input[name="environment"][value="demo"]')).click();
    await fill(browser, "#profile-name", PRACTICE);
    await expectAccessible("the connect wizard's environment page in the demo");
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
    await click(browser, "Save the profile");

    await waitForRoute(browser, "orgs", 120_000);
    expect(await (await byTestId(browser, "profile-switcher")).getText()).toContain(PRACTICE);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) > 5, {
      timeout: 60_000,
      timeoutMsg: "the new profile did not list the demo orgs",
    });
  });

  it("offers no Deactivate on the Aerial org", async () => {
    await openOrg("Northwind Aerial");

    const reason = await byTestId(browser, "deactivate-blocked");
    expect(await reason.getText()).toContain("cannot be deactivated");
    expect(await browser.$('[data-testid="deactivate"]').isExisting()).toBe(false);
  });

  it("links an org by domain", async () => {
    await openFromNavigation("link");

    await waitForPage(browser, "org");
    await fill(browser, "#link-domain", UNLINKED_DOMAIN);
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
    await waitForRoute(browser, "orgs");
    await fill(browser, '[data-testid="orgs-search"]', "northwind-labs");
    const row = await browser.$(`[data-testid="org-row"][data-org-id="${UNLINKED_ID}"]`);
    await row.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the linked org is not in the orgs list" });
  });

  it("grants consent, then links an org that lacked it", async () => {
    await openFromNavigation("link");
    await waitForPage(browser, "org");
    const suggestion = await browser.$(`[data-testid="link-suggestion"][data-domain="${NO_CONSENT_DOMAIN}"]`);
    await suggestion.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the link wizard did not suggest the demo org without consent" });
    expect(await browser.$(`[data-testid="link-suggestion"][data-domain="${UNLINKED_DOMAIN}"]`).isExisting(), "a linked org is no longer suggested").toBe(false);
    await expectAccessible("the link wizard's demo suggestions");
    await suggestion.click();
    await browser.waitUntil(async () => (await (await browser.$("#link-domain")).getValue()) === NO_CONSENT_DOMAIN, { timeout: 10_000 });
    await click(browser, "Next");

    await waitForPage(browser, "consent");
    const consent = await browser.$('[data-testid="consent-check"][data-state="notChecked"]');
    await consent.waitForDisplayed({ timeout: 60_000 });
    await click(browser, "Use the demo org's token");
    const missing = await browser.$('[data-testid="consent-check"][data-state="missing"]');
    await missing.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the org's missing consent was not shown" });
    await expectAccessible("the link wizard's missing consent");
    await saveScreenshot(browser, "link-consent-missing");
    await click(browser, "Grant consent");
    const granted = await browser.$('[data-testid="consent-check"][data-state="granted"]');
    await granted.waitForDisplayed({ timeout: 60_000, timeoutMsg: "the granted consent was not shown" });
    await click(browser, "Next");

    await waitForPage(browser, "confirm");
    await (await browser.$('input[type="checkbox"]')).click();
    await click(browser, "Link the org");
    await waitForPage(browser, "result");
    expect(await (await browser.$('[data-testid="link-result"]')).getText()).toContain("is linked");
    await click(browser, "Show it in the orgs list");
    await waitForRoute(browser, "orgs");
  });

  it("opens an org found by search", async () => {
    await fill(browser, '[data-testid="orgs-search"]', ORG_NAME);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="org-row"]').length) === 1, {
      timeout: 10_000,
      timeoutMsg: "the search did not narrow the table to one org",
    });
    orgId = (await (await browser.$('[data-testid="org-row"]')).getAttribute("data-org-id")) ?? "";
    expect(orgId).toMatch(/^00o/);

    await (await browser.$(`button=${ORG_NAME}`)).click();

    await waitForRoute(browser, "org");
    await byTestId(browser, "product-checkbox");
    expect(await (await browser.$("h1")).getText()).toContain(ORG_NAME);
    expect(await statusText()).toBe("active");
    await saveScreenshot(browser, "org-detail");
    await expectAccessible("the org detail");
  });

  it("enables a product after showing the plan, keeping the others", async () => {
    await (await browser.$(`[data-testid="product-checkbox"][data-product-id="${MFA}"]`)).click();
    await (await byTestId(browser, "products-save")).click();

    const enable = await byTestId(browser, "plan-enable");
    expect(await enable.getText()).toContain(MFA);
    expect(await (await byTestId(browser, "plan-keep")).getText()).toContain(SSO);
    expect(await (await byTestId(browser, "plan-disable")).getText(), "nothing the admin did not choose is disabled").toBe("Nothing");
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

  it("creates an org, shows its token once, links and configures it", async () => {
    await openFromNavigation("create-org");

    await waitForPage(browser, "parent");
    await (await browser.$('input[name="parent"]')).waitForDisplayed({ timeout: 60_000 });
    await expectAccessible("the create-org wizard's parent page");
    await click(browser, "Next");

    await waitForPage(browser, "org");
    const subdomain = `northwind-e2e-${Date.now().toString(36)}`;
    await fill(browser, "#subdomain", "north.wind");
    await (await browser.$("#org-name")).click();
    const subdomainProblem = await browser.$("#subdomain-problem");
    await browser.waitUntil(async () => (await subdomainProblem.getText()).includes("'.'"), {
      timeout: 30_000,
      timeoutMsg: "the subdomain's problem was not shown as typed",
    });
    await fill(browser, "#subdomain", subdomain);
    await fill(browser, "#org-name", NEW_ORG_NAME);
    await fill(browser, "#admin-first", "Ada");
    await fill(browser, "#admin-last", "Lovelace");
    await fill(browser, "#admin-email", "ada@example.com");
    const domain = await browser.$('[data-testid="new-domain"]');
    await domain.waitForDisplayed({ timeout: 30_000 });
    newOrgDomain = (await domain.getText()).trim();
    expect(newOrgDomain).toContain(subdomain);
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
    await waitForRoute(browser, "orgs");
    await fill(browser, '[data-testid="orgs-search"]', NEW_ORG_NAME);
    await (await browser.$(`button=${NEW_ORG_NAME}`)).waitForDisplayed({
      timeout: 60_000,
      timeoutMsg: "the new org is not in the orgs list",
    });
  });

  it("gives the new org a starter configuration from its page", async () => {
    await openOrg(NEW_ORG_NAME);
    await (await byTestId(browser, "starter-open")).click();
    await byTestId(browser, "starter-dialog");
    await expectAccessible("the starter configuration dialog");
    await (await byTestId(browser, "starter-apply")).click();

    const message = await byTestId(browser, "org-message", 60_000);
    expect(await message.getText()).toBe("Created 2 groups and the bookmark app.");
  });

  it("shows the new org's own history, whichever name each change used", async () => {
    await click(browser, "Show this org's history");
    await waitForRoute(browser, "history");

    await browser.waitUntil(async () => (await historyRows()).length === 4, {
      timeout: 30_000,
      timeoutMsg: "the org's history did not list its creation, link and two starter configurations",
    });
    expect(await historyRows()).toEqual(["link:succeeded", "org_creation:succeeded", "starter_configuration:succeeded", "starter_configuration:succeeded"]);
  });

  it("shows every change in the history", async () => {
    await openFromNavigation("history");
    await byTestId(browser, "history-row");

    expect(await historyRows()).toEqual(
      [
        "consent:succeeded",
        "link:succeeded",
        "link:succeeded",
        "link:succeeded",
        "org_creation:succeeded",
        "products:succeeded",
        "starter_configuration:succeeded",
        "starter_configuration:succeeded",
        "status:succeeded",
        "status:succeeded",
      ].sort(),
    );
    await saveScreenshot(browser, "history");
    await expectAccessible("the history");
  });

  it("filters the history by org ID and by domain", async () => {
    await fill(browser, '[data-testid="history-org"]', orgId);
    await click(browser, "Filter");
    await browser.waitUntil(async () => (await historyRows()).length === 3, {
      timeout: 30_000,
      timeoutMsg: `the history did not narrow to the three changes of ${orgId}`,
    });
    expect(await historyRows()).toEqual(["products:succeeded", "status:succeeded", "status:succeeded"]);

    await fill(browser, '[data-testid="history-org"]', UNLINKED_ID);
    await click(browser, "Filter");
    await browser.waitUntil(async () => JSON.stringify(await historyRows()) === JSON.stringify(["link:succeeded"]), {
      timeout: 30_000,
      timeoutMsg: "the link by domain is not found by the linked org's ID",
    });

    // Emptied with the keyboard, as an admin would: WebDriver's clear sends no input event.
    await (await browser.$('[data-testid="history-org"]')).click();
    await browser.keys(["Control", "a"]);
    await browser.keys("Backspace");
    await click(browser, "Filter");
    await browser.waitUntil(async () => (await historyRows()).length === 10, { timeout: 30_000 });
  });

  it("exports the history through the save dialog", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "aerial-desk-export-")), "history.csv");

    await (await byTestId(browser, "history-export")).click();
    await answerSaveDialog("Export history as CSV", path);

    const exported = await byTestId(browser, "history-exported", 30_000);
    expect(await exported.getText()).toContain("history.csv");
    const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
    expect(lines[0]).toContain("action");
    expect(lines).toHaveLength(11);
    for (const action of ["consent", "link", "products", "status", "org_creation", "starter_configuration"]) {
      expect(lines.some((line) => line.includes(`,${action},`)), `the CSV has a ${action} row`).toBe(true);
    }
    expect(lines.filter((line) => line.includes(UNLINKED_DOMAIN))).toHaveLength(1);
    expect(lines.some((line) => line.includes(newOrgDomain))).toBe(true);
  });

  it("reopens the saved profile with its changes after a restart", async () => {
    await browser.deleteSession();
    browser = await openApp();

    await waitForRoute(browser, "orgs", 120_000);
    expect(await (await byTestId(browser, "profile-switcher")).getText()).toContain(PRACTICE);
    await openOrg(ORG_NAME);
    const mfa = await browser.$(`[data-testid="product-checkbox"][data-product-id="${MFA}"]`);
    await mfa.waitForDisplayed({ timeout: 60_000 });

    expect(await mfa.getAttribute("aria-checked")).toBe("true");
    expect(await statusText()).toBe("active");
  });

  it("requests deletion of an inactive org", async () => {
    await openOrg(INACTIVE_ORG);
    expect(await statusText()).toBe("inactive");

    await (await byTestId(browser, "request-deletion")).click();
    await (await byTestId(browser, "confirm-name")).setValue(INACTIVE_ORG);
    const confirm = await byTestId(browser, "confirm-action");
    await confirm.waitForEnabled({ timeout: 5_000 });
    await expectAccessible("the deletion request dialog");
    await confirm.click();

    const message = await byTestId(browser, "org-message", 30_000);
    expect(await message.getText()).toBe("Okta received the deletion request.");
    expect(await browser.$('[data-testid="request-deletion"]').isExisting(), "no second request is offered").toBe(false);
  });

  it("removes both profiles from settings and returns to the first run", async () => {
    await openFromNavigation("settings");
    await saveScreenshot(browser, "settings");
    await expectAccessible("the settings");

    await removeProfile(PRACTICE);
    expect(await (await byTestId(browser, "shell-notice")).getText()).toContain("Choose one in the Profile menu");
    await waitForRoute(browser, "settings");
    await removeProfile("Demo");

    await waitForRoute(browser, "first-run");
    await byTestId(browser, "try-demo");
  });
});
