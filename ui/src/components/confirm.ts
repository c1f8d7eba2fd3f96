// The typed-name check of confirmation dialogs, with the same rule as the backend's guard.

/** Reports whether `typed` is the org's name: both trimmed, case exact. */
export function typedNameMatches(typed: string, expected: string): boolean {
  const name = expected.trim();
  return name !== "" && typed.trim() === name;
}
