import { describe, expect, it } from "vitest";
import { detailOf, org } from "../testing/orgs";
import { confirmationName, consentSentence, createdSentence, productChange, statusControls, timeInWords } from "./org-detail";

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

    expect(consentSentence(detail, "en-GB", "UTC")).toBe("Granted by the user 00u1 on 1 May 2024.");
  });

  it("writes a grant time in words", () => {
    const detail = detailOf(org(1), { consent: { state: "granted", grantedBy: null, grantedDate: "2024-02-01T09:00:00.000Z" } });

    expect(consentSentence(detail, "en-GB", "UTC")).toBe("Granted on 1 Feb 2024, 09:00.");
  });
});

describe("createdSentence", () => {
  it("gives the time in words and the user", () => {
    const detail = detailOf(org(1, { created: "2024-02-01T09:00:00.000Z" }), { createdBy: "00unwadmin0000000001" });

    expect(createdSentence(detail, "en-GB", "UTC")).toBe("1 Feb 2024, 09:00 by the user 00unwadmin0000000001");
  });

  it("uses the computer's time zone by default", () => {
    const created = "2024-02-01T09:00:00.000Z";
    const detail = detailOf(org(1, { created }), { createdBy: null });
    const local = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(created));

    expect(createdSentence(detail, "en-GB")).toBe(local);
  });

  it("shows a dash when the time is missing", () => {
    const detail = detailOf(org(1, { created: null }), { createdBy: null });

    expect(createdSentence(detail)).toBe("—");
  });

  it("keeps text that is no date", () => {
    expect(timeInWords("soon", "en-GB", "UTC")).toBe("soon");
  });
});
