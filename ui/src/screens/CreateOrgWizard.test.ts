import { describe, expect, it } from "vitest";
import { fakeWizardBackend, sampleCreatedOrg } from "../testing/fake-backend";
import { CreateOrgWizard, maxWaitSeconds } from "./CreateOrgWizard.svelte";

async function wizardAtCreate(now?: () => number) {
  const backend = fakeWizardBackend();
  const wizard = new CreateOrgWizard(backend, now);
  await wizard.start();
  expect(wizard.next()).toBe(true);
  await wizard.checks.type("subdomain", "acme-new");
  await wizard.checks.type("name", "Acme New");
  await wizard.checks.type("adminFirstName", "Ada");
  await wizard.checks.type("adminLastName", "Lovelace");
  await wizard.checks.type("adminEmail", "ada@example.com");
  expect(wizard.next()).toBe(true);
  return { backend, wizard };
}

describe("create-org wizard", () => {
  it("starts with the profile's parent org selected", async () => {
    const wizard = new CreateOrgWizard(fakeWizardBackend());

    await wizard.start();

    expect(wizard.parent).toBe("acme.okta.com");
    expect(wizard.addingParent).toBe(false);
  });

  it("asks for a parent org when the profile has none", async () => {
    const backend = fakeWizardBackend();
    backend.answers.parentOrgs = () => Promise.resolve({ ok: true, value: [] });
    const wizard = new CreateOrgWizard(backend);
    await wizard.start();
    expect(wizard.next()).toBe(false);

    wizard.newParentDomain = "parent.okta.com";
    wizard.newParentToken = "00parent-token";
    const adding = wizard.addParent();
    expect(wizard.newParentToken).toBe("");
    await adding;

    expect(backend.callsTo("addParent")).toEqual([[{ address: "parent.okta.com", credential: { kind: "apiToken", token: "00parent-token" } }]]);
    expect(wizard.parent).toBe("parent.okta.com");
    expect(wizard.next()).toBe(true);
  });

  it("checks the subdomain as typed and previews the address", async () => {
    const backend = fakeWizardBackend();
    const wizard = new CreateOrgWizard(backend);
    await wizard.start();

    await wizard.checks.type("subdomain", "acme-new");

    expect(backend.callsTo("checkNewOrgInput")).toEqual([["subdomain", "acme-new"]]);
    expect(wizard.newDomain).toBe("acme-new.okta.com");
  });

  it("needs the org's fields before creating", async () => {
    const wizard = new CreateOrgWizard(fakeWizardBackend());
    await wizard.start();
    wizard.next();
    await wizard.checks.type("subdomain", "acme-new");

    expect(wizard.next()).toBe(false);
    expect(wizard.step).toBe("org");
  });

  it("shows the token once and drops it on leaving the page", async () => {
    const { backend, wizard } = await wizardAtCreate();

    expect(await wizard.create()).toBe(true);
    expect(backend.callsTo("createChildOrg")[0]?.[0]).toMatchObject({ parent: "acme.okta.com", subdomain: "acme-new", website: null, adminLogin: null });
    expect(wizard.step).toBe("token");
    expect(wizard.apiToken).toBe(sampleCreatedOrg.apiToken);
    expect(JSON.stringify(wizard.created)).not.toContain(sampleCreatedOrg.apiToken);

    wizard.leaveToken();

    expect(wizard.apiToken).toBeNull();
    expect(wizard.step).toBe("wait");
  });

  it("keeps the keychain problem beside a token it could not store", async () => {
    const { backend, wizard } = await wizardAtCreate();
    const problem = "The password store is locked.";
    backend.answers.createChildOrg = () => Promise.resolve({ ok: true, value: { ...sampleCreatedOrg, tokenProblem: problem } });

    expect(await wizard.create()).toBe(true);

    expect(wizard.created?.tokenProblem).toBe(problem);
    expect(wizard.apiToken).toBe(sampleCreatedOrg.apiToken);
  });

  it("never sends a creation again after a lost answer", async () => {
    const { backend, wizard } = await wizardAtCreate();
    backend.answers.createChildOrg = () =>
      Promise.resolve({
        ok: false,
        error: { code: "outcome_unknown", message: "The change may or may not have reached Okta.", fix: "Check the org.", details: null, okta: null },
      });

    expect(await wizard.create()).toBe(false);
    expect(wizard.outcomeUnknown).toBe(true);
    expect(await wizard.create()).toBe(false);
    expect(backend.callsTo("createChildOrg")).toHaveLength(1);

    await wizard.lookUp();
    expect(backend.callsTo("lookUpCreatedOrg")).toEqual([["acme.okta.com", "acme-new"]]);
    expect(wizard.lookup?.state).toBe("succeeded");
    expect(await wizard.create()).toBe(false);
    expect(backend.callsTo("createChildOrg")).toHaveLength(1);
  });

  it("creates another subdomain after a lost answer", async () => {
    const { backend, wizard } = await wizardAtCreate();
    const lost = { code: "outcome_unknown", message: "The change may or may not have reached Okta.", fix: "Check the org.", details: null, okta: null };
    backend.answers.createChildOrg = () => Promise.resolve({ ok: false, error: lost });
    await wizard.create();
    backend.answers.createChildOrg = () => Promise.resolve({ ok: true, value: sampleCreatedOrg });

    await wizard.checks.type("subdomain", "acme-other");

    expect(wizard.outcomeUnknown).toBe(false);
    expect(await wizard.create()).toBe(true);
    expect(backend.callsTo("createChildOrg")).toHaveLength(2);
  });

  it("creates again once the lookup shows no org", async () => {
    const { backend, wizard } = await wizardAtCreate();
    const lost = { code: "outcome_unknown", message: "The change may or may not have reached Okta.", fix: "Check the org.", details: null, okta: null };
    backend.answers.createChildOrg = () => Promise.resolve({ ok: false, error: lost });
    backend.answers.lookUpCreatedOrg = () => Promise.resolve({ ok: true, value: { state: "failed", note: "no org answers at that address" } });
    await wizard.create();

    await wizard.lookUp();
    backend.answers.createChildOrg = () => Promise.resolve({ ok: true, value: sampleCreatedOrg });

    expect(wizard.outcomeUnknown).toBe(false);
    expect(await wizard.create()).toBe(true);
    expect(backend.callsTo("createChildOrg")).toHaveLength(2);
    expect(wizard.step).toBe("token");
  });

  it("warns before leaving while the token shows or the org is unlinked", async () => {
    const { wizard } = await wizardAtCreate();
    expect(wizard.leaveWarning).toBeNull();

    await wizard.create();
    expect(wizard.leaveWarning).toContain("shown only on this page");
    wizard.leaveToken();
    expect(wizard.leaveWarning).toContain("not linked");
    await wizard.link("ok1");

    expect(wizard.leaveWarning).toBeNull();
  });

  it("waits until the new org answers", async () => {
    let clock = 0;
    const { backend, wizard } = await wizardAtCreate(() => clock);
    await wizard.create();
    wizard.leaveToken();
    const answers = [false, false, true];
    backend.answers.waitForNewOrg = () => {
      clock += 5000;
      return Promise.resolve({ ok: true, value: answers.shift() ?? true });
    };

    expect(await wizard.waitUntilReady()).toBe(true);

    expect(backend.callsTo("waitForNewOrg")).toEqual([
      [sampleCreatedOrg.address, 5],
      [sampleCreatedOrg.address, 5],
      [sampleCreatedOrg.address, 5],
    ]);
    expect(wizard.waitedSeconds).toBe(15);
    expect(wizard.step).toBe("next");
  });

  it("stops waiting when cancelled", async () => {
    const { backend, wizard } = await wizardAtCreate();
    await wizard.create();
    wizard.leaveToken();
    backend.answers.waitForNewOrg = () => {
      wizard.cancelWait();
      return Promise.resolve({ ok: true, value: false });
    };

    expect(await wizard.waitUntilReady()).toBe(false);

    expect(backend.callsTo("waitForNewOrg")).toHaveLength(1);
    expect(wizard.step).toBe("wait");
  });

  it("gives up waiting after the time limit", async () => {
    let clock = 0;
    const { backend, wizard } = await wizardAtCreate(() => clock);
    await wizard.create();
    wizard.leaveToken();
    backend.answers.waitForNewOrg = () => {
      clock += 5000;
      return Promise.resolve({ ok: true, value: false });
    };

    expect(await wizard.waitUntilReady()).toBe(false);

    expect(wizard.waitTimedOut).toBe(true);
    expect(backend.callsTo("waitForNewOrg")).toHaveLength(maxWaitSeconds / 5);
  });

  it("links the new org by its domain and configures it", async () => {
    const { backend, wizard } = await wizardAtCreate();
    await wizard.create();
    wizard.leaveToken();
    await wizard.waitUntilReady();

    await wizard.link("ok1");
    await wizard.applyStarter(["Employees", "Contractors"], "Intranet", "https://intranet.example.com");

    expect(backend.callsTo("linkOrg")).toEqual([[{ by: "domain", org: sampleCreatedOrg.domain, cell: "ok1" }]]);
    expect(backend.callsTo("applyStarter")).toEqual([
      [sampleCreatedOrg.address, { groups: ["Employees", "Contractors"], bookmarkLabel: "Intranet", bookmarkUrl: "https://intranet.example.com" }],
    ]);
    expect(wizard.starter?.groupIds).toHaveLength(2);
  });
});
