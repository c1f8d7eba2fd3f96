import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { demoProfile, opened } from "../testing/profiles";
import FirstRun from "./FirstRun.svelte";
import { stepStates } from "./FirstRun";

describe("stepStates", () => {
  it("marks earlier steps done", () => {
    expect(stepStates("signIn")).toEqual(["done", "done", "current", "waiting"]);
  });

  it("leaves every step waiting before the first report", () => {
    expect(stepStates(null)).toEqual(["waiting", "waiting", "waiting", "waiting"]);
  });
});

describe("FirstRun screen", () => {
  it("opens the demo profile", async () => {
    const value = opened(demoProfile());
    const onOpened = vi.fn();
    const backend = fakeBackend([keychainReady()], { tryTheDemo: [{ ok: true, value }] });
    render(FirstRun, { backend, onOpened, onConnect: vi.fn() });

    await fireEvent.click(screen.getByTestId("try-demo"));

    await vi.waitFor(() => {
      expect(onOpened).toHaveBeenCalledWith(value);
    });
    expect(backend.calls).toContainEqual({ command: "tryTheDemo" });
  });

  it("explains a demo that cannot start", async () => {
    const error = {
      code: "keychain_locked",
      message: "The password store is locked.",
      fix: "Unlock it, then try again.",
      details: null,
      okta: null,
    };
    const backend = fakeBackend([keychainReady()], { tryTheDemo: [{ ok: false, error }] });
    render(FirstRun, { backend, onOpened: vi.fn(), onConnect: vi.fn() });

    await fireEvent.click(screen.getByTestId("try-demo"));

    const notice = await screen.findByTestId("error-notice");
    expect(notice.textContent).toContain("The demo could not start");
    expect(notice.textContent).toContain("Unlock it, then try again.");
  });

  it("opens the connect wizard", async () => {
    const onConnect = vi.fn();
    const backend = fakeBackend([keychainReady()]);
    render(FirstRun, { backend, onOpened: vi.fn(), onConnect });

    await fireEvent.click(screen.getByTestId("connect-account"));

    expect(onConnect).toHaveBeenCalledOnce();
  });
});
