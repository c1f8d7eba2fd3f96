// The UI's only way to reach the Rust backend. Screens receive a `Backend` and never import
// Tauri, so tests can hand them a fake that records what it was asked.

// Channel carries a command's progress back to the UI; this module is where Tauri is imported.
// eslint-disable-next-line no-restricted-imports
import { Channel } from "@tauri-apps/api/core";
import { commands } from "./bindings";
import type {
  AppInfo,
  IpcError_Serialize,
  KeychainReady,
  AppliedView,
  DemoProgress_Deserialize,
  ExportResult,
  HistoryEntry,
  HistoryFilter,
  OpenedProfile_Serialize,
  OrgDetail_Serialize,
  OrgRow_Serialize,
  OrgsProgress,
  PlanView,
  ProfileEdit,
  ProfileList_Serialize,
  Screen,
} from "./bindings";

export type { AppInfo, KeychainReady, OktaCodes_Serialize as OktaCodes, ProfileSummary, RecheckNotice, Screen } from "./bindings";

/** An error as the backend sends it: `{code, message, fix, details, okta}`. */
export type IpcError = IpcError_Serialize;

/** The snake_case code of an error, such as `keychain_locked` or `scope_not_granted`. */
export type ErrorCode = string;

/** A profile that was opened, with what checking its unfinished changes found. */
export type OpenedProfile = OpenedProfile_Serialize;

/** Every profile, and the active one's name. */
export type ProfileList = ProfileList_Serialize;

import type { ParentOrgView_Serialize } from "./bindings";
/** A parent org as Settings lists it, without its credential. */
export type ParentOrgView = ParentOrgView_Serialize;

export type { AppliedView, DemoStep, ExportResult, ProfileEdit, HistoryEntry, HistoryFilter, OrgsProgress, PlanView, ProductView } from "./bindings";
/** A step of "Try the demo" as it begins, with a message for the user when there is one. */
export type DemoProgress = DemoProgress_Deserialize;
/** One org as the orgs table shows it. */
export type OrgRow = OrgRow_Serialize;
/** One org with its products, consent and creator. */
export type OrgDetail = OrgDetail_Serialize;

/** A command's outcome: the value, or the error the backend reported. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Every backend call a screen can make. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  checkKeychain(): Promise<Outcome<KeychainReady>>;
  screenShown(screen: Screen): Promise<void>;
  listProfiles(): Promise<Outcome<ProfileList>>;
  /** Opens the active profile (restarting the demo for a demo profile); `null` at first run. */
  openActiveProfile(): Promise<Outcome<OpenedProfile | null>>;
  switchProfile(name: string): Promise<Outcome<OpenedProfile>>;
  /** Starts the demo and opens its profile, calling `onProgress` as each step begins. */
  tryTheDemo(onProgress: (progress: DemoProgress) => void): Promise<Outcome<OpenedProfile>>;
  // Orgs, products, status, history and settings.
  /** Loads every org, calling `onProgress` with the running count after each page. */
  listOrgs(onProgress: (progress: OrgsProgress) => void): Promise<Outcome<OrgRow[]>>;
  /** Stops the loads in progress; they fail with the code `cancelled`. */
  cancelLoads(): Promise<void>;
  orgDetail(orgId: string): Promise<Outcome<OrgDetail>>;
  planProducts(orgId: string, enable: string[], disable: string[]): Promise<Outcome<PlanView>>;
  applyProducts(orgId: string): Promise<Outcome<AppliedView>>;
  setOrgStatus(orgId: string, active: boolean, typedName: string | null): Promise<Outcome<OrgRow>>;
  requestOrgDeletion(orgId: string, typedName: string): Promise<Outcome<null>>;
  /** Gives the org starter groups and a bookmark app with the credential the app keeps for it. */
  applyStarterToOrg(orgId: string, starter: StarterInput): Promise<Outcome<StarterCreated>>;
  history(filter: HistoryFilter): Promise<Outcome<HistoryEntry[]>>;
  /** Asks where to save and writes the CSV there; `null` when the user cancels the dialog. */
  exportHistoryCsv(filter: HistoryFilter): Promise<Outcome<ExportResult | null>>;
  removeProfile(name: string): Promise<Outcome<ProfileList>>;
  renameProfile(name: string, newName: string): Promise<Outcome<ProfileList>>;
  profileForEdit(name: string): Promise<Outcome<ProfileEdit>>;
  /** Checks and saves the edited fields; an open profile is reopened. */
  editProfile(name: string, edit: ProfileEdit): Promise<Outcome<ProfileList>>;
  openLogFolder(): Promise<Outcome<null>>;
  diagnostics(): Promise<Outcome<string>>;
  // The parent orgs of a profile in Settings.
  profileParentOrgs(name: string): Promise<Outcome<ParentOrgView[]>>;
  /** Checks a parent org's address as typed: a domain or a base URL, by the profile's environment. */
  checkParentAddress(name: string, value: string): Promise<FieldCheck>;
  /** Adds a parent org; its token or key goes to the keychain once and never comes back. */
  addProfileParent(name: string, parent: NewParent): Promise<Outcome<ParentOrgView[]>>;
  /** Removes a parent org and deletes its credential from the keychain. */
  removeProfileParent(name: string, address: string): Promise<Outcome<ParentOrgView[]>>;
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

