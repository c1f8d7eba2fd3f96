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
  });

  it("checks consent for an org named by domain", async () => {
    const { backend, wizard } = await wizardAtConsent();

    expect(wizard.step).toBe("consent");
    expect(backend.callsTo("checkLinkConsent")).toEqual([["acme-eu.okta.com"]]);
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
