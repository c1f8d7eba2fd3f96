import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { demoProfile, productionProfile } from "../testing/profiles";
import Settings from "./Settings.svelte";

describe("Settings screen", () => {
  it("removes a profile after confirmation", async () => {
    const onChanged = vi.fn();
    const remaining = { profiles: [productionProfile()], active: "Acme" };
    const backend = fakeBackend([keychainReady()], { removeProfile: [{ ok: true, value: remaining }] });
    render(Settings, { backend, profiles: [demoProfile(), productionProfile()], active: "Acme", onSwitch: vi.fn(), onChanged });

    const [demoRemove] = screen.getAllByTestId("remove-profile");
    if (!demoRemove) throw new Error("no remove button");
    await fireEvent.click(demoRemove);
    expect(backend.calls).toEqual([]);
    await fireEvent.click(await screen.findByTestId("remove-confirm"));

    await screen.findByTestId("settings-message");
    expect(backend.calls).toEqual([{ command: "removeProfile", name: "Demo" }]);
    expect(onChanged).toHaveBeenCalledWith(remaining);
  });

  it("saves an edited client ID", async () => {
    const onChanged = vi.fn();
    const current = { aerialOrg: "acme-aerial.okta.com", accountId: "acc1acme1234567890", clientId: "0oaold", keyId: "key-1" };
    const list = { profiles: [productionProfile()], active: "Acme" };
    const backend = fakeBackend([keychainReady()], {
      profileForEdit: [{ ok: true, value: current }],
      editProfile: [{ ok: true, value: list }],
    });
    render(Settings, { backend, profiles: [productionProfile()], active: "Acme", onSwitch: vi.fn(), onChanged });

    await fireEvent.click(screen.getByTestId("edit-profile"));
    const clientId = await screen.findByTestId("edit-clientId");
    await fireEvent.input(clientId, { target: { value: "0oanew" } });
    await fireEvent.click(screen.getByTestId("edit-save"));

    await screen.findByTestId("settings-message");
    expect(backend.calls).toContainEqual({ command: "editProfile", name: "Acme", edit: { ...current, clientId: "0oanew" } });
    expect(onChanged).toHaveBeenCalledWith(list);
  });

  it("keeps the edit open when a value is invalid", async () => {
    const current = { aerialOrg: "acme-aerial.okta.com", accountId: "acc1", clientId: "0oa1", keyId: "key-1" };
    const invalid = { code: "profile", message: "The client ID is invalid.", fix: null, details: null, okta: null };
    const backend = fakeBackend([keychainReady()], {
      profileForEdit: [{ ok: true, value: current }],
      editProfile: [{ ok: false, error: invalid }],
    });
    render(Settings, { backend, profiles: [productionProfile()], active: "Acme", onSwitch: vi.fn(), onChanged: vi.fn() });

    await fireEvent.click(screen.getByTestId("edit-profile"));
    await fireEvent.click(await screen.findByTestId("edit-save"));

    const notice = await screen.findByTestId("error-notice");
    expect(notice.textContent).toContain("The client ID is invalid.");
    expect(screen.getByTestId("edit-dialog")).toBeTruthy();
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
