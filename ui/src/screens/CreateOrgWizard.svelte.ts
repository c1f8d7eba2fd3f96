// The create-org wizard's state and steps. The new org's API token is held only on the token
// page and dropped when the admin goes on.

import { FieldChecks } from "../components/WizardChecks.svelte";
import type {
  CreatedOrg,
  CreationLookup,
  IpcError,
  LinkedOrg,
  NewOrgDraft,
  NewOrgField,
  Outcome,
  ParentView,
  StarterCreated,
  WizardBackend,
} from "../lib/backend";

export const createOrgSteps = ["parent", "org", "create", "token", "wait", "next"] as const;
export type CreateOrgStep = (typeof createOrgSteps)[number];

export const createOrgStepTitles: Record<CreateOrgStep, string> = {
  parent: "Parent org",
  org: "New org",
  create: "Create",
  token: "API token",
  wait: "Wait",
  next: "Link and configure",
};

const orgFields: readonly NewOrgField[] = ["subdomain", "name", "website", "adminFirstName", "adminLastName", "adminEmail", "adminLogin"];
const requiredOrgFields: readonly NewOrgField[] = ["subdomain", "name", "adminFirstName", "adminLastName", "adminEmail"];

/** Okta advises waiting about 30 seconds before calling a new org. */
export const expectedWaitSeconds = 30;
/** The maximum wait, after which the wizard stops waiting and tells the admin. */
export const maxWaitSeconds = 180;
/** Each backend wait call lasts at most this long, so Cancel takes effect quickly. */
const waitSliceSeconds = 5;

export type ParentCredentialKind = "apiToken" | "oauth";

export class CreateOrgWizard {
  step: CreateOrgStep = $state("parent");
  parents: ParentView[] = $state([]);
  parent: string | null = $state(null);
  addingParent = $state(false);
  newParentDomain = $state("");
  newParentKind: ParentCredentialKind = $state("apiToken");
  /** Parent credentials as typed, cleared as soon as they are sent. */
  newParentToken = $state("");
  newParentClientId = $state("");
  newParentPem = $state("");
  newParentPassphrase = $state("");

  checks: FieldChecks<NewOrgField>;
  created: Omit<CreatedOrg, "apiToken"> | null = $state(null);
  /** The new org's API token, only while the token page shows it. */
  apiToken: string | null = $state(null);
  /** The subdomain whose creation may or may not have reached Okta, after a lost response. */
  unknownSubdomain: string | null = $state(null);
  lookup: CreationLookup | null = $state(null);

  waitedSeconds = $state(0);
  ready = $state(false);
  waitCancelled = $state(false);
  waitTimedOut = $state(false);

  linked: LinkedOrg | null = $state(null);
  starter: StarterCreated | null = $state(null);

  problem: IpcError | null = $state(null);
  busy: string | null = $state(null);

  #backend: WizardBackend;
  #now: () => number;

  constructor(backend: WizardBackend, now: () => number = () => Date.now()) {
    this.#backend = backend;
    this.#now = now;
    this.checks = new FieldChecks<NewOrgField>(["parentDomain", ...orgFields], (field, text) => backend.checkNewOrgInput(field, text));
  }

  /** Returns the warning about what leaving the wizard now would lose, or `null` for none. */
  get leaveWarning(): string | null {
    if (this.apiToken !== null) {
      return "The new org's API token is shown only on this page. Aerial Desk keeps it in your keychain, but you cannot see it again.";
    }
    if (this.created !== null && this.linked === null) {
      return "The new org is not linked to your Aerial account yet. You can link it later with Link an org.";
    }
    return null;
  }

  get index(): number {
    return createOrgSteps.indexOf(this.step);
  }

  async start(): Promise<void> {
    const parents = await this.#run("Reading the parent orgs…", () => this.#backend.parentOrgs());
    this.parents = parents ?? [];
    this.parent = this.parents[0]?.address ?? null;
    this.addingParent = this.parents.length === 0;
  }

