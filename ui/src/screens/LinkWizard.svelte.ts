// The link wizard's state and steps: which org, what linking means, the consent pre-check, the
// confirmation, and the result.

import { FieldChecks } from "../components/WizardChecks.svelte";
import type { ConsentCheck, IpcError, LinkBy, LinkField, LinkIntro, LinkSuggestion, LinkedOrg, Outcome, WizardBackend } from "../lib/backend";

export const linkSteps = ["org", "consent", "confirm", "result"] as const;
export type LinkStep = (typeof linkSteps)[number];

export const linkStepTitles: Record<LinkStep, string> = {
  org: "Org",
  consent: "Consent",
  confirm: "Confirm",
  result: "Result",
};

export class LinkWizard {
  step: LinkStep = $state("org");
  by: LinkBy = $state("domain");
  checks: FieldChecks<LinkField>;
  intro: LinkIntro | null = $state(null);
  consent: ConsentCheck | null = $state(null);
  /** In the demo, the orgs that can still be linked. */
  suggestions: LinkSuggestion[] = $state([]);
  /** The admin ticked "I understand that linking cannot be undone". */
  understood = $state(false);
  linked: LinkedOrg | null = $state(null);
  problem: IpcError | null = $state(null);
  busy: string | null = $state(null);

  #backend: WizardBackend;

  constructor(backend: WizardBackend) {
    this.#backend = backend;
    this.checks = new FieldChecks<LinkField>(["orgId", "domain", "cell"], (field, text) => backend.checkLinkInput(field, text));
  }

  async start(): Promise<void> {
    this.intro = await this.#backend.linkWizardIntro();
    const suggestions = await this.#backend.linkSuggestions();
    this.suggestions = suggestions.ok ? suggestions.value : [];
  }

  /** Fills in a suggested demo org's domain and cell. */
  async choose(suggestion: LinkSuggestion): Promise<void> {
    this.by = "domain";
    await Promise.all([this.checks.type("domain", suggestion.domain), this.checks.type("cell", suggestion.cell)]);
  }

  /**
   * Keeps an API token of a super admin of the org, so its consent can be read and granted, and
   * checks the consent again. `null` uses the demo org's own token.
   */
  async keepToken(token: string | null): Promise<boolean> {
    const consent = await this.#run("Checking the token and the org's consent…", () => this.#backend.keepOrgToken(this.orgLabel, token));
    if (consent) {
      this.consent = consent;
    }
    return consent !== null;
  }

  /** Grants the org Aerial consent with the token the profile keeps for it. */
  async grantConsent(): Promise<void> {
    const consent = await this.#run("Granting consent…", () => this.#backend.grantLinkConsent(this.orgLabel));
    if (consent) {
      this.consent = consent;
    }
  }

  get index(): number {
    return linkSteps.indexOf(this.step);
  }

  get orgField(): LinkField {
    return this.by === "domain" ? "domain" : "orgId";
  }

  /** The org as the confirmation names it. */
  get orgLabel(): string {
    return this.checks.value(this.orgField) ?? this.checks.fields[this.orgField].input;
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

  /** From the org page to the consent page, checking consent when the org was named by domain. */
  async next(): Promise<boolean> {
    this.problem = null;
    if (this.step === "org") {
      if (!this.checks.allValid([this.orgField, "cell"])) {
        // Empty fields were never checked, so have them checked to show what is missing.
        await this.checks.revealProblems([this.orgField, "cell"]);
        return false;
      }
      this.consent = null;
      this.step = "consent";
      if (this.by === "domain") {
        this.consent = await this.#run("Checking the org's consent…", () => this.#backend.checkLinkConsent(this.orgLabel));
      } else {
        this.consent = { state: "notChecked", reason: "An org named by its ID cannot be checked before linking. The link fails if consent is missing." };
      }
      return true;
    }
    if (this.step === "consent") {
      this.understood = false;
      this.step = "confirm";
      return true;
    }
    return false;
  }

  back(): void {
    const previous = linkSteps[this.index - 1];
    if (previous && this.step !== "result") {
      this.problem = null;
      this.step = previous;
    }
  }

  /** Links the org once the admin confirmed that linking cannot be undone. */
  async link(): Promise<LinkedOrg | null> {
    if (this.step !== "confirm" || !this.understood) {
      return null;
    }
    const linked = await this.#run("Linking the org…", () =>
      this.#backend.linkOrg({ by: this.by, org: this.orgLabel, cell: this.checks.value("cell") ?? "" }),
    );
    if (linked) {
      this.linked = linked;
      this.step = "result";
    }
    return linked;
  }
}
