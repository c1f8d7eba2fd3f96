import { describe, expect, it } from "vitest";
import { countLabel } from "./count";

describe("countLabel", () => {
  it("uses the singular for one", () => {
    expect(countLabel(1, "change")).toBe("1 change");
  });

  it("uses the plural for zero and many", () => {
    expect(countLabel(0, "change")).toBe("0 changes");
    expect(countLabel(2, "change")).toBe("2 changes");
  });

  it("takes an irregular plural", () => {
    expect(countLabel(2, "entry", "entries")).toBe("2 entries");
  });
});
