import { describe, expect, it } from "vitest";
import { typedNameMatches } from "./confirm";

describe("typedNameMatches", () => {
  it("accepts the exact name with spaces around", () => {
    expect(typedNameMatches("  Contoso EU ", "Contoso EU")).toBe(true);
  });

  it("rejects a change of case", () => {
    expect(typedNameMatches("contoso eu", "Contoso EU")).toBe(false);
  });

  it("rejects an empty name", () => {
    expect(typedNameMatches("", "")).toBe(false);
  });
});
