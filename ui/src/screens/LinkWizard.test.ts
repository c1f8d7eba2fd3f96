import { describe, expect, it } from "vitest";
import { fakeWizardBackend } from "../testing/fake-backend";
import { LinkWizard } from "./LinkWizard.svelte";

async function wizardAtConsent(by: "domain" | "orgId" = "domain") {
  const backend = fakeWizardBackend();
  const wizard = new LinkWizard(backend);
  await wizard.start();
  wizard.by = by;
  await wizard.checks.type(by === "domain" ? "domain" : "orgId", by === "domain" ? "acme-eu.okta.com" : "00oACME");
  await wizard.checks.type("cell", "ok1");
  expect(await wizard.next()).toBe(true);
  return { backend, wizard };
}

describe("link wizard", () => {
  it("needs the org and the cell before going on", async () => {
    const backend = fakeWizardBackend();
    const wizard = new LinkWizard(backend);
    await wizard.checks.type("domain", "acme-eu.okta.com");

    expect(await wizard.next()).toBe(false);
    expect(wizard.step).toBe("org");
    expect(backend.callsTo("checkLinkConsent")).toEqual([]);
    expect(wizard.checks.problem("cell"), "the empty cell says what is missing").toBe("Enter a value.");
  });

  it("checks consent for an org named by domain", async () => {
    const { backend, wizard } = await wizardAtConsent();

    expect(wizard.step).toBe("consent");
    expect(backend.callsTo("checkLinkConsent")).toEqual([["acme-eu.okta.com"]]);
    expect(wizard.consent?.state).toBe("granted");
  });

  it("fills in a suggested demo org", async () => {
    const backend = fakeWizardBackend();
    backend.answers.linkSuggestions = () =>
      Promise.resolve({ ok: true, value: [{ name: "Northwind Labs", domain: "northwind-labs.sim.localhost", cell: "ok1", consent: true }] });
    const wizard = new LinkWizard(backend);
    await wizard.start();
    wizard.by = "orgId";

    const [suggestion] = wizard.suggestions;
    if (!suggestion) throw new Error("the wizard lists no suggestion");
    await wizard.choose(suggestion);

    expect(wizard.by).toBe("domain");
    expect(wizard.checks.value("domain")).toBe("northwind-labs.sim.localhost");
    expect(wizard.checks.value("cell")).toBe("ok1");
    expect(await wizard.next()).toBe(true);
  });

  it("keeps an org token, then grants the missing consent", async () => {
    const backend = fakeWizardBackend();
    backend.answers.checkLinkConsent = () => Promise.resolve({ ok: true, value: { state: "notChecked", reason: "No token." } });
    const wizard = new LinkWizard(backend);
    await wizard.start();
    await wizard.checks.type("domain", "acme-eu.okta.com");
    await wizard.checks.type("cell", "ok1");
    await wizard.next();

    expect(await wizard.keepToken("00secret-token")).toBe(true);
    expect(wizard.consent?.state).toBe("missing");
    await wizard.grantConsent();

    expect(backend.callsTo("keepOrgToken")).toEqual([["acme-eu.okta.com", "00secret-token"]]);
    expect(backend.callsTo("grantLinkConsent")).toEqual([["acme-eu.okta.com"]]);
    expect(wizard.consent?.state).toBe("granted");
  });

  it("keeps the consent state when Okta rejects the token", async () => {
    const { backend, wizard } = await wizardAtConsent();
    const rejected = { code: "api_token_invalid", message: "Okta rejected the API token.", fix: "Check it.", details: null, okta: null };
    backend.answers.keepOrgToken = () => Promise.resolve({ ok: false, error: rejected });

    expect(await wizard.keepToken("00wrong")).toBe(false);

    expect(wizard.problem?.code).toBe("api_token_invalid");
    expect(wizard.consent?.state).toBe("granted");
  });

  it("explains that an org ID cannot be checked", async () => {
    const { backend, wizard } = await wizardAtConsent("orgId");

    expect(backend.callsTo("checkLinkConsent")).toEqual([]);
    expect(wizard.consent?.state).toBe("notChecked");
  });

  it("links only after the admin confirms it cannot be undone", async () => {
    const { backend, wizard } = await wizardAtConsent();
    await wizard.next();
    expect(wizard.step).toBe("confirm");
    expect(wizard.intro?.warning).toBe("Linking cannot be undone.");

    expect(await wizard.link()).toBeNull();
    expect(backend.callsTo("linkOrg")).toEqual([]);

    wizard.understood = true;
    const linked = await wizard.link();

    expect(backend.callsTo("linkOrg")).toEqual([[{ by: "domain", org: "acme-eu.okta.com", cell: "ok1" }]]);
    expect(linked?.id).toBe("00oLINKED");
    expect(wizard.step).toBe("result");
  });

  it("asks again after going back from the confirmation", async () => {
    const { wizard } = await wizardAtConsent();
    await wizard.next();
    wizard.understood = true;

    wizard.back();
    await wizard.next();

    expect(wizard.understood).toBe(false);
  });

  it("shows Okta's refusal and stays on the confirmation", async () => {
    const { backend, wizard } = await wizardAtConsent();
    await wizard.next();
    wizard.understood = true;
    backend.answers.linkOrg = () =>
      Promise.resolve({
        ok: false,
        error: { code: "consent_missing", message: "The org has not granted Aerial consent.", fix: "Grant consent first.", details: null, okta: null },
      });

    expect(await wizard.link()).toBeNull();

    expect(wizard.step).toBe("confirm");
    expect(wizard.problem?.code).toBe("consent_missing");
  });
});
