import { describe, expect, it } from "vitest";
import { manyOrgs, org } from "../testing/orgs";
import { DEFAULT_VIEW, OrgsTable, createdLabel, sortedBy } from "./orgs-table";

describe("OrgsTable", () => {
  it("sorts by name by default", () => {
    const table = new OrgsTable([org(2, { name: "Beta" }), org(1, { name: "alpha" }), org(3, { name: "Gamma" })]);

    const names = table.rows(DEFAULT_VIEW).map((row) => row.name);

    expect(names).toEqual(["alpha", "Beta", "Gamma"]);
  });

  it("searches name, domain and ID without case", () => {
    const table = new OrgsTable([org(1, { name: "Contoso" }), org(2, { domain: "CONTOSO-eu.okta.com" }), org(3)]);

    const found = table.rows({ ...DEFAULT_VIEW, search: "contoso" });

    expect(found.map((row) => row.id)).toEqual([org(1).id, org(2).id]);
  });

  it("trims the search and keeps the status filter", () => {
    const table = new OrgsTable([org(1, { name: "Contoso", status: "INACTIVE" }), org(2, { name: "Contoso EU" }), org(3)]);

    const found = table.rows({ ...DEFAULT_VIEW, search: "  CONTOSO ", status: "INACTIVE" });

    expect(found.map((row) => row.name)).toEqual(["Contoso"]);
  });

  it("filters by status", () => {
    const table = new OrgsTable(manyOrgs(20));

    const inactive = table.rows({ ...DEFAULT_VIEW, status: "INACTIVE" });

    expect(inactive).toHaveLength(4);
    expect(inactive.every((row) => row.status === "INACTIVE")).toBe(true);
  });

  it("sorts descending on the second click", () => {
    const table = new OrgsTable(manyOrgs(3));
    const view = sortedBy(sortedBy(DEFAULT_VIEW, "created"), "created");

    const created = table.rows(view).map((row) => row.created);

    expect(view.descending).toBe(true);
    expect(created).toEqual([...created].sort().reverse());
  });

  it("puts the Aerial org first when sorted by badge descending", () => {
    const table = new OrgsTable(manyOrgs(5));

    const [first] = table.rows({ ...DEFAULT_VIEW, sortBy: "aerialOrg", descending: true });

    expect(first?.aerialOrg).toBe(true);
  });
});

describe("createdLabel", () => {
  it("keeps text that is no date", () => {
    expect(createdLabel("yesterday")).toBe("yesterday");
    expect(createdLabel(null)).toBe("");
  });
});
