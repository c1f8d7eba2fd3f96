// The screens the shell can show, and how screens ask to move between them.

/** A place in the app. The wizards' routes are named `connect`, `link` and `create-org`. */
export type Route =
  | { name: "first-run" }
  | { name: "orgs" }
  | { name: "org"; orgId: string }
  | { name: "history"; orgId?: string }
  | { name: "settings" }
  | { name: "connect" }
  | { name: "link"; domain?: string }
  | { name: "create-org" };

/** Moves the shell to another screen. */
export type Go = (route: Route) => void;

/** One entry of the left navigation. */
export type NavItem = { label: string; route: Route; needsProfile: boolean };

/** The left navigation, in order: the everyday screens first, then the wizards. */
export const NAV_ITEMS: NavItem[] = [
  { label: "Orgs", route: { name: "orgs" }, needsProfile: true },
  { label: "History", route: { name: "history" }, needsProfile: true },
  { label: "Settings", route: { name: "settings" }, needsProfile: false },
  { label: "Link an org", route: { name: "link" }, needsProfile: true },
  { label: "Create an org", route: { name: "create-org" }, needsProfile: true },
  { label: "Connect an account", route: { name: "connect" }, needsProfile: false },
];

/** Reports whether the navigation entry for `item` is the current screen or its parent. */
export function isCurrent(item: NavItem, route: Route): boolean {
  if (item.route.name === "orgs") {
    return route.name === "orgs" || route.name === "org";
  }
  return item.route.name === route.name;
}

/** Returns what the admin would lose by leaving the current screen, or `null` when nothing. */
export type LeaveCheck = () => string | null;

let leaveCheck: LeaveCheck | null = null;

/**
 * Makes the shell ask before the admin leaves the current screen while `check` returns a
 * warning. Returns the function that stops it, for the screen's `onDestroy`.
 */
export function warnBeforeLeaving(check: LeaveCheck): () => void {
  leaveCheck = check;
  return () => {
    if (leaveCheck === check) {
      leaveCheck = null;
    }
  };
}

/** Returns the current screen's warning about leaving it, or `null`. */
export function leaveWarning(): string | null {
  return leaveCheck?.() ?? null;
}
