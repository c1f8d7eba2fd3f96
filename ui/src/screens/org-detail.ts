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

/** Matches a date without a time, such as "2024-05-01". */
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Formats an ISO 8601 time as a date and time in words, such as "1 Feb 2024, 09:00" in the
 * en-GB locale. A date without a time is shown as that calendar date, with no shift by time zone.
 * Text that is no date is returned as it came. `locale` and `timeZone` default to the computer's.
 */
export function timeInWords(iso: string, locale?: string, timeZone?: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  if (dateOnly.test(iso)) {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(time);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(time);
}

/** Describes when the org was created and by which user, such as "1 Feb 2024, 09:00 by the user 00u1". */
export function createdSentence(detail: OrgDetail, locale?: string, timeZone?: string): string {
  const when = detail.org.created ? timeInWords(detail.org.created, locale, timeZone) : "—";
  return detail.createdBy ? `${when} by the user ${detail.createdBy}` : when;
}

/** Describes the consent state in one sentence. */
export function consentSentence(detail: OrgDetail, locale?: string, timeZone?: string): string {
  const consent = detail.consent;
  switch (consent.state) {
    case "granted":
      return `Granted${consent.grantedBy ? ` by the user ${consent.grantedBy}` : ""}${consent.grantedDate ? ` on ${timeInWords(consent.grantedDate, locale, timeZone)}` : ""}.`;
    case "notGranted":
      return "Not granted: the org has not given this Aerial account consent.";
    case "failed":
      return `Could not be read: ${consent.error.message}`;
    case "notChecked":
      return "Not checked: this profile holds no API token or app for the org.";
  }
}
