import { describe, expect, it } from "vitest";
import { versionLabel } from "./version-label";

describe("versionLabel", () => {
  it("shows only the version of a release build", () => {
    expect(versionLabel({ name: "Aerial Desk", version: "1.2.3", buildFlavour: "release" })).toBe("Version 1.2.3");
  });

  it("names a development build after a space", () => {
    expect(versionLabel({ name: "Aerial Desk", version: "0.1.0", buildFlavour: "development" })).toBe(
      "Version 0.1.0 (development build)",
    );
  });
});
