// A Backend for tests: answers from a script and records every call it receives.

import type { AppInfo, Backend, IpcError, KeychainReady, Outcome, Screen } from "../lib/backend";

export type Call = { command: "appInfo" } | { command: "checkKeychain" } | { command: "screenShown"; screen: Screen };

export interface FakeBackend extends Backend {
  calls: Call[];
  /** Answers for successive keychain checks; the last one repeats. */
  keychainAnswers: Outcome<KeychainReady>[];
}

export const appInfo: AppInfo = { name: "Aerial Desk", version: "1.2.3", buildFlavour: "release" };

export function keychainReady(store = "Secret Service (GNOME Keyring or KWallet)"): Outcome<KeychainReady> {
  return { ok: true, value: { store } };
}

export function keychainProblem(error: IpcError): Outcome<KeychainReady> {
  return { ok: false, error };
}

export function fakeBackend(keychainAnswers: Outcome<KeychainReady>[]): FakeBackend {
  const fake: FakeBackend = {
    calls: [],
    keychainAnswers,
    appInfo() {
      fake.calls.push({ command: "appInfo" });
      return Promise.resolve(appInfo);
    },
    checkKeychain() {
      fake.calls.push({ command: "checkKeychain" });
      const answer = fake.keychainAnswers.length > 1 ? fake.keychainAnswers.shift() : fake.keychainAnswers[0];
      if (!answer) {
        return Promise.reject(new Error("the fake backend has no keychain answer scripted"));
      }
      return Promise.resolve(answer);
    },
    screenShown(screen) {
      fake.calls.push({ command: "screenShown", screen });
      return Promise.resolve();
    },
  };
  return fake;
}
