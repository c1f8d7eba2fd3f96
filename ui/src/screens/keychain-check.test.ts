import { describe, expect, it } from "vitest";
import { fakeBackend, keychainProblem, keychainReady } from "../testing/fake-backend";
import { checkKeychain } from "./keychain-check";

describe("checkKeychain", () => {
  it("reports a ready store by name", async () => {
    const backend = fakeBackend([keychainReady("macOS Keychain")]);

    const view = await checkKeychain(backend);

    expect(view).toEqual({ state: "ready", store: "macOS Keychain" });
    expect(backend.calls).toEqual([{ command: "checkKeychain" }]);
  });

  it("keeps the code, words and details of a problem", async () => {
    const backend = fakeBackend([
      keychainProblem({
        code: "keychain_locked",
        message: "The password store is locked.",
        fix: "Unlock it, then try again.",
        details: "Secret Service: no result found",
        okta: null,
      }),
    ]);

    const view = await checkKeychain(backend);

    expect(view).toEqual({
      state: "problem",
      code: "keychain_locked",
      message: "The password store is locked.",
      fix: "Unlock it, then try again.",
      details: "Secret Service: no result found",
    });
  });
});
