// The history screen's wording: names of the journal's actions and states.

import type { HistoryEntry } from "../lib/backend";

/** The journal's actions, in the order the filter lists them. */
export const ACTIONS: { value: string; label: string }[] = [
  { value: "link", label: "Link" },
  { value: "products", label: "Products" },
  { value: "status", label: "Status" },
  { value: "deletion_request", label: "Deletion request" },
  { value: "org_creation", label: "Org creation" },
  { value: "consent", label: "Consent" },
  { value: "starter_configuration", label: "Starter configuration" },
];

const STATES: Record<string, string> = {
  pending: "In progress",
  succeeded: "Done",
  failed: "Failed",
  outcome_unknown: "Outcome unknown",
};

/** Returns the label of an action name. */
export function actionLabel(action: string): string {
  return ACTIONS.find((item) => item.value === action)?.label ?? action;
}

/** Returns the label of a state name. */
export function stateLabel(state: string): string {
  return STATES[state] ?? state;
}

/** Summarizes a change in a few words, from its recorded request. */
export function changeSummary(entry: HistoryEntry): string {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(entry.request) as Record<string, unknown>;
  } catch {
    return entry.request;
  }
  const list = (value: unknown): string => (Array.isArray(value) && value.length > 0 ? value.join(", ") : "");
  switch (entry.action) {
    case "status":
      return `Set status to ${String(request.status).toLowerCase()}`;
    case "products": {
      const parts = [list(request.enable) && `enable ${list(request.enable)}`, list(request.disable) && `disable ${list(request.disable)}`];
      const change = parts.filter(Boolean).join("; ");
      return change ? `Products: ${change}` : "Products unchanged";
    }
    case "link":
      return `Link ${typeof request.domain === "string" ? request.domain : typeof request.orgId === "string" ? request.orgId : ""}`;
    default:
      return actionLabel(entry.action);
  }
}

/** Formats a recorded time for the table, in the computer's time zone. */
export function timeLabel(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString();
}
