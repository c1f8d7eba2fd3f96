import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { warnBeforeLeaving } from "./components/navigation";
import { fakeBackend, fakeWizardBackend, keychainReady } from "./testing/fake-backend";
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

    const notice = await screen.findByTestId("shell-notice");
    expect(notice.textContent).toContain("took effect at Okta");
  });

  it("keeps Settings after removing the open profile", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile()) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile(), demoProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
      profileParentOrgs: [{ ok: true, value: [] }],
      removeProfile: [{ ok: true, value: { profiles: [demoProfile()], active: null } }],
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    const [acme] = await screen.findAllByTestId("remove-profile");

    if (!acme) throw new Error("Settings lists no profile");
    await fireEvent.click(acme);
    await fireEvent.click(await screen.findByTestId("remove-confirm"));

    const notice = await screen.findByTestId("shell-notice");
    expect(notice.textContent).toContain("Choose one in the Profile menu");
    expect(screen.getByTestId("screen").dataset.route).toBe("settings");
    expect(screen.getByTestId("profile-switcher").textContent).toContain("No profile");
    expect(backend.calls).toContainEqual({ command: "removeProfile", name: "Acme" });
  });

  it("returns to the first run when the last profile is removed", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile()) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
      profileParentOrgs: [{ ok: true, value: [] }],
      removeProfile: [{ ok: true, value: { profiles: [], active: null } }],
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId("nav-settings"));

    await fireEvent.click(await screen.findByTestId("remove-profile"));
    await fireEvent.click(await screen.findByTestId("remove-confirm"));

    expect(await screen.findByTestId("try-demo")).toBeTruthy();
    expect(screen.queryByTestId("shell-notice")).toBeNull();
  });

  it("asks before leaving a screen that warns, and stays on Stay", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile()) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
      history: [{ ok: true, value: [] }],
    });
    render(App, { backend });
    await screen.findByTestId("orgs-count");
    const stop = warnBeforeLeaving(() => "The token is shown only here.");

    try {
      await fireEvent.click(screen.getByTestId("nav-history"));
      const dialog = await screen.findByTestId("leave-dialog");
      expect(dialog.textContent).toContain("The token is shown only here.");
      expect(screen.getByTestId("screen").dataset.route).toBe("orgs");
      await fireEvent.click(screen.getByText("Stay"));
      await waitFor(() => {
        expect(screen.queryByTestId("leave-dialog")).toBeNull();
      });
      expect(screen.getByTestId("screen").dataset.route).toBe("orgs");

      await fireEvent.click(screen.getByTestId("nav-history"));
      await fireEvent.click(await screen.findByTestId("leave-confirm"));
      await waitFor(() => {
        expect(screen.getByTestId("screen").dataset.route).toBe("history");
      });
    } finally {
      stop();
    }
  });

  it("starts the link wizard afresh when it is chosen again", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile()) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
    });
    render(App, { backend, wizards: fakeWizardBackend() });
    await screen.findByTestId("orgs-count");
    await fireEvent.click(screen.getByTestId("nav-link"));
    const domain = await screen.findByLabelText<HTMLInputElement>("Org domain");
    await fireEvent.input(domain, { target: { value: "acme-eu.okta.com" } });

    await fireEvent.click(screen.getByTestId("nav-link"));

    await waitFor(() => {
      expect(screen.getByLabelText<HTMLInputElement>("Org domain").value).toBe("");
    });
  });

  it("lands on settings with the error when the profile cannot open", async () => {
    const error = { code: "keychain_locked", message: "The password store is locked.", fix: "Unlock it.", details: null, okta: null };
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: false, error }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      profileParentOrgs: [{ ok: true, value: [] }],
    });

    render(App, { backend });

    const notice = await screen.findByTestId("error-notice");
    expect(notice.dataset.code).toBe("keychain_locked");
    expect(screen.getByTestId("screen").dataset.route).toBe("settings");
  });

  it("starts each screen at the top of the content area", async () => {
    const backend = fakeBackend([keychainReady()], {
      openActiveProfile: [{ ok: true, value: opened(productionProfile()) }],
      listProfiles: [{ ok: true, value: { profiles: [productionProfile()], active: "Acme" } }],
      listOrgs: [{ ok: true, value: [[]] }],
      history: [{ ok: true, value: [] }],
    });
    render(App, { backend });
    const content = await screen.findByTestId("screen");
    await waitFor(() => {
      expect(content.dataset.route).toBe("orgs");
    });
    content.scrollTop = 120;
    expect(content.scrollTop).toBe(120);

    await fireEvent.click(screen.getByTestId("nav-history"));

    await waitFor(() => {
      expect(content.dataset.route).toBe("history");
    });
    expect(content.scrollTop).toBe(0);
  });
});
