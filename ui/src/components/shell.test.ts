import { describe, expect, it } from "vitest";
import { fakeBackend, keychainReady } from "../testing/fake-backend";
import { demoProfile, opened } from "../testing/profiles";
import { openAtStart, recheckSentences } from "./shell";

describe("openAtStart", () => {
  it("shows the first run when no profile is active", async () => {
    const backend = fakeBackend([keychainReady()], { openActiveProfile: [{ ok: true, value: null }] });

    const start = await openAtStart(backend);

    expect(start).toEqual({ state: "first-run" });
    expect(backend.calls).toEqual([{ command: "openActiveProfile" }]);
  });

  it("returns the opened profile", async () => {
    const value = opened(demoProfile());
    const backend = fakeBackend([keychainReady()], { openActiveProfile: [{ ok: true, value }] });

    const start = await openAtStart(backend);

    expect(start).toEqual({ state: "opened", opened: value });
  });

  it("keeps the error when opening fails", async () => {
    const error = { code: "keychain_locked", message: "The password store is locked.", fix: null, details: null, okta: null };
    const backend = fakeBackend([keychainReady()], { openActiveProfile: [{ ok: false, error }] });

    const start = await openAtStart(backend);

    expect(start).toEqual({ state: "failed", error });
  });
});

describe("recheckSentences", () => {
  it("says a settled change took effect", () => {
    const [sentence] = recheckSentences([{ org: "00o1", action: "status", state: "succeeded", note: "" }]);

    expect(sentence).toBe("The status change of 00o1, which was interrupted earlier, took effect at Okta.");
  });

  it("says a failed change did not take effect", () => {
    const [sentence] = recheckSentences([{ org: "00o1", action: "products", state: "failed", note: "Okta has no such org." }]);

    expect(sentence).toContain("did not take effect: Okta has no such org.");
  });

  it("asks to check an unconfirmed change", () => {
    const [sentence] = recheckSentences([
      { org: "acme.okta.com", action: "link", state: "outcome_unknown", note: "Okta did not answer." },
    ]);

    expect(sentence).toBe("Linking of acme.okta.com is still unconfirmed: Okta did not answer. Check the org before trying again.");
  });
});