function outcome<T>(result: Result<T>): Outcome<T> {
  return result.status === "ok" ? { ok: true, value: result.data } : { ok: false, error: result.error };
}

/** The backend of the running app, over Tauri IPC. */
export const tauriBackend: Backend = {
  appInfo: () => commands.appInfo(),
  checkKeychain: async () => {
    const result = await commands.checkKeychain();
    return result.status === "ok" ? { ok: true, value: result.data } : { ok: false, error: result.error };
  },
  screenShown: async (screen) => {
    await commands.screenShown(screen);
  },
  listProfiles: async () => outcome(await commands.listProfiles()),
  openActiveProfile: async () => outcome(await commands.openActiveProfile()),
  switchProfile: async (name) => outcome(await commands.switchProfile(name)),
  tryTheDemo: async (onProgress) => {
    const channel = new Channel<DemoProgress>();
    channel.onmessage = onProgress;
    return outcome(await commands.tryTheDemo(channel));
  },
  // Orgs, products, status, history and settings.
  listOrgs: async (onProgress) => {
    const channel = new Channel<OrgsProgress>();
    channel.onmessage = onProgress;
    return outcome(await commands.listOrgs(channel));
  },
  cancelLoads: async () => {
    await commands.cancelLoads();
  },
  orgDetail: async (orgId) => outcome(await commands.orgDetail(orgId)),
  planProducts: async (orgId, enable, disable) => outcome(await commands.planProducts(orgId, enable, disable)),
  applyProducts: async (orgId) => outcome(await commands.applyProducts(orgId)),
  setOrgStatus: async (orgId, active, typedName) => outcome(await commands.setOrgStatus(orgId, active, typedName)),
  requestOrgDeletion: async (orgId, typedName) => outcome(await commands.requestOrgDeletion(orgId, typedName)),
  applyStarterToOrg: async (orgId, starter) => outcome(await commands.applyStarterToOrg(orgId, starter)),
  history: async (filter) => outcome(await commands.history(filter)),
  exportHistoryCsv: async (filter) => outcome(await commands.exportHistoryCsv(filter)),
  removeProfile: async (name) => outcome(await commands.removeProfile(name)),
  renameProfile: async (name, newName) => outcome(await commands.renameProfile(name, newName)),
  profileForEdit: async (name) => outcome(await commands.profileForEdit(name)),
  editProfile: async (name, edit) => outcome(await commands.editProfile(name, edit)),
  openLogFolder: async () => outcome(await commands.openLogFolder()),
  diagnostics: async () => outcome(await commands.diagnostics()),
  profileParentOrgs: async (name) => outcome(await commands.profileParentOrgs(name)),
  checkParentAddress: (name, value) => commands.checkParentAddress(name, value),
  addProfileParent: async (name, parent) => outcome(await commands.addProfileParent(name, parent)),
  removeProfileParent: async (name, address) => outcome(await commands.removeProfileParent(name, address)),
};

// ---- The connect, link and create-org wizards ----

import type {
  CheckStep,
  ConnectDraft,
  ConnectEnvironment,
  ConnectField,
  ConnectionReport_Serialize,
  ConsentCheck_Serialize,
  CreatedOrg_Serialize,
  CreationLookup,
  DemoDefaults,
  FieldCheck_Serialize,
  KeyChoice,
  KeyFileImport,
  LinkBy,
  LinkField,
  LinkIntro,
  LinkRequest,
  LinkSuggestion,
  LinkedOrg_Serialize,
  NewOrgDraft,
  NewOrgField,
  NewParent,
  ParentView,
  PublicKeyView,
  StarterCreated_Serialize,
  StarterInput,
  StepState,
} from "./bindings";

export type {
  CheckStep,
  ConnectDraft,
  ConnectEnvironment,
  ConnectField,
  CreationLookup,
  DemoDefaults,
  KeyChoice,
  KeyFileImport,
  LinkBy,
  LinkField,
  LinkIntro,
  LinkRequest,
  LinkSuggestion,
  NewOrgDraft,
  NewOrgField,
  NewParent,
  ParentView,
  PublicKeyView,
  StarterInput,
  StepState,
};
/** An org the link wizard linked. */
export type LinkedOrg = LinkedOrg_Serialize;
export type CreatedOrg = CreatedOrg_Serialize;
/** What a starter configuration created. */
export type StarterCreated = StarterCreated_Serialize;
/** The backend's check of one typed value. */
export type FieldCheck = FieldCheck_Serialize;
/** The connection test's checklist. */
export type ConnectionReport = ConnectionReport_Serialize;
/** What the link wizard's consent pre-check found. */
export type ConsentCheck = ConsentCheck_Serialize;

