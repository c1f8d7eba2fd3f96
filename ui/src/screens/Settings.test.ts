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

  it("shows the copied diagnostics", async () => {
    const text = "Aerial Desk 0.1.0 (release)\nRecent errors: 0\n";
    const backend = fakeBackend([keychainReady()], { diagnostics: [{ ok: true, value: text }] });
    render(Settings, { backend, profiles: [], active: null, onSwitch: vi.fn(), onChanged: vi.fn() });

    await fireEvent.click(screen.getByTestId("copy-diagnostics"));

    const shown = await screen.findByTestId("diagnostics-text");
    expect(shown.textContent).toBe(text);
  });
});
