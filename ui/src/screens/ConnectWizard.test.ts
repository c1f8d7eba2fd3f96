import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { fakeWizardBackend, passedReport, samplePublicKey } from "../testing/fake-backend";
import type { ConnectionReport, IpcError } from "../lib/backend";
import Connect from "./Connect.svelte";
import { ConnectWizard } from "./ConnectWizard.svelte";

async function filledWizard() {
  const backend = fakeWizardBackend();
  const wizard = new ConnectWizard(backend);
  await wizard.start();
  await wizard.checks.type("profileName", "Acme");
  expect(wizard.next()).toBe(true);
  await wizard.checks.type("aerialOrg", "acme-aerial.okta.com");
  await wizard.checks.type("accountId", "0227acct");
  expect(wizard.next()).toBe(true);
  return { backend, wizard };
}

const scopeNotGranted: IpcError = {
  code: "scope_not_granted",
  message: "The app may not use okta.accounts.manage.",
  fix: "Grant okta.accounts.manage on the Okta API Scopes tab.",
  details: null,
  okta: { httpStatus: 400, errorCode: null, errorSummary: null, errorId: null, oauthError: "invalid_scope", oauthDescription: "The following scopes are not allowed" },
};

describe("connect wizard", () => {
  it("checks each field through the backend as typed", async () => {
    const backend = fakeWizardBackend();
    const wizard = new ConnectWizard(backend);

    await wizard.checks.type("aerialOrg", "acme-aerial.okta.com");

    expect(backend.callsTo("checkConnectInput")).toEqual([["aerialOrg", "production", "acme-aerial.okta.com"]]);
    expect(wizard.checks.value("aerialOrg")).toBe("acme-aerial.okta.com");
  });

  it("keeps only the answer to the latest keystroke", async () => {
    const backend = fakeWizardBackend();
    const releases: (() => void)[] = [];
    backend.answers.checkConnectInput = (_field, _environment, value) =>
      new Promise((resolve) => releases.push(() => { resolve({ value, problem: value === "acme" ? "too short" : null }); }));
    const wizard = new ConnectWizard(backend);

    const first = wizard.checks.type("profileName", "acme");
    const second = wizard.checks.type("profileName", "acme prod");
    releases[1]?.();
    await second;
    releases[0]?.();
    await first;

    expect(wizard.checks.value("profileName")).toBe("acme prod");
  });

  it("stays on a page until its fields are valid", async () => {
    const wizard = new ConnectWizard(fakeWizardBackend());

    expect(wizard.next()).toBe(false);
    expect(wizard.step).toBe("environment");
    expect(wizard.checks.problem("profileName")).toBeNull();

    await wizard.checks.type("profileName", "");
    expect(wizard.next()).toBe(false);
    expect(wizard.checks.problem("profileName")).toBe("Enter a value.");
  });

  it("goes through the pages in order", async () => {
    const { wizard } = await filledWizard();
    expect(wizard.step).toBe("key");
    expect(wizard.next()).toBe(false);

    await wizard.generateKey();
    expect(wizard.next()).toBe(true);
    expect(wizard.step).toBe("register");
    await wizard.checks.type("clientId", "0oaCLIENT");
    expect(wizard.next()).toBe(true);
    expect(wizard.step).toBe("test");

    wizard.back();
    expect(wizard.step).toBe("register");
  });

  it("asks for the custom service URL only for a custom host", async () => {
    const backend = fakeWizardBackend();
    const wizard = new ConnectWizard(backend);
    await wizard.checks.type("profileName", "Local");
    await wizard.chooseEnvironment("custom");
    wizard.next();
    await wizard.checks.type("aerialOrg", "http://127.0.0.1:4010");
    await wizard.checks.type("accountId", "0227acct");

    expect(wizard.next()).toBe(false);
    await wizard.checks.type("serviceUrl", "http://127.0.0.1:4010");
    expect(wizard.next()).toBe(true);
  });

  it("generates the chosen kind of key under the profile name", async () => {
    const { backend, wizard } = await filledWizard();
    wizard.keyChoice = "rsa2048";

    await wizard.generateKey();

    expect(backend.callsTo("generateConnectKey")).toEqual([["Acme", "rsa2048"]]);
    expect(wizard.key).toEqual(samplePublicKey);
  });

  it("sends a pasted key once and clears it at once", async () => {
    const { backend, wizard } = await filledWizard();
    wizard.pastedPem = "-----BEGIN PRIVATE KEY-----\nMIG...\n-----END PRIVATE KEY-----";
    wizard.passphrase = "secret words";

    const importing = wizard.importPasted();
    expect(wizard.pastedPem).toBe("");
    expect(wizard.passphrase).toBe("");
    await importing;

    expect(backend.callsTo("importConnectKeyText")).toEqual([
      ["Acme", "-----BEGIN PRIVATE KEY-----\nMIG...\n-----END PRIVATE KEY-----", "secret words"],
    ]);
    expect(wizard.keySource).toBe("pasted");
  });

  it("asks for the passphrase of an encrypted key file", async () => {
    const { backend, wizard } = await filledWizard();
    backend.answers.importConnectKeyFile = () => Promise.resolve({ ok: true, value: { outcome: "needsPassphrase", fileName: "acme.pem" } });

    await wizard.importFile();
    expect(wizard.encryptedFile).toBe("acme.pem");
    expect(wizard.key).toBeNull();

    wizard.passphrase = "open sesame";
    await wizard.unlockFile();

    expect(backend.callsTo("importKeyFileWithPassphrase")).toEqual([["Acme", "open sesame"]]);
    expect(wizard.passphrase).toBe("");
    expect(wizard.key).toEqual(samplePublicKey);
    expect(wizard.encryptedFile).toBeNull();
  });

  it("does nothing when the file dialog is closed", async () => {
    const { backend, wizard } = await filledWizard();
    backend.answers.importConnectKeyFile = () => Promise.resolve({ ok: true, value: { outcome: "cancelled" } });

    await wizard.importFile();

    expect(wizard.key).toBeNull();
    expect(wizard.problem).toBeNull();
  });

  it("warns before leaving with an unsaved key", async () => {
    const { wizard } = await filledWizard();
    expect(wizard.leaveWarning).toBeNull();

    await wizard.generateKey();
    expect(wizard.leaveWarning).toContain("deleted from your keychain");
    await wizard.save();

    expect(wizard.leaveWarning).toBeNull();
  });

  it("fills the client ID when the demo registers the app", async () => {
    const { wizard } = await filledWizard();
    await wizard.generateKey();
    wizard.next();

    await wizard.registerInDemo();

    expect(wizard.registeredByDemo).toBe(true);
    expect(wizard.checks.value("clientId")).toBe("0oaDEMO");
  });

  it("offers the demo environment only while the demo runs", async () => {
    const backend = fakeWizardBackend();
    backend.answers.connectDemoDefaults = () =>
      Promise.resolve({ ok: true, value: { serviceUrl: "http://aerial.sim.localhost:4010", aerialOrg: "http://northwind-aerial.sim.localhost:4010", accountId: "0227demo" } });
    const wizard = new ConnectWizard(backend);
    await wizard.start();

    await wizard.chooseEnvironment("demo");

    expect(wizard.checks.value("accountId")).toBe("0227demo");
    expect(wizard.checks.value("aerialOrg")).toBe("http://northwind-aerial.sim.localhost:4010");
  });

  it("shows the failing step and saves only after a passed test", async () => {
    const { backend, wizard } = await filledWizard();
    const failed: ConnectionReport = {
      steps: [
        { step: "reachOrg", state: "passed", note: null, problem: null },
        { step: "getToken", state: "passed", note: null, problem: null },
        { step: "scopes", state: "failed", note: null, problem: scopeNotGranted },
        { step: "readAccount", state: "skipped", note: null, problem: null },
        { step: "clock", state: "passed", note: null, problem: null },
      ],
      failure: scopeNotGranted,
      accountName: null,
      dpopRequired: false,
    };
    backend.answers.testConnectDraft = () => Promise.resolve({ ok: true, value: failed });

    await wizard.testConnection();
    expect(wizard.testPassed).toBe(false);

    backend.answers.testConnectDraft = () => Promise.resolve({ ok: true, value: passedReport() });
    await wizard.testConnection();
    expect(wizard.testPassed).toBe(true);

    const opened = await wizard.save();
    expect(opened?.profile.name).toBe("Acme");
    expect(backend.callsTo("saveConnectProfile")[0]?.[0]).toMatchObject({ profileName: "Acme", environment: "production", serviceUrl: null, dpop: false });
  });

  it("saves DPoP on when the test found the app requires it", async () => {
    const { backend, wizard } = await filledWizard();
    backend.answers.testConnectDraft = () => Promise.resolve({ ok: true, value: { ...passedReport(), dpopRequired: true } });
    await wizard.testConnection();

    await wizard.save();

    expect(backend.callsTo("saveConnectProfile")[0]?.[0]).toMatchObject({ dpop: true });
  });
});

