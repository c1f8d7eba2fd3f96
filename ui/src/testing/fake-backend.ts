// A Backend for tests: returns scripted responses and records every call it receives.

import type {
  AppInfo,
  AppliedView,
  Backend,
  ExportResult,
  HistoryEntry,
  HistoryFilter,
  IpcError,
  KeychainReady,
  OpenedProfile,
  OrgDetail,
  OrgRow,
  Outcome,
  PlanView,
  ProfileEdit,
  ProfileList,
  Screen,
  StarterCreated,
  StarterInput,
} from "../lib/backend";
import type { NewParent, ParentOrgView } from "../lib/backend";

export type Call =
  | { command: "appInfo" }
  | { command: "checkKeychain" }
  | { command: "screenShown"; screen: Screen }
  // Profiles and the demo.
  | { command: "listProfiles" }
  | { command: "openActiveProfile" }
  | { command: "switchProfile"; name: string }
  | { command: "tryTheDemo" }
  // Orgs, products, status, history and settings.
  | { command: "listOrgs" }
  | { command: "cancelLoads" }
  | { command: "orgDetail"; orgId: string }
  | { command: "planProducts"; orgId: string; enable: string[]; disable: string[] }
  | { command: "applyProducts"; orgId: string }
  | { command: "setOrgStatus"; orgId: string; active: boolean; typedName: string | null }
  | { command: "requestOrgDeletion"; orgId: string; typedName: string }
  | { command: "applyStarterToOrg"; orgId: string; starter: StarterInput }
  | { command: "history"; filter: HistoryFilter }
  | { command: "exportHistoryCsv"; filter: HistoryFilter }
  | { command: "removeProfile"; name: string }
  | { command: "renameProfile"; name: string; newName: string }
  | { command: "profileForEdit"; name: string }
  | { command: "editProfile"; name: string; edit: ProfileEdit }
  | { command: "openLogFolder" }
  | { command: "diagnostics" }
  // The parent orgs of a profile in Settings.
  | { command: "profileParentOrgs"; name: string }
  | { command: "checkParentAddress"; name: string; value: string }
  | { command: "addProfileParent"; name: string; parent: NewParent }
  | { command: "removeProfileParent"; name: string; address: string };

/**
 * Scripted responses per command, consumed in order; the last one repeats. A command with no
 * response scripted fails the test with a clear message.
 */