/** Every backend call the connect, link and create-org wizards make. */
export interface WizardBackend {
  checkConnectInput(field: ConnectField, environment: ConnectEnvironment, value: string): Promise<FieldCheck>;
  connectDemoDefaults(): Promise<Outcome<DemoDefaults | null>>;
  generateConnectKey(profileName: string, choice: KeyChoice): Promise<Outcome<PublicKeyView>>;
  importConnectKeyText(profileName: string, pem: string, passphrase: string | null): Promise<Outcome<PublicKeyView>>;
  importConnectKeyFile(profileName: string): Promise<Outcome<KeyFileImport>>;
  importKeyFileWithPassphrase(profileName: string, passphrase: string): Promise<Outcome<KeyFileImport>>;
  savePublicKey(profileName: string): Promise<Outcome<string | null>>;
  registerDemoClient(profileName: string): Promise<Outcome<string>>;
  discardConnectKey(profileName: string): Promise<Outcome<null>>;
  testConnectDraft(draft: ConnectDraft): Promise<Outcome<ConnectionReport>>;
  saveConnectProfile(draft: ConnectDraft): Promise<Outcome<OpenedProfile>>;
  checkLinkInput(field: LinkField, value: string): Promise<FieldCheck>;
  linkWizardIntro(): Promise<LinkIntro>;
  checkLinkConsent(domain: string): Promise<Outcome<ConsentCheck>>;
  linkOrg(request: LinkRequest): Promise<Outcome<LinkedOrg>>;
  linkSuggestions(): Promise<Outcome<LinkSuggestion[]>>;
  /** Keeps an org's API token (or, with `null`, the demo org's own) and checks its consent. */
  keepOrgToken(domain: string, token: string | null): Promise<Outcome<ConsentCheck>>;
  grantLinkConsent(domain: string): Promise<Outcome<ConsentCheck>>;
  parentOrgs(): Promise<Outcome<ParentView[]>>;
  checkNewOrgInput(field: NewOrgField, value: string): Promise<FieldCheck>;
  addParent(parent: NewParent): Promise<Outcome<ParentView>>;
  createChildOrg(draft: NewOrgDraft): Promise<Outcome<CreatedOrg>>;
  waitForNewOrg(address: string, seconds: number): Promise<Outcome<boolean>>;
  lookUpCreatedOrg(parent: string, subdomain: string): Promise<Outcome<CreationLookup>>;
  applyStarter(address: string, starter: StarterInput): Promise<Outcome<StarterCreated>>;
}

function wizardOutcome<T>(result: { status: "ok"; data: T } | { status: "error"; error: IpcError }): Outcome<T> {
  return result.status === "ok" ? { ok: true, value: result.data } : { ok: false, error: result.error };
}

/** The wizards' calls over Tauri IPC. */
export const tauriWizardBackend: WizardBackend = {
  checkConnectInput: (field, environment, value) => commands.checkConnectInput(field, environment, value),
  connectDemoDefaults: async () => wizardOutcome(await commands.connectDemoDefaults()),
  generateConnectKey: async (profileName, choice) => wizardOutcome(await commands.generateConnectKey(profileName, choice)),
  importConnectKeyText: async (profileName, pem, passphrase) =>
    wizardOutcome(await commands.importConnectKeyText(profileName, pem, passphrase)),
  importConnectKeyFile: async (profileName) => wizardOutcome(await commands.importConnectKeyFile(profileName)),
  importKeyFileWithPassphrase: async (profileName, passphrase) =>
    wizardOutcome(await commands.importKeyFileWithPassphrase(profileName, passphrase)),
  savePublicKey: async (profileName) => wizardOutcome(await commands.savePublicKey(profileName)),
  registerDemoClient: async (profileName) => wizardOutcome(await commands.registerDemoClient(profileName)),
  discardConnectKey: async (profileName) => wizardOutcome(await commands.discardConnectKey(profileName)),
  testConnectDraft: async (draft) => wizardOutcome(await commands.testConnectDraft(draft)),
  saveConnectProfile: async (draft) => wizardOutcome(await commands.saveConnectProfile(draft)),
  checkLinkInput: (field, value) => commands.checkLinkInput(field, value),
  linkWizardIntro: () => commands.linkWizardIntro(),
  checkLinkConsent: async (domain) => wizardOutcome(await commands.checkLinkConsent(domain)),
  linkOrg: async (request) => wizardOutcome(await commands.linkOrg(request)),
  linkSuggestions: async () => wizardOutcome(await commands.linkSuggestions()),
  keepOrgToken: async (domain, token) => wizardOutcome(await commands.keepOrgToken(domain, token)),
  grantLinkConsent: async (domain) => wizardOutcome(await commands.grantLinkConsent(domain)),
  parentOrgs: async () => wizardOutcome(await commands.parentOrgs()),
  checkNewOrgInput: (field, value) => commands.checkNewOrgInput(field, value),
  addParent: async (parent) => wizardOutcome(await commands.addParent(parent)),
  createChildOrg: async (draft) => wizardOutcome(await commands.createChildOrg(draft)),
  waitForNewOrg: async (address, seconds) => wizardOutcome(await commands.waitForNewOrg(address, seconds)),
  lookUpCreatedOrg: async (parent, subdomain) => wizardOutcome(await commands.lookUpCreatedOrg(parent, subdomain)),
  applyStarter: async (address, starter) => wizardOutcome(await commands.applyStarter(address, starter)),
};
