// The shell's decisions, kept out of App.svelte so they can be tested against the fake backend.

import type { Backend, IpcError, OpenedProfile, RecheckNotice } from "../lib/backend";
import type { Route } from "./navigation";

/** The outcome of opening the active profile at start. */
export type Start =
  | { state: "first-run" }
  | { state: "opened"; opened: OpenedProfile }
  | { state: "failed"; error: IpcError };

/** Opens the active profile at start: first run when there is none. */
export async function openAtStart(backend: Backend): Promise<Start> {
  const outcome = await backend.openActiveProfile();
  if (!outcome.ok) {
    return { state: "failed", error: outcome.error };
  }
  return outcome.value ? { state: "opened", opened: outcome.value } : { state: "first-run" };
}

/** The notice shown when the open profile was removed and others remain. */
export const CHOOSE_PROFILE_NOTICE = "No profile is open. Choose one in the Profile menu at the top.";

/**
 * Returns the screen to show once no profile is open after a removal: the first run when no
 * profile remains, else Settings, where the admin chooses another one.
 */
export function routeWithoutProfile(remaining: number): Route {
  return remaining === 0 ? { name: "first-run" } : { name: "settings" };
}

/** Returns the first screen shown after a profile opens. */
export function landingRoute(): Route {
  return { name: "orgs" };
}

const ACTION_WORDS: Record<string, string> = {
  link: "Linking",
  products: "The product change",
  status: "The status change",
  deletion_request: "The deletion request",
  org_creation: "Creating",
  consent: "The consent change",
  starter_configuration: "The starter configuration",
};

/** Describes, one sentence each, the changes from earlier runs whose outcome was checked again. */
export function recheckSentences(rechecks: RecheckNotice[]): string[] {
  return rechecks.map((recheck) => {
    const action = ACTION_WORDS[recheck.action] ?? `The ${recheck.action.replaceAll("_", " ")} change`;
    const target = `${action} of ${recheck.org}`;
    if (recheck.state === "succeeded") {
      return `${target}, which was interrupted earlier, took effect at Okta.`;
    }
    if (recheck.state === "failed") {
      return `${target}, which was interrupted earlier, did not take effect: ${recheck.note}`;
    }
    return `${target} is still unconfirmed: ${recheck.note} Check the org before trying again.`;
  });
}
