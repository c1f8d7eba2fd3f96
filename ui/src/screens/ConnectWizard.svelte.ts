// The connect wizard's state and steps, apart from its markup so tests can drive it with the
// fake backend. The private key never reaches this file: the backend keeps it in the keychain
// and returns only the public JWK.

import { FieldChecks } from "../components/WizardChecks.svelte";
import type {
  ConnectDraft,
  ConnectEnvironment,
  ConnectField,
  ConnectionReport,
  DemoDefaults,
  IpcError,
  KeyChoice,
  KeyFileImport,
  OpenedProfile,
  Outcome,
  PublicKeyView,
  WizardBackend,
} from "../lib/backend";

/** The wizard's pages, in order. */
export const connectSteps = ["environment", "account", "key", "register", "test"] as const;
export type ConnectStep = (typeof connectSteps)[number];

/** Titles of the pages, for the step list and the page heading. */
export const connectStepTitles: Record<ConnectStep, string> = {
  environment: "Environment",
  account: "Aerial account",
  key: "Key",
  register: "Admin Console",
  test: "Test and save",
};

const accountFields: readonly ConnectField[] = ["aerialOrg", "accountId"];

/** The origin of the key, for the page that shows it. */
export type KeySource = "generated" | "file" | "pasted";

export class ConnectWizard {
  step: ConnectStep = $state("environment");
  environment: ConnectEnvironment = $state("production");
  demo: DemoDefaults | null = $state(null);
  checks: FieldChecks<ConnectField>;

  keyChoice: KeyChoice = $state("es256");
  key: PublicKeyView | null = $state(null);
  keySource: KeySource | null = $state(null);
  /** The pasted PEM text, cleared as soon as it is sent. */
  pastedPem = $state("");
  /** The passphrase of a pasted or chosen key, cleared as soon as it is sent. */
  passphrase = $state("");
  /** The file whose passphrase the wizard is asking for. */
  encryptedFile: string | null = $state(null);
  /** Whether the demo registered the app in place of the Admin Console step. */
  registeredByDemo = $state(false);
  savedFileName: string | null = $state(null);
  /** Whether Next was pressed on the key page before a key was ready. */
  keyMissing = $state(false);

  report: ConnectionReport | null = $state(null);
  problem: IpcError | null = $state(null);
  busy: string | null = $state(null);
  saved: OpenedProfile | null = $state(null);

  #backend: WizardBackend;
  /** The profile name the key is stored under in the keychain. */
  #keyOwner: string | null = null;

  constructor(backend: WizardBackend) {
    this.#backend = backend;
    this.checks = new FieldChecks<ConnectField>(
      ["profileName", "aerialOrg", "accountId", "clientId", "serviceUrl"],
      (field, text) => backend.checkConnectInput(field, this.environment, text),
    );
  }

  /** Reads whether the demo runs, so the demo environment can be offered. */
  async start(): Promise<void> {
    const outcome = await this.#backend.connectDemoDefaults();
    this.demo = outcome.ok ? outcome.value : null;
  }

  get index(): number {
    return connectSteps.indexOf(this.step);
  }

  /** Returns the warning about what leaving the wizard now would lose, or `null` for none. */
  get leaveWarning(): string | null {
    if (this.#keyOwner === null || this.saved !== null) {
      return null;
    }
    return "The key this wizard made or imported is deleted from your keychain when you leave. If you already added its public key in the Admin Console, you will need to add a new one.";
  }

  get isDemo(): boolean {
    return this.environment === "demo";
  }

  /** Picks the environment. The org and service fields are checked again for it. */
  async chooseEnvironment(environment: ConnectEnvironment): Promise<void> {
    this.environment = environment;
    if (environment === "demo" && this.demo) {
      await Promise.all([
        this.checks.type("aerialOrg", this.demo.aerialOrg),
        this.checks.type("accountId", this.demo.accountId),
        this.checks.type("serviceUrl", this.demo.serviceUrl),
      ]);
      return;
    }
    const again: ConnectField[] = ["aerialOrg", "serviceUrl"];
    await Promise.all(
      again.filter((field) => this.checks.fields[field].input !== "").map((field) => this.checks.type(field, this.checks.fields[field].input)),
    );
  }

