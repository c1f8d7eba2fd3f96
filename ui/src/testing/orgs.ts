// Sample orgs for tests of the orgs table and the org detail.

import type { OrgDetail, OrgRow } from "../lib/backend";

export function org(index: number, overrides: Partial<OrgRow> = {}): OrgRow {
  return {
    id: "00o" + String(index).padStart(17, "0"),
    name: `Org ${String(index).padStart(5, "0")}`,
    domain: `org-${String(index)}.sim.localhost`,
    cell: index % 2 === 0 ? "ok1" : "ok2",
    status: index % 5 === 0 ? "INACTIVE" : "ACTIVE",
    aerialOrg: false,
    created: `2024-0${String((index % 9) + 1)}-15T10:00:00.000Z`,
    ...overrides,
  };
}

/** `count` orgs, the first one the account's Aerial org. */
export function manyOrgs(count: number): OrgRow[] {
  return Array.from({ length: count }, (_, index) => org(index, index === 0 ? { name: "Northwind Aerial", aerialOrg: true } : {}));
}

export function detailOf(row: OrgRow, overrides: Partial<OrgDetail> = {}): OrgDetail {
  return {
    org: row,
    createdBy: "00u1admin",
    region: null,
    products: [{ id: "P000052", name: "IT Products - SSO" }],
    subscribed: [
      { id: "P000052", name: "IT Products - SSO" },
      { id: "P000131", name: "IT Products - MFA" },
    ],
    consent: { state: "notChecked" },
    allowsDeletion: true,
    deletionRequestedAt: null,
    starterAvailable: false,
    ...overrides,
  };
}