export type Responses = {
  listProfiles?: Outcome<ProfileList>[];
  openActiveProfile?: Outcome<OpenedProfile | null>[];
  switchProfile?: Outcome<OpenedProfile>[];
  tryTheDemo?: Outcome<OpenedProfile>[];
  // Orgs, products, status, history and settings.
  /** Each response is the list of pages; the fake reports progress after each page. */
  listOrgs?: Outcome<OrgRow[][]>[];
  orgDetail?: Outcome<OrgDetail>[];
  planProducts?: Outcome<PlanView>[];
  applyProducts?: Outcome<AppliedView>[];
  setOrgStatus?: Outcome<OrgRow>[];
  requestOrgDeletion?: Outcome<null>[];
  applyStarterToOrg?: Outcome<StarterCreated>[];
  history?: Outcome<HistoryEntry[]>[];
  exportHistoryCsv?: Outcome<ExportResult | null>[];
  removeProfile?: Outcome<ProfileList>[];
  renameProfile?: Outcome<ProfileList>[];
  profileForEdit?: Outcome<ProfileEdit>[];
  editProfile?: Outcome<ProfileList>[];
  openLogFolder?: Outcome<null>[];
  diagnostics?: Outcome<string>[];
  // The parent orgs of a profile in Settings.
  profileParentOrgs?: Outcome<ParentOrgView[]>[];
  addProfileParent?: Outcome<ParentOrgView[]>[];
  removeProfileParent?: Outcome<ParentOrgView[]>[];
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
    async tryTheDemo(onProgress) {
      fake.calls.push({ command: "tryTheDemo" });
      const response = await nextResponse(fake.responses, "tryTheDemo");
      for (const step of ["startService", "prepareProfile", "signIn", "checkChanges"] as const) {
        onProgress({ step, notice: null });
      }
      return response;
    },
    // Orgs, products, status, history and settings.
    async listOrgs(onProgress) {
      fake.calls.push({ command: "listOrgs" });
      const response = await nextResponse(fake.responses, "listOrgs");
      if (!response.ok) {
        return response;
      }
      const orgs: OrgRow[] = [];
      for (const page of response.value) {
        orgs.push(...page);
        onProgress({ loaded: orgs.length });
      }
      return { ok: true, value: orgs };
    },
    cancelLoads() {
      fake.calls.push({ command: "cancelLoads" });
      return Promise.resolve();
    },
    orgDetail(orgId) {
      fake.calls.push({ command: "orgDetail", orgId });
      return nextResponse(fake.responses, "orgDetail");
    },
    planProducts(orgId, enable, disable) {
      fake.calls.push({ command: "planProducts", orgId, enable, disable });
      return nextResponse(fake.responses, "planProducts");
    },
    applyProducts(orgId) {
      fake.calls.push({ command: "applyProducts", orgId });
      return nextResponse(fake.responses, "applyProducts");
    },
    setOrgStatus(orgId, active, typedName) {
      fake.calls.push({ command: "setOrgStatus", orgId, active, typedName });
      return nextResponse(fake.responses, "setOrgStatus");
    },
    requestOrgDeletion(orgId, typedName) {
      fake.calls.push({ command: "requestOrgDeletion", orgId, typedName });
      return nextResponse(fake.responses, "requestOrgDeletion");
    },
    applyStarterToOrg(orgId, starter) {
      fake.calls.push({ command: "applyStarterToOrg", orgId, starter });
      return nextResponse(fake.responses, "applyStarterToOrg");
    },
    history(filter) {
      fake.calls.push({ command: "history", filter });
      return nextResponse(fake.responses, "history");
    },
    exportHistoryCsv(filter) {
      fake.calls.push({ command: "exportHistoryCsv", filter });
      return nextResponse(fake.responses, "exportHistoryCsv");
    },
    removeProfile(name) {
      fake.calls.push({ command: "removeProfile", name });
      return nextResponse(fake.responses, "removeProfile");
    },
    renameProfile(name, newName) {
      fake.calls.push({ command: "renameProfile", name, newName });
      return nextResponse(fake.responses, "renameProfile");
    },
    profileForEdit(name) {
      fake.calls.push({ command: "profileForEdit", name });
      return nextResponse(fake.responses, "profileForEdit");
    },
    editProfile(name, edit) {
      fake.calls.push({ command: "editProfile", name, edit });
      return nextResponse(fake.responses, "editProfile");
    },
    openLogFolder() {
      fake.calls.push({ command: "openLogFolder" });
      return nextResponse(fake.responses, "openLogFolder");
    },
    diagnostics() {
      fake.calls.push({ command: "diagnostics" });
      return nextResponse(fake.responses, "diagnostics");
    },
    // The parent orgs of a profile in Settings.
    profileParentOrgs(name) {
      fake.calls.push({ command: "profileParentOrgs", name });
      return nextResponse(fake.responses, "profileParentOrgs");
    },
    checkParentAddress(name, value) {
      fake.calls.push({ command: "checkParentAddress", name, value });
      return Promise.resolve(simpleCheck(value));
    },
    addProfileParent(name, parent) {
      fake.calls.push({ command: "addProfileParent", name, parent });
      return nextResponse(fake.responses, "addProfileParent");
    },
    removeProfileParent(name, address) {
      fake.calls.push({ command: "removeProfileParent", name, address });
      return nextResponse(fake.responses, "removeProfileParent");
    },
  };
  return fake;
}

// ---- The connect, link and create-org wizards ----

import type { CheckStep, ConnectionReport, CreatedOrg, FieldCheck, PublicKeyView, WizardBackend } from "../lib/backend";

export type WizardCall = { command: keyof WizardBackend; args: unknown[] };

/** A recording fake of the wizards' backend. Each method answers through `answers`, which a test
 * may replace; the defaults describe a working account. */
export interface FakeWizardBackend extends WizardBackend {
  calls: WizardCall[];
  answers: { [K in keyof WizardBackend]: WizardBackend[K] };
  /** The calls made to one command, with their arguments. */
  callsTo(command: keyof WizardBackend): unknown[][];
}

export const samplePublicKey: PublicKeyView = {
  kid: "kid-1",
  algorithm: "ES256",
  jwk: '{\n  "kty": "EC",\n  "kid": "kid-1"\n}',
  thumbprint: "thumb-1",
};

