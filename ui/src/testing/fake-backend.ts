// A Backend for tests: returns scripted responses and records every call it receives.

import type { AppInfo, Backend, IpcError, KeychainReady, Outcome, Screen } from "../lib/backend";

export type Call = { command: "appInfo" } | { command: "checkKeychain" } | { command: "screenShown"; screen: Screen };

export interface FakeBackend extends Backend {
  calls: Call[];
  /** Responses to successive keychain checks. The last one repeats. */
  keychainResponses: Outcome<KeychainReady>[];
}

export const appInfo: AppInfo = { name: "Aerial Desk", version: "1.2.3", buildFlavour: "release" };

export function keychainReady(store = "Secret Service (GNOME Keyring or KWallet)"): Outcome<KeychainReady> {
  return { ok: true, value: { store } };
}

export function keychainProblem(error: IpcError): Outcome<KeychainReady> {
  return { ok: false, error };
}

export function fakeBackend(keychainResponses: Outcome<KeychainReady>[]): FakeBackend {
  const fake: FakeBackend = {
    calls: [],
    keychainResponses,
    appInfo() {
      fake.calls.push({ command: "appInfo" });
      return Promise.resolve(appInfo);
    },
    checkKeychain() {
      fake.calls.push({ command: "checkKeychain" });
      const response = fake.keychainResponses.length > 1 ? fake.keychainResponses.shift() : fake.keychainResponses[0];
      if (!response) {
        return Promise.reject(new Error("the fake backend has no keychain response scripted"));
      }
      return Promise.resolve(response);
    },
    screenShown(screen) {
      fake.calls.push({ command: "screenShown", screen });
      return Promise.resolve();
    },
  };
  return fake;
}
