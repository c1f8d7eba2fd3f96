import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { fakeBackend, keychainReady } from "./testing/fake-backend";
import { demoProfile, opened, productionProfile } from "./testing/profiles";

describe("App shell", () => {
  it("shows the first run when there is no profile", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: null }],
      listProfiles: [{ ok: true, value: { profiles: [], active: null } }],
    });

    render(App, { backend });

    expect(await screen.findByTestId("try-demo")).toBeTruthy();
    expect(screen.queryByTestId("nav-orgs")).toBeNull();
    expect(screen.getByTestId("nav-settings")).toBeTruthy();
  });

  it("opens the orgs screen after Try the demo", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: null }],
      listProfiles: [{ ok: true, value: { profiles: [demoProfile()], active: "Demo" } }],
      tryTheDemo: [{ ok: true, value: opened(demoProfile()) }],
      listOrgs: [{ ok: true, value: [[]] }],
    });
    render(App, { backend });

    await fireEvent.click(await screen.findByTestId("try-demo"));

    await waitFor(() => {
      expect(screen.getByTestId("screen").dataset.route).toBe("orgs");
    });
    expect(backend.calls).toContainEqual({ command: "tryTheDemo" });
    expect(screen.getByTestId("profile-switcher").textContent).toContain("Demo");
  });

  it("shows what the recheck of interrupted changes found", async () => {
    const rechecks = [{ org: "00o1", action: "status", state: "succeeded", note: "" }];
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile(), rechecks) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
    });

    render(App, { backend });

    const notice = await screen.findByTestId("recheck-notice");
    expect(notice.textContent).toContain("took effect at Okta");
  });

  it("lands on settings with the error when the profile cannot open", async () => {
    const error = { code: "keychain_locked", message: "The password store is locked.", fix: "Unlock it.", details: null, okta: null };
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: false, error }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
    });

    render(App, { backend });

    const notice = await screen.findByTestId("error-notice");
    expect(notice.dataset.code).toBe("keychain_locked");
    expect(screen.getByTestId("screen").dataset.route).toBe("settings");
  });
});
