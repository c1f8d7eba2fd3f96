import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { ParentOrgView, ProfileEdit, ProfileSummary } from "../lib/backend";
import { type Call, fakeBackend, keychainReady, type Responses } from "../testing/fake-backend";
import { demoProfile, productionProfile } from "../testing/profiles";
import Settings from "./Settings.svelte";

const noParents: Responses["profileParentOrgs"] = [{ ok: true, value: [] }];

function customProfile(): ProfileSummary {
  return { ...productionProfile(), name: "Lab", environment: "custom", aerialOrg: "northwind-aerial.sim.localhost:4010" };
}

function currentEdit(overrides: Partial<ProfileEdit> = {}): ProfileEdit {
  return { aerialOrg: "acme-aerial.okta.com", accountId: "acc1acme1234567890", clientId: "0oaold", keyId: "key-1", dpop: false, serviceUrl: null, ...overrides };
}

const demoParent: ParentOrgView = {
  address: "http://northwind-eu.sim.localhost:41234",
  domain: "northwind-eu.sim.localhost:41234",
  credential: "apiToken",
  clientId: null,
  managedByApp: true,
};

const oauthParent: ParentOrgView = {
  address: "acme-us.okta.com",
  domain: "acme-us.okta.com",
  credential: "oauth",
  clientId: "0oaparent",
  managedByApp: false,
};

const tokenParent: ParentOrgView = { address: "acme-eu.okta.com", domain: "acme-eu.okta.com", credential: "apiToken", clientId: null, managedByApp: false };

/** Drops the parent org lists each profile reads as Settings opens, leaving the user's actions. */
function actions(calls: Call[]): Call[] {
  return calls.filter((call) => call.command !== "profileParentOrgs");
}

function renderSettings(responses: Responses, profiles: ProfileSummary[] = [productionProfile()], onChanged = vi.fn()) {
  const backend = fakeBackend([keychainReady()], { profileParentOrgs: noParents, ...responses });
  render(Settings, { backend, profiles, active: profiles[0]?.name ?? null, onSwitch: vi.fn(), onChanged });
  return backend;
}

