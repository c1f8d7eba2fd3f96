import { describe, expect, it } from "vitest";
import { detailOf, org } from "../testing/orgs";
import { confirmationName, consentSentence, productChange, statusControls } from "./org-detail";

describe("productChange", () => {
  it("lists only the products that change", () => {
    const detail = detailOf(org(1));

    const change = productChange(detail, new Set(["P000052", "P000131"]));

    expect(change).toEqual({ enable: ["P000131"], disable: [] });
  });

  it("disables an unticked product that is on", () => {
    const detail = detailOf(org(1));

    expect(productChange(detail, new Set())).toEqual({ enable: [], disable: ["P000052"] });
  });
});

describe("statusControls", () => {
  it("offers Deactivate for an active org", () => {
    const controls = statusControls(detailOf(org(1)));

    expect(controls.canDeactivate).toBe(true);
    expect(controls.canActivate).toBe(false);
    expect(controls.canRequestDeletion).toBe(false);
  });

  it("withholds Deactivate from the Aerial org with the reason", () => {
    const controls = statusControls(detailOf(org(1, { aerialOrg: true })));

    expect(controls.canDeactivate).toBe(false);
    expect(controls.deactivateBlocked).toContain("Aerial org");
  });

  it("offers deletion only for inactive orgs where allowed", () => {
    const inactive = org(5);

    expect(statusControls(detailOf(inactive)).canRequestDeletion).toBe(true);
    expect(statusControls(detailOf(inactive, { allowsDeletion: false })).canRequestDeletion).toBe(false);
    expect(statusControls(detailOf(inactive, { allowsDeletion: false })).deletionBlocked).toContain("sandbox");
  });

  it("offers no second deletion request once Okta received one", () => {
    const inactive = org(5);

    const controls = statusControls(detailOf(inactive, { deletionRequestedAt: "2026-12-05T02:30:00Z" }));

    expect(controls.canRequestDeletion).toBe(false);
    expect(controls.deletionBlocked).toContain("received a deletion request");
  });
});

describe("confirmationName", () => {
  it("falls back to the ID for a blank name", () => {
    expect(confirmationName(detailOf(org(1, { name: "  " })))).toBe(org(1).id);
  });
});

describe("consentSentence", () => {
  it("names who granted consent", () => {
    const detail = detailOf(org(1), { consent: { state: "granted", grantedBy: "00u1", grantedDate: "2024-05-01" } });

    expect(consentSentence(detail)).toBe("Granted by 00u1 on 2024-05-01.");
  });
});
