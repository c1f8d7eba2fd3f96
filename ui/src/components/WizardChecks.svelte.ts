// Checks typed values through the backend as the admin types. Only the result for the latest
// keystroke of each field is kept, because results can arrive out of order.

import type { FieldCheck } from "../lib/backend";

/** The state of one checked field. */
export interface CheckedField {
  /** The text as typed. */
  input: string;
  /** The backend's result for `input`, or null while it is pending or nothing was typed. */
  check: FieldCheck | null;
  /** Whether the admin has left the field or tried to go on, so a problem may be shown. */
  touched: boolean;
}

/** A set of fields checked by `run(field, text)`. */
export class FieldChecks<F extends string> {
  fields: Record<F, CheckedField> = $state({} as Record<F, CheckedField>);
  // Only ordering depends on these tickets, never the markup, so a plain Map is enough.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #latest = new Map<F, number>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Map<F, Promise<void>>();
  #counter = 0;
  #run: (field: F, text: string) => Promise<FieldCheck>;

  constructor(names: readonly F[], run: (field: F, text: string) => Promise<FieldCheck>) {
    this.#run = run;
    for (const name of names) {
      this.fields[name] = { input: "", check: null, touched: false };
    }
  }

  /** Records a keystroke and sends the new text to the backend's check. */
  type(field: F, text: string): Promise<void> {
    const state = this.fields[field];
    state.input = text;
    state.check = null;
    const ticket = ++this.#counter;
    this.#latest.set(field, ticket);
    const pending = this.#run(field, text).then((check) => {
      if (this.#latest.get(field) === ticket) {
        this.fields[field].check = check;
        this.#pending.delete(field);
      }
    });
    this.#pending.set(field, pending);
    return pending;
  }

  /**
   * Marks the named fields touched and has the backend check any that were never typed in, so
   * an empty required field shows its problem too. Resolves to the first named field that is
   * not valid, or null when all are.
   */
  async revealProblems(names: readonly F[]): Promise<F | null> {
    for (const name of names) {
      this.touch(name);
      if (this.fields[name].check === null && !this.#pending.has(name)) {
        void this.type(name, this.fields[name].input);
      }
    }
    await Promise.all(names.map((name) => this.#pending.get(name) ?? Promise.resolve()));
    return names.find((name) => this.value(name) === null) ?? null;
  }

  /** Marks a field as left, so its problem is shown. */
  touch(field: F): void {
    this.fields[field].touched = true;
  }

  /** Returns the problem to show under a field, or null. */
  problem(field: F): string | null {
    const state = this.fields[field];
    return state.touched ? (state.check?.problem ?? null) : null;
  }

  /** Returns the checked, normalized value, or null when the field is not valid yet. */
  value(field: F): string | null {
    const check = this.fields[field].check;
    return check !== null && check.problem === null ? check.value : null;
  }

  /** Reports whether every named field contains a valid value, and marks them touched so problems show. */
  allValid(names: readonly F[]): boolean {
    for (const name of names) {
      this.touch(name);
    }
    return names.every((name) => this.value(name) !== null);
  }
}
