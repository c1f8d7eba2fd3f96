// A Backend for tests: returns scripted responses and records every call it receives.

import type { AppInfo, Backend, IpcError, KeychainReady, OpenedProfile, Outcome, ProfileList, Screen } from "../lib/backend";

export type Call =
  | { command: "appInfo" }
  | { command: "checkKeychain" }
  | { command: "screenShown"; screen: Screen }
  // Profiles and the demo.
  | { command: "listProfiles" }
  | { command: "openActiveProfile" }
  | { command: "switchProfile"; name: string }
  | { command: "tryTheDemo" };

/**
 * Scripted responses per command, consumed in order; the last one repeats. A command with no
 * response scripted fails the test with a clear message.
 */
export type Responses = {
  listProfiles?: Outcome<ProfileList>[];
  openActiveProfile?: Outcome<OpenedProfile | null>[];
  switchProfile?: Outcome<OpenedProfile>[];
  tryTheDemo?: Outcome<OpenedProfile>[];
};

export interface FakeBackend extends Backend {
  calls: Call[];
  /** Responses to successive keychain checks. The last one repeats. */
  keychainResponses: Outcome<KeychainReady>[];
  responses: Responses;
}

/** Returns the next scripted response for `command`, repeating the last one. */
export function nextResponse<K extends keyof Responses>(
  responses: Responses,
  command: K,
): Promise<NonNullable<Responses[K]>[number]> {
  const queue = responses[command] as NonNullable<Responses[K]>[number][] | undefined;
  const response = queue && queue.length > 1 ? queue.shift() : queue?.[0];
  if (response === undefined) {
    return Promise.reject(new Error(`the fake backend has no response scripted for ${command}`));
  }
  return Promise.resolve(response);
}

export const appInfo: AppInfo = { name: "Aerial Desk", version: "1.2.3", buildFlavour: "release" };

export function keychainReady(store = "Secret Service (GNOME Keyring or KWallet)"): Outcome<KeychainReady> {
  return { ok: true, value: { store } };
}

export function keychainProblem(error: IpcError): Outcome<KeychainReady> {
  return { ok: false, error };
}

export function fakeBackend(keychainResponses: Outcome<KeychainReady>[], responses: Responses = {}): FakeBackend {
  const fake: FakeBackend = {
    calls: [],
    keychainResponses,
    responses,
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
    // Profiles and the demo.
    listProfiles() {
      fake.calls.push({ command: "listProfiles" });
      return nextResponse(fake.responses, "listProfiles");
    },
    openActiveProfile() {
      fake.calls.push({ command: "openActiveProfile" });
      return nextResponse(fake.responses, "openActiveProfile");
    },
    switchProfile(name) {
      fake.calls.push({ command: "switchProfile", name });
      return nextResponse(fake.responses, "switchProfile");
    },
    tryTheDemo() {
      fake.calls.push({ command: "tryTheDemo" });
      return nextResponse(fake.responses, "tryTheDemo");
    },
  };
  return fake;
}
