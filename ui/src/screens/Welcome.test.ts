import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { fakeBackend, keychainProblem, keychainReady } from "../testing/fake-backend";
import Welcome from "./Welcome.svelte";

const noPasswordStore = keychainProblem({
  code: "keychain_no_password_store",
  message: "No password store is running.",
  fix: "Start GNOME Keyring or KWallet, then try again.",
  details: "DBus error: The name org.freedesktop.secrets was not provided by any .service files",
  okta: null,
});

describe("Welcome screen", () => {
  it("shows the name and version", async () => {
    render(Welcome, { backend: fakeBackend([keychainReady()]) });

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Aerial Desk");
    await waitFor(() => {
      expect(screen.getByTestId("app-version").textContent.trim()).toBe("Version 1.2.3");
    });
  });

  it("shows a ready keychain and reports the screen once", async () => {
    const backend = fakeBackend([keychainReady()]);

    render(Welcome, { backend });

    await waitFor(() => {
      expect(screen.getByTestId("keychain-status").textContent).toContain("The keychain is ready.");
    });
    await waitFor(() => {
      expect(backend.calls).toContainEqual({ command: "screenShown", screen: "welcome" });
    });
    expect(backend.calls.filter((call) => call.command === "checkKeychain")).toHaveLength(1);
  });

  it("explains a missing password store in plain words", async () => {
    render(Welcome, { backend: fakeBackend([noPasswordStore]) });

    await waitFor(() => {
      expect(screen.getByTestId("keychain-status").textContent).toContain(
        "No password store is running. Start GNOME Keyring or KWallet, then try again.",
      );
    });
    expect(screen.getByText("Details").tagName).toBe("SUMMARY");
  });

  it("checks again when asked and shows the new result", async () => {
    const backend = fakeBackend([noPasswordStore, keychainReady()]);
    render(Welcome, { backend });
    const button = await screen.findByRole("button", { name: "Check again" });

    await fireEvent.click(button);

    await waitFor(() => {
      expect(screen.getByTestId("keychain-status").textContent).toContain("The keychain is ready.");
    });
    expect(backend.calls.filter((call) => call.command === "checkKeychain")).toHaveLength(2);
    await waitFor(() => {
      expect(backend.calls.filter((call) => call.command === "screenShown")).toHaveLength(1);
    });
  });
});