  /** The fields a page needs before the wizard goes on. */
  #requiredOn(step: ConnectStep): ConnectField[] {
    switch (step) {
      case "environment":
        return ["profileName"];
      case "account":
        return this.environment === "custom" ? [...accountFields, "serviceUrl"] : [...accountFields];
      case "register":
        return ["clientId"];
      default:
        return [];
    }
  }

  /** Reports whether the current page is complete, and marks its fields touched so problems show. */
  canGoOn(): boolean {
    if (!this.checks.allValid(this.#requiredOn(this.step))) {
      return false;
    }
    return this.step !== "key" || this.key !== null;
  }

  /** Goes to the next page when the current one is complete. */
  next(): boolean {
    if (!this.canGoOn()) {
      this.keyMissing = this.step === "key" && this.key === null;
      return false;
    }
    if (this.step === "environment" && this.#keyOwner !== null && this.#keyOwner !== this.#profileName()) {
      // The profile was renamed after its key was made, so the key under the old name goes.
      void this.discard();
    }
    const following = connectSteps[this.index + 1];
    if (following) {
      this.problem = null;
      this.step = following;
    }
    return true;
  }

  /**
   * Shows why the current page is not complete: each missing or invalid field gets its problem,
   * and the key page shows that a key is needed. Resolves to the first field with a problem,
   * "key" when only the key is missing, or null when the page is complete.
   */
  async explainBlocked(): Promise<ConnectField | "key" | null> {
    const field = await this.checks.revealProblems(this.#requiredOn(this.step));
    if (field !== null) {
      return field;
    }
    this.keyMissing = this.step === "key" && this.key === null;
    return this.keyMissing ? "key" : null;
  }

  back(): void {
    const previous = connectSteps[this.index - 1];
    if (previous) {
      this.problem = null;
      this.step = previous;
    }
  }

  #profileName(): string {
    return this.checks.value("profileName") ?? "";
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

  #keyReady(key: PublicKeyView, source: KeySource): void {
    this.#keyOwner = this.#profileName();
    this.key = key;
    this.keyMissing = false;
    this.keySource = source;
    this.encryptedFile = null;
    this.registeredByDemo = false;
    this.savedFileName = null;
  }

  async generateKey(): Promise<void> {
    const key = await this.#run("Generating the key…", () => this.#backend.generateConnectKey(this.#profileName(), this.keyChoice));
    if (key) {
      this.#keyReady(key, "generated");
    }
  }

  /** Sends the pasted key once and clears the text and passphrase from the wizard at once. */
  async importPasted(): Promise<void> {
    const pem = this.pastedPem;
    const passphrase = this.passphrase === "" ? null : this.passphrase;
    this.pastedPem = "";
    this.passphrase = "";
    const key = await this.#run("Importing the key…", () => this.#backend.importConnectKeyText(this.#profileName(), pem, passphrase));
    if (key) {
      this.#keyReady(key, "pasted");
    }
  }

  /** Opens the file dialog; an encrypted file makes the wizard ask for its passphrase. */
  async importFile(): Promise<void> {
    const result = await this.#run("Waiting for the file…", () => this.#backend.importConnectKeyFile(this.#profileName()));
    this.#fileResult(result);
  }

  async unlockFile(): Promise<void> {
    const passphrase = this.passphrase;
    this.passphrase = "";
    const result = await this.#run("Decrypting the key…", () => this.#backend.importKeyFileWithPassphrase(this.#profileName(), passphrase));
    this.#fileResult(result);
  }

  #fileResult(result: KeyFileImport | null): void {
    if (result === null) {
      return;
    }
    if (result.outcome === "imported") {
      this.#keyReady(result.key, "file");
    } else if (result.outcome === "needsPassphrase") {
      this.encryptedFile = result.fileName;
    }
  }

  async savePublicKey(): Promise<void> {
    const name = await this.#run("Saving…", () => this.#backend.savePublicKey(this.#profileName()));
    if (name !== null) {
      this.savedFileName = name;
    }
  }

  /** In the demo, registers the app with the emulator as an admin would in the Admin Console. */
  async registerInDemo(): Promise<void> {
    const clientId = await this.#run("Registering the app in the demo…", () => this.#backend.registerDemoClient(this.#profileName()));
    if (clientId !== null) {
      this.registeredByDemo = true;
      await this.checks.type("clientId", clientId);
      this.checks.touch("clientId");
    }
  }

  /** Deletes the key of a wizard that is left before saving, so no unused key stays in the keychain. */
  async discard(): Promise<void> {
    const owner = this.#keyOwner;
    if (owner === null || this.saved !== null) {
      return;
    }
    this.#keyOwner = null;
    this.key = null;
    this.keySource = null;
    await this.#backend.discardConnectKey(owner);
  }

  draft(): ConnectDraft {
    const value = (field: ConnectField) => this.checks.value(field) ?? this.checks.fields[field].input;
    return {
      profileName: value("profileName"),
      environment: this.environment,
      serviceUrl: this.environment === "custom" ? value("serviceUrl") : null,
      aerialOrg: value("aerialOrg"),
      accountId: value("accountId"),
      clientId: value("clientId"),
      dpop: this.report?.dpopRequired ?? false,
    };
  }

  async testConnection(): Promise<void> {
    this.report = null;
    const report = await this.#run("Testing the connection…", () => this.#backend.testConnectDraft(this.draft()));
    this.report = report;
  }

  get testPassed(): boolean {
    return this.report !== null && this.report.failure === null;
  }

  async save(): Promise<OpenedProfile | null> {
    const opened = await this.#run("Saving the profile…", () => this.#backend.saveConnectProfile(this.draft()));
    this.saved = opened;
    return opened;
  }
}
