// The keychain part of the welcome screen, derived from the backend's check.

import type { Backend, ErrorCode } from "../lib/backend";

/** The keychain line of the welcome screen. */
export type KeychainView =
  | { state: "checking" }
  | { state: "ready"; store: string }
  | { state: "problem"; code: ErrorCode; message: string; fix: string | null; details: string | null };

/** Asks the backend to probe the keychain and converts the result into the screen's view. */
export async function checkKeychain(backend: Backend): Promise<KeychainView> {
  const outcome = await backend.checkKeychain();
  if (outcome.ok) {
    return { state: "ready", store: outcome.value.store };
  }
  const { code, message, fix, details } = outcome.error;
  return { state: "problem", code, message, fix, details };
}