export const sampleCreatedOrg: CreatedOrg = {
  id: "00oNEW",
  subdomain: "acme-new",
  name: "Acme New",
  address: "https://acme-new.okta.com",
  domain: "acme-new.okta.com",
  apiToken: "00token-shown-once",
  tokenProblem: null,
};

export function passedReport(): ConnectionReport {
  const steps: CheckStep[] = ["reachOrg", "getToken", "scopes", "readAccount", "clock"];
  return { steps: steps.map((step) => ({ step, state: "passed", note: null, problem: null })), failure: null, accountName: "Northwind", dpopRequired: false };
}

/** A check that accepts any text but blank text and text with "!", and trims the rest. */
export function simpleCheck(value: string): FieldCheck {
  if (value.trim() === "") {
    return { value, problem: "Enter a value." };
  }
  if (value.includes("!")) {
    return { value, problem: "It contains \"!\"." };
  }
  return { value: value.trim(), problem: null };
}

const ok = <T,>(value: T): Promise<Outcome<T>> => Promise.resolve({ ok: true, value });

export function fakeWizardBackend(): FakeWizardBackend {
  const answers: FakeWizardBackend["answers"] = {
    checkConnectInput: (_field, _environment, value) => Promise.resolve(simpleCheck(value)),
    connectDemoDefaults: () => ok(null),
    generateConnectKey: () => ok(samplePublicKey),
    importConnectKeyText: () => ok(samplePublicKey),
    importConnectKeyFile: () => ok({ outcome: "imported", key: samplePublicKey }),
    importKeyFileWithPassphrase: () => ok({ outcome: "imported", key: samplePublicKey }),
    savePublicKey: () => ok("acme-public-jwks.json"),
    registerDemoClient: () => ok("0oaDEMO"),
    discardConnectKey: () => ok(null),
    testConnectDraft: () => ok(passedReport()),
    saveConnectProfile: (draft) =>
      ok({
        profile: { name: draft.profileName, environment: draft.environment, accountId: draft.accountId, aerialOrg: draft.aerialOrg, clientId: draft.clientId, parentOrgs: [] },
        rechecks: [],
        recheckFailure: null,
      }),
    checkLinkInput: (_field, value) => Promise.resolve(simpleCheck(value)),
    linkWizardIntro: () => Promise.resolve({ warning: "Linking cannot be undone.", consent: "Okta links an org only after consent." }),
    checkLinkConsent: () => ok({ state: "granted", accountId: "0227acct", grantedBy: "00u1", grantedDate: "2026-01-02" }),
    linkOrg: (request) => ok({ id: "00oLINKED", name: "Linked org", domain: request.org, cell: request.cell, status: "ACTIVE" }),
    linkSuggestions: () => ok([]),
    keepOrgToken: () => ok({ state: "missing" }),
    grantLinkConsent: () => ok({ state: "granted", accountId: "0227acct", grantedBy: "00u1", grantedDate: "2026-01-02" }),
    parentOrgs: () => ok([{ address: "acme.okta.com", domain: "acme.okta.com", credential: "apiToken" }]),
    checkNewOrgInput: (_field, value) => Promise.resolve(simpleCheck(value)),
    addParent: (parent) => ok({ address: parent.address, domain: parent.address, credential: parent.credential.kind }),
    createChildOrg: () => ok(sampleCreatedOrg),
    waitForNewOrg: () => ok(true),
    lookUpCreatedOrg: () => ok({ state: "succeeded", note: "Okta shows the change took effect" }),
    applyStarter: (_address, starter) => ok({ groupIds: starter.groups.map((_, index) => `00g${String(index)}`), appId: "0oaAPP" }),
  };
  const calls: WizardCall[] = [];
  const fake = { calls, answers, callsTo: (command: keyof WizardBackend) => calls.filter((call) => call.command === command).map((call) => call.args) } as FakeWizardBackend;
  for (const command of Object.keys(answers) as (keyof WizardBackend)[]) {
    Object.defineProperty(fake, command, {
      value: (...args: unknown[]) => {
        calls.push({ command, args });
        return (fake.answers[command] as (...a: unknown[]) => unknown)(...args);
      },
    });
  }
  return fake;
}
