// The connection test's steps in plain words.

import type { CheckStep, StepState } from "../lib/backend";

export const checkLabels: Record<CheckStep, string> = {
  reachOrg: "Reach the Aerial org",
  getToken: "Get an access token with the key",
  scopes: "Scopes okta.accounts.read and okta.accounts.manage granted",
  readAccount: "Read the Aerial account",
  clock: "This computer's clock agrees with Okta's",
};

export const stepStateLabels: Record<StepState, string> = {
  passed: "passed",
  failed: "failed",
  skipped: "not run",
  warning: "passed with a warning",
};

/** The mark shown before each step of the checklist. */
export const stepMarks: Record<StepState, string> = {
  passed: "✓",
  failed: "✗",
  skipped: "–",
  warning: "!",
};