  async #run<T>(label: string, call: () => Promise<Outcome<T>>): Promise<T | null> {
    this.busy = label;
    this.problem = null;
    try {
      const outcome = await call();
      if (outcome.ok) {
        return outcome.value;
      }
      this.problem = outcome.error;
      return null;
    } finally {
      this.busy = null;
    }
  }

  /** Adds the typed parent org; its token or key is sent once and cleared from the wizard. */
  async addParent(): Promise<boolean> {
    const credential =
      this.newParentKind === "apiToken"
        ? { kind: "apiToken" as const, token: this.newParentToken }
        : {
            kind: "oauth" as const,
            clientId: this.newParentClientId,
            privateKeyPem: this.newParentPem,
            passphrase: this.newParentPassphrase === "" ? null : this.newParentPassphrase,
          };
    this.newParentToken = "";
    this.newParentPem = "";
    this.newParentPassphrase = "";
    const added = await this.#run("Adding the parent org…", () => this.#backend.addParent({ address: this.newParentDomain.trim(), credential }));
    if (!added) {
      return false;
    }
    this.parents = [...this.parents.filter((parent) => parent.address !== added.address), added];
    this.parent = added.address;
    this.addingParent = false;
    return true;
  }

  /** The address the new org will have, for the preview under the subdomain. */
  get newDomain(): string | null {
    const subdomain = this.checks.value("subdomain");
    const parent = this.parents.find((candidate) => candidate.address === this.parent);
    if (!subdomain || !parent) {
      return null;
    }
    const dot = parent.domain.indexOf(".");
    return dot < 0 ? null : `${subdomain}${parent.domain.slice(dot)}`;
  }

  next(): boolean {
    this.problem = null;
    if (this.step === "parent") {
      if (this.parent === null || this.addingParent) {
        return false;
      }
      this.step = "org";
      return true;
    }
    if (this.step === "org") {
      if (!this.checks.allValid(requiredOrgFields)) {
        return false;
      }
      this.step = "create";
      return true;
    }
    return false;
  }

  /**
   * Shows the problem at each required field of the new-org page that is empty or invalid.
   * Resolves to the first such field, or null when there is none.
   */
  async explainBlocked(): Promise<NewOrgField | null> {
    if (this.step !== "org") {
      return null;
    }
    return this.checks.revealProblems(requiredOrgFields);
  }

  back(): void {
    if (this.step === "org" || this.step === "create") {
      this.problem = null;
      this.step = this.step === "org" ? "parent" : "org";
    }
  }

  draft(): NewOrgDraft {
    const value = (field: NewOrgField) => this.checks.value(field) ?? this.checks.fields[field].input;
    const optional = (field: NewOrgField) => (value(field).trim() === "" ? null : value(field));
    return {
      parent: this.parent ?? "",
      subdomain: value("subdomain"),
      name: value("name"),
      website: optional("website"),
      adminFirstName: value("adminFirstName"),
      adminLastName: value("adminLastName"),
      adminEmail: value("adminEmail"),
      adminLogin: optional("adminLogin"),
    };
  }

  /**
   * Reports whether the creation of the subdomain now entered may or may not have reached Okta.
   * Another subdomain can be created, because its request is a different one.
   */
  get outcomeUnknown(): boolean {
    return this.unknownSubdomain !== null && this.unknownSubdomain === this.draft().subdomain;
  }

  /** Sends the creation once. After a lost response it is never resent, and the wizard offers a lookup. */
  async create(): Promise<boolean> {
    if (this.step !== "create" || this.busy !== null || this.outcomeUnknown) {
      return false;
    }
    const created = await this.#run("Creating the org…", () => this.#backend.createChildOrg(this.draft()));
    if (!created) {
      const lost = this.problem?.code === "outcome_unknown" || this.problem?.code === "org_creation_response_lost";
      this.unknownSubdomain = lost ? this.draft().subdomain : null;
      this.lookup = null;
      return false;
    }
    const { apiToken, ...org } = created;
    this.created = org;
    this.apiToken = apiToken;
    this.step = "token";
    return true;
  }

  /** Looks up whether the creation whose response was lost went through. */
  async lookUp(): Promise<void> {
    const draft = this.draft();
    this.lookup = await this.#run("Looking the org up…", () => this.#backend.lookUpCreatedOrg(draft.parent, draft.subdomain));
    // Okta shows no such org, so the request never took effect and creating it again is safe.
    if (this.lookup?.state === "failed") {
      this.unknownSubdomain = null;
    }
  }

  /** Leaves the token page; the token is dropped from the wizard for good. */
  leaveToken(): void {
    this.apiToken = null;
    this.step = "wait";
  }

  /** Waits until the new org responds, the admin cancels, or the time limit passes. */
  async waitUntilReady(): Promise<boolean> {
    if (!this.created) {
      return false;
    }
    const started = this.#now();
    this.waitCancelled = false;
    this.waitTimedOut = false;
    this.ready = false;
    for (;;) {
      const ready = await this.#run("Waiting for the new org to answer…", () =>
        this.#backend.waitForNewOrg(this.created?.address ?? "", waitSliceSeconds),
      );
      this.waitedSeconds = Math.round((this.#now() - started) / 1000);
      // Cancel may have been pressed while the call ran.
      if (ready === null || this.#cancelled()) {
        return false;
      }
      if (ready) {
        this.ready = true;
        this.step = "next";
        return true;
      }
      if (this.waitedSeconds >= maxWaitSeconds) {
        this.waitTimedOut = true;
        return false;
      }
    }
  }

  #cancelled(): boolean {
    return this.waitCancelled;
  }

  cancelWait(): void {
    this.waitCancelled = true;
  }

  /** Goes on without waiting, after the admin cancelled or the limit passed. */
  skipWait(): void {
    this.step = "next";
  }

  get waitProgress(): number {
    return Math.min(1, this.waitedSeconds / expectedWaitSeconds);
  }

  async link(cell: string): Promise<void> {
    if (!this.created) {
      return;
    }
    const domain = this.created.domain;
    this.linked = await this.#run("Linking the org…", () => this.#backend.linkOrg({ by: "domain", org: domain, cell }));
  }

  async applyStarter(groups: string[], bookmarkLabel: string, bookmarkUrl: string): Promise<void> {
    if (!this.created) {
      return;
    }
    const address = this.created.address;
    this.starter = await this.#run("Configuring the org…", () =>
      this.#backend.applyStarter(address, {
        groups,
        bookmarkLabel: bookmarkLabel.trim() === "" ? null : bookmarkLabel,
        bookmarkUrl: bookmarkUrl.trim() === "" ? null : bookmarkUrl,
      }),
    );
  }
}
