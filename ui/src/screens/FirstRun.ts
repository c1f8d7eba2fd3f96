// The first-run screen's work: "Try the demo", with its steps as the backend reports them.

import type { Backend, DemoProgress, DemoStep, OpenedProfile, Outcome } from "../lib/backend";

/** The steps of "Try the demo" in order, with the words the screen lists them in. */
export const DEMO_STEPS: { step: DemoStep; label: string }[] = [
  { step: "startService", label: "Start the practice Aerial service on this computer" },
  { step: "prepareProfile", label: "Create a signing key in your keychain and register the app, as you would in the Admin Console" },
  { step: "signIn", label: "Sign in with the key" },
  { step: "checkChanges", label: "Check changes that were interrupted earlier" },
];

/** The state of one listed step. */
export type StepState = "done" | "current" | "waiting";

/** Returns the state of each step once `current` has begun. */
export function stepStates(current: DemoStep | null): StepState[] {
  const index = current === null ? -1 : DEMO_STEPS.findIndex((item) => item.step === current);
  return DEMO_STEPS.map((_, position) => {
    if (position < index) return "done";
    return position === index ? "current" : "waiting";
  });
}

/** Starts the demo and opens its profile, passing each step to `onProgress`. */
export async function startDemo(backend: Backend, onProgress: (progress: DemoProgress) => void): Promise<Outcome<OpenedProfile>> {
  return backend.tryTheDemo(onProgress);
}
