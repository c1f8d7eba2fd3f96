// The org detail screen's decisions: the product change to plan, and which status controls show.

import type { OrgDetail, ProductView } from "../lib/backend";

/** The products to turn on and off, from the ticked boxes. */
export type ProductChange = { enable: string[]; disable: string[] };

/** Returns the IDs of the org's enabled products. */
export function enabledIds(detail: OrgDetail): Set<string> {
  return new Set(detail.products.map((product) => product.id));
}

/** Returns only what changes: ticked products that are off, and unticked ones that are on. */
export function productChange(detail: OrgDetail, ticked: Set<string>): ProductChange {
  const enabled = enabledIds(detail);
  const enable = detail.subscribed.filter((p) => ticked.has(p.id) && !enabled.has(p.id)).map((p) => p.id);
  const disable = detail.subscribed.filter((p) => !ticked.has(p.id) && enabled.has(p.id)).map((p) => p.id);
  return { enable, disable };
}

/** Returns the name the admin types back to confirm: the org's name, or its ID when it has none. */
export function confirmationName(detail: OrgDetail): string {
  return detail.org.name.trim() || detail.org.id;
}

/** The status controls: what the admin may do, and why a control is missing. */
export type StatusControls = {
  canActivate: boolean;
  canDeactivate: boolean;
  /** The reason Deactivate is unavailable for an active org, or null. */
  deactivateBlocked: string | null;
  canRequestDeletion: boolean;
  /** The reason deletion cannot be requested for an inactive org, or null. */
  deletionBlocked: string | null;
};

export function statusControls(detail: OrgDetail): StatusControls {
  const { org } = detail;
  const active = org.status === "ACTIVE";
  const inactive = org.status === "INACTIVE";
  const deactivateBlocked =
    active && org.aerialOrg
      ? "This is the account's Aerial org. Aerial Desk signs in through it, so it cannot be deactivated here."
      : null;
  const requested = detail.deletionRequestedAt !== null;
  let deletionBlocked: string | null = null;
  if (inactive && requested) {
    deletionBlocked = "Okta has received a deletion request for this org; the history shows when.";
  } else if (inactive && !detail.allowsDeletion) {
    deletionBlocked = "Okta accepts deletion requests only from sandbox and Okta Partner Program accounts.";
  }
  return {
    canActivate: inactive,
    canDeactivate: active && !org.aerialOrg,
    deactivateBlocked,
    canRequestDeletion: inactive && detail.allowsDeletion && !org.aerialOrg && !requested,
    deletionBlocked,
  };
}

/** Returns "Name (ID)" for a product, or the bare ID when it has no name. */
export function productLabel(product: ProductView): string {
  return product.name.trim() ? `${product.name} (${product.id})` : product.id;
}

/** Describes the consent state in one sentence. */
export function consentSentence(detail: OrgDetail): string {
  const consent = detail.consent;
  switch (consent.state) {
    case "granted":
      return `Granted${consent.grantedBy ? ` by ${consent.grantedBy}` : ""}${consent.grantedDate ? ` on ${consent.grantedDate}` : ""}.`;
    case "notGranted":
      return "Not granted: the org has not given this Aerial account consent.";
    case "failed":
      return `Could not be read: ${consent.error.message}`;
    case "notChecked":
      return "Not checked: this profile holds no API token or app for the org.";
  }
}