describe("Settings screen", () => {
  it("removes a profile after confirmation", async () => {
    const onChanged = vi.fn();
    const remaining = { profiles: [productionProfile()], active: "Acme" };
    const backend = renderSettings({ removeProfile: [{ ok: true, value: remaining }] }, [demoProfile(), productionProfile()], onChanged);

    const [demoRemove] = screen.getAllByTestId("remove-profile");
    if (!demoRemove) throw new Error("no remove button");
    await fireEvent.click(demoRemove);
    expect(actions(backend.calls)).toEqual([]);
    await fireEvent.click(await screen.findByTestId("remove-confirm"));

    await screen.findByTestId("settings-message");
    expect(actions(backend.calls)).toEqual([{ command: "removeProfile", name: "Demo" }]);
    expect(onChanged).toHaveBeenCalledWith(remaining);
  });

  it("renames a profile when Enter is pressed in the name field", async () => {
    const renamed = { profiles: [{ ...productionProfile(), name: "Acme EU" }], active: "Acme EU" };
    const backend = renderSettings({ renameProfile: [{ ok: true, value: renamed }] });

    await fireEvent.click(screen.getByTestId("rename-profile"));
    const field = await screen.findByTestId("rename-name");
    await fireEvent.input(field, { target: { value: "Acme EU" } });
    await fireEvent.keyDown(field, { key: "Enter" });

    await screen.findByTestId("settings-message");
    expect(actions(backend.calls)).toEqual([{ command: "renameProfile", name: "Acme", newName: "Acme EU" }]);
  });

  it("saves an edited client ID", async () => {
    const onChanged = vi.fn();
    const list = { profiles: [productionProfile()], active: "Acme" };
    const backend = renderSettings({ profileForEdit: [{ ok: true, value: currentEdit() }], editProfile: [{ ok: true, value: list }] }, [productionProfile()], onChanged);

    await fireEvent.click(screen.getByTestId("edit-profile"));
    const clientId = await screen.findByTestId("edit-clientId");
    await fireEvent.input(clientId, { target: { value: "0oanew" } });
    await fireEvent.click(screen.getByTestId("edit-save"));

    await screen.findByTestId("settings-message");
    expect(backend.calls).toContainEqual({ command: "editProfile", name: "Acme", edit: currentEdit({ clientId: "0oanew" }) });
    expect(onChanged).toHaveBeenCalledWith(list);
  });

  it("keeps the edit open when a value is invalid", async () => {
    const invalid = { code: "profile", message: "The client ID is invalid.", fix: null, details: null, okta: null };
    renderSettings({ profileForEdit: [{ ok: true, value: currentEdit() }], editProfile: [{ ok: false, error: invalid }] });

    await fireEvent.click(screen.getByTestId("edit-profile"));
    await fireEvent.click(await screen.findByTestId("edit-save"));

    const notice = await screen.findByTestId("error-notice");
    expect(notice.textContent).toContain("The client ID is invalid.");
    expect(screen.getByTestId("edit-dialog")).toBeTruthy();
  });

  it("turns DPoP on in the edit dialog", async () => {
    const list = { profiles: [productionProfile()], active: "Acme" };
    const backend = renderSettings({ profileForEdit: [{ ok: true, value: currentEdit() }], editProfile: [{ ok: true, value: list }] });

    await fireEvent.click(screen.getByTestId("edit-profile"));
    const dpop = await screen.findByTestId("edit-dpop");
    expect(dpop.getAttribute("aria-checked")).toBe("false");
    await fireEvent.click(dpop);
    expect(dpop.getAttribute("aria-checked")).toBe("true");
    await fireEvent.click(screen.getByTestId("edit-save"));

    await screen.findByTestId("settings-message");
    expect(backend.calls).toContainEqual({ command: "editProfile", name: "Acme", edit: currentEdit({ dpop: true }) });
  });

  it("explains when to turn DPoP on", async () => {
    renderSettings({ profileForEdit: [{ ok: true, value: currentEdit() }] });

    await fireEvent.click(screen.getByTestId("edit-profile"));

    const dialog = await screen.findByTestId("edit-dialog");
    expect(dialog.textContent.replace(/\s+/g, " ")).toContain("Require Demonstrating Proof of Possession (DPoP) header in token requests");
  });

  it("hides the service URL for production profiles", async () => {
    renderSettings({ profileForEdit: [{ ok: true, value: currentEdit() }] });

    await fireEvent.click(screen.getByTestId("edit-profile"));
    await screen.findByTestId("edit-dialog");

    expect(screen.queryByTestId("edit-serviceUrl")).toBeNull();
  });

  it("saves a custom profile's service URL", async () => {
    const custom = customProfile();
    const current = currentEdit({ serviceUrl: "http://aerial.sim.localhost:4010" });
    const list = { profiles: [custom], active: "Lab" };
    const backend = renderSettings({ profileForEdit: [{ ok: true, value: current }], editProfile: [{ ok: true, value: list }] }, [custom]);

    await fireEvent.click(screen.getByTestId("edit-profile"));
    const service = await screen.findByTestId("edit-serviceUrl");
    await fireEvent.input(service, { target: { value: "http://aerial.sim.localhost:4020" } });
    await fireEvent.click(screen.getByTestId("edit-save"));

    await screen.findByTestId("settings-message");
    expect(backend.calls).toContainEqual({ command: "editProfile", name: "Lab", edit: { ...current, serviceUrl: "http://aerial.sim.localhost:4020" } });
  });

  it("offers no rename for the demo profile", () => {
    renderSettings({}, [demoProfile(), productionProfile()]);

    const [demoEntry, acmeEntry] = screen.getAllByTestId("settings-profile");
    if (!demoEntry || !acmeEntry) throw new Error("two profiles are listed");
    expect(within(demoEntry).queryByTestId("rename-profile")).toBeNull();
    expect(within(acmeEntry).queryByTestId("rename-profile")).not.toBeNull();
  });

  it("lists parent orgs by credential kind", async () => {
    renderSettings({ profileParentOrgs: [{ ok: true, value: [tokenParent, oauthParent] }] });

    const labels = await screen.findAllByTestId("parent-credential");

    expect(labels.map((label) => label.textContent)).toEqual(["API token", "OAuth app 0oaparent"]);
    expect(screen.getAllByTestId("parent-remove")).toHaveLength(2);
  });

  it("keeps the demo's parent org without Remove", async () => {
    renderSettings({ profileParentOrgs: [{ ok: true, value: [demoParent] }] }, [demoProfile()]);

    await screen.findByTestId("parent-managed");

    expect(screen.queryByTestId("parent-remove")).toBeNull();
    expect(screen.getByTestId("parent-managed").textContent).toContain("The demo manages this org");
  });

  it("adds a parent org and forgets its token", async () => {
    const backend = renderSettings({ addProfileParent: [{ ok: true, value: [tokenParent] }] });

    await fireEvent.click(await screen.findByTestId("parent-add"));
    await fireEvent.input(await screen.findByTestId("parent-address"), { target: { value: " acme-eu.okta.com " } });
    await fireEvent.input(screen.getByTestId("parent-token"), { target: { value: "00secret-token" } });
    await fireEvent.click(screen.getByTestId("parent-add-confirm"));

    await screen.findByTestId("parent-message");
    expect(actions(backend.calls)).toContainEqual({
      command: "addProfileParent",
      name: "Acme",
      parent: { address: "acme-eu.okta.com", credential: { kind: "apiToken", token: "00secret-token" } },
    });
    await vi.waitFor(() => {
      expect(screen.queryByTestId("parent-add-dialog")).toBeNull();
    });
    expect(document.body.innerHTML).not.toContain("00secret-token");
    expect(screen.getByTestId("parent-credential").textContent).toBe("API token");
  });

  it("adds a parent org by OAuth app", async () => {
    const backend = renderSettings({ addProfileParent: [{ ok: true, value: [oauthParent] }] });

    await fireEvent.click(await screen.findByTestId("parent-add"));
    await fireEvent.input(await screen.findByTestId("parent-address"), { target: { value: "acme-us.okta.com" } });
    await fireEvent.click(screen.getByTestId("parent-kind-oauth"));
    await fireEvent.input(await screen.findByTestId("parent-client-id"), { target: { value: "0oaparent" } });
    await fireEvent.input(screen.getByTestId("parent-pem"), { target: { value: "-----BEGIN PRIVATE KEY-----" } });
    await fireEvent.click(screen.getByTestId("parent-add-confirm"));

    await screen.findByTestId("parent-message");
    expect(actions(backend.calls)).toContainEqual({
      command: "addProfileParent",
      name: "Acme",
      parent: { address: "acme-us.okta.com", credential: { kind: "oauth", clientId: "0oaparent", privateKeyPem: "-----BEGIN PRIVATE KEY-----", passphrase: null } },
    });
  });

  it("shows a typed address problem", async () => {
    renderSettings({});

    await fireEvent.click(await screen.findByTestId("parent-add"));
    await fireEvent.input(await screen.findByTestId("parent-address"), { target: { value: "acme!" } });

    const problem = screen.getByTestId("parent-address-problem");
    await vi.waitFor(() => {
      expect(problem.textContent).toBe('It contains "!".');
    });
  });

  it("keeps the add dialog open when adding fails", async () => {
    const invalid = { code: "invalid_value", message: "The API token is empty; enter it.", fix: null, details: null, okta: null };
    renderSettings({ addProfileParent: [{ ok: false, error: invalid }] });

    await fireEvent.click(await screen.findByTestId("parent-add"));
    await fireEvent.input(await screen.findByTestId("parent-address"), { target: { value: "acme-eu.okta.com" } });
    await fireEvent.click(screen.getByTestId("parent-add-confirm"));

    const notice = await screen.findByTestId("error-notice");
    expect(notice.textContent).toContain("The API token is empty");
    expect(screen.getByTestId("parent-add-dialog")).toBeTruthy();
  });

  it("removes a parent org after confirmation", async () => {
    const backend = renderSettings({ profileParentOrgs: [{ ok: true, value: [tokenParent] }], removeProfileParent: [{ ok: true, value: [] }] });

    await fireEvent.click(await screen.findByTestId("parent-remove"));
    const dialog = await screen.findByTestId("parent-remove-dialog");
    expect(dialog.textContent).toContain("API token is deleted from the keychain");
    expect(actions(backend.calls)).toEqual([]);
    await fireEvent.click(screen.getByTestId("parent-remove-confirm"));

    const message = await screen.findByTestId("parent-message");
    expect(actions(backend.calls)).toEqual([{ command: "removeProfileParent", name: "Acme", address: "acme-eu.okta.com" }]);
    expect(message.textContent).toContain("deleted its credential from the keychain");
    expect(screen.queryByTestId("parent-org")).toBeNull();
  });

  it("says why the log folder did not open", async () => {
    const failed = {
      code: "open_folder_failed",
      message: "The log folder /logs could not be opened.",
      fix: "Open the folder in your file manager yourself.",
      details: "xdg-open: No such file or directory",
      okta: null,
    };
    const backend = renderSettings({ openLogFolder: [{ ok: false, error: failed }] });

    await fireEvent.click(screen.getByRole("button", { name: "Open the log folder" }));

    const notice = await screen.findByTestId("error-notice");
    expect(actions(backend.calls)).toEqual([{ command: "openLogFolder" }]);
    expect(notice.textContent).toContain("could not be opened");
    expect(notice.textContent).toContain("Open the folder in your file manager yourself.");
  });

  it("shows the copied diagnostics", async () => {
    const text = "Aerial Desk 0.1.0 (release)\nRecent errors: 0\n";
    const backend = fakeBackend([keychainReady()], { diagnostics: [{ ok: true, value: text }] });
    render(Settings, { backend, profiles: [], active: null, onSwitch: vi.fn(), onChanged: vi.fn() });

    await fireEvent.click(screen.getByTestId("copy-diagnostics"));

    const shown = await screen.findByTestId("diagnostics-text");
    expect(shown.textContent).toBe(text);
  });
});
