// Sample profiles for tests of the shell and the profile screens.

import type { OpenedProfile, ProfileSummary } from "../lib/backend";

export function demoProfile(): ProfileSummary {
  return {
    name: "Demo",
    environment: "demo",
    accountId: "acc0demo1234567890",
    aerialOrg: "northwind-aerial.sim.localhost:41234",
    clientId: "0oademo1234567890abc",
    parentOrgs: ["northwind-eu.sim.localhost:41234"],
  };
}

export function productionProfile(): ProfileSummary {
  return {
    name: "Acme",
    environment: "production",
    accountId: "acc1acme1234567890",
    aerialOrg: "acme-aerial.okta.com",
    clientId: "0oaacme1234567890abc",
    parentOrgs: [],
  };
}

export function opened(profile: ProfileSummary, rechecks: OpenedProfile["rechecks"] = []): OpenedProfile {
  return { profile, rechecks, recheckFailure: null };
}