describe("connect wizard's unused key", () => {
  it("is deleted when the wizard is left", async () => {
    const { backend, wizard } = await filledWizard();
    await wizard.generateKey();

    await wizard.discard();

    expect(backend.callsTo("discardConnectKey")).toEqual([["Acme"]]);
    expect(wizard.key).toBeNull();
  });

  it("is kept once the profile is saved", async () => {
    const { backend, wizard } = await filledWizard();
    await wizard.generateKey();
    await wizard.save();

    await wizard.discard();

    expect(backend.callsTo("discardConnectKey")).toEqual([]);
  });

  it("moves with a renamed profile", async () => {
    const { backend, wizard } = await filledWizard();
    await wizard.generateKey();
    wizard.back();
    wizard.back();
    await wizard.checks.type("profileName", "Acme renamed");

    expect(wizard.next()).toBe(true);

    expect(backend.callsTo("discardConnectKey")).toEqual([["Acme"]]);
    expect(wizard.key).toBeNull();
  });

  it("is not asked for when no key was made", async () => {
    const { backend, wizard } = await filledWizard();

    await wizard.discard();

    expect(backend.callsTo("discardConnectKey")).toEqual([]);
  });
});

describe("Connect screen", () => {
  it("shows a field's problem once the field is left", async () => {
    render(Connect, { backend: fakeWizardBackend(), onDone: () => undefined, onCancel: () => undefined });
    const input = screen.getByLabelText("Profile name");

    await fireEvent.input(input, { target: { value: "" } });
    expect(screen.queryByText("Enter a value.")).toBeNull();
    await fireEvent.blur(input);

    await waitFor(() => {
      expect(screen.getByText("Enter a value.")).toBeTruthy();
    });
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("shows Okta's codes only behind Details", async () => {
    const backend = fakeWizardBackend();
    backend.answers.testConnectDraft = () =>
      Promise.resolve({
        ok: true,
        value: { ...passedReport(), failure: scopeNotGranted },
      });
    render(Connect, { backend, onDone: () => undefined, onCancel: () => undefined });
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "Acme" } });
    await waitFor(() => screen.getByDisplayValue("Acme"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.input(await screen.findByLabelText("Aerial org domain"), { target: { value: "acme-aerial.okta.com" } });
    await fireEvent.input(screen.getByLabelText("Aerial account ID"), { target: { value: "0227acct" } });
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Generate the key" }));
    await screen.findByTestId("key-ready");
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.input(await screen.findByLabelText("Client ID"), { target: { value: "0oaCLIENT" } });
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Test connection" }));

    const problem = await screen.findByTestId("wizard-problem");
    expect(problem.textContent).toContain("The app may not use okta.accounts.manage.");
    expect(problem.querySelector("details")?.textContent).toContain("invalid_scope");
    expect(problem.querySelector("details")?.hasAttribute("open")).toBe(false);
  });

  it("shows an empty profile name's problem on Next", async () => {
    render(Connect, { backend: fakeWizardBackend(), onDone: () => undefined, onCancel: () => undefined });
    const input = screen.getByLabelText("Profile name");

    await fireEvent.click(screen.getByRole("button", { name: "Next" }));

    await waitFor(() => {
      expect(screen.getByText("Enter a value.")).toBeTruthy();
    });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => {
      expect(document.activeElement).toBe(input);
    });
    expect(screen.getByTestId("wizard-page").dataset.step).toBe("environment");
  });

  it("marks every empty account field on Next", async () => {
    render(Connect, { backend: fakeWizardBackend(), onDone: () => undefined, onCancel: () => undefined });
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "Acme" } });
    await waitFor(() => screen.getByDisplayValue("Acme"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    const org = await screen.findByLabelText("Aerial org domain");

    await fireEvent.click(screen.getByRole("button", { name: "Next" }));

    await waitFor(() => {
      expect(screen.getAllByText("Enter a value.")).toHaveLength(2);
    });
    expect(screen.getByLabelText("Aerial account ID").getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => {
      expect(document.activeElement).toBe(org);
    });
  });

  it("asks for a key on Next without one", async () => {
    const { wizard } = await filledWizard();
    expect(wizard.step).toBe("key");

    expect(wizard.next()).toBe(false);
    expect(wizard.keyMissing).toBe(true);
    expect(await wizard.explainBlocked()).toBe("key");

    await wizard.generateKey();
    expect(wizard.keyMissing).toBe(false);
    expect(wizard.next()).toBe(true);
  });

  it("says to make a key first on the key page", async () => {
    render(Connect, { backend: fakeWizardBackend(), onDone: () => undefined, onCancel: () => undefined });
    await fireEvent.input(screen.getByLabelText("Profile name"), { target: { value: "Acme" } });
    await waitFor(() => screen.getByDisplayValue("Acme"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await fireEvent.input(await screen.findByLabelText("Aerial org domain"), { target: { value: "acme-aerial.okta.com" } });
    await fireEvent.input(screen.getByLabelText("Aerial account ID"), { target: { value: "0227acct" } });
    await waitFor(() => screen.getByDisplayValue("0227acct"));
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("button", { name: "Generate the key" });

    await fireEvent.click(screen.getByRole("button", { name: "Next" }));

    const needed = await screen.findByTestId("key-needed");
    expect(needed.textContent).toBe("Generate or import a key first.");
    await waitFor(() => {
      expect(document.activeElement).toBe(needed);
    });
    await fireEvent.click(screen.getByRole("button", { name: "Generate the key" }));
    await screen.findByTestId("key-ready");
    expect(screen.queryByTestId("key-needed")).toBeNull();
  });
});
