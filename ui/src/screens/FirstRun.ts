// The first-run screen's work: "Try the demo".

import type { Backend, OpenedProfile, Outcome } from "../lib/backend";

/** The steps of "Try the demo", listed while it runs. */
export const DEMO_STEPS = [
  "Start the practice Aerial service on this computer",
  "Create a signing key and keep it in your keychain",
  "Register the app in the practice Aerial org, as you would in the Admin Console",
  "Sign in with the new key",
];

/** Starts the demo and opens its profile. */
export async function startDemo(backend: Backend): Promise<Outcome<OpenedProfile>> {
  return backend.tryTheDemo();
}
