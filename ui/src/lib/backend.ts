// The UI's only way to reach the Rust backend. Screens receive a `Backend` and never import
// Tauri, so tests can hand them a fake that records what it was asked.

import { commands } from "./bindings";
import type {
  AppInfo,
  IpcError_Serialize,
  KeychainReady,
  OpenedProfile_Serialize,
  ProfileList_Serialize,
  Screen,
} from "./bindings";

export type { AppInfo, KeychainReady, OktaCodes_Serialize as OktaCodes, ProfileSummary, RecheckNotice, Screen } from "./bindings";

/** An error as the backend sends it: `{code, message, fix, details, okta}`. */
export type IpcError = IpcError_Serialize;

/** The snake_case code of an error, such as `keychain_locked` or `scope_not_granted`. */
export type ErrorCode = string;

/** A profile that was opened, with what checking its unfinished changes found. */
export type OpenedProfile = OpenedProfile_Serialize;

/** Every profile, and the active one's name. */
export type ProfileList = ProfileList_Serialize;

/** A command's outcome: the value, or the error the backend reported. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Every backend call a screen can make. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  checkKeychain(): Promise<Outcome<KeychainReady>>;
  screenShown(screen: Screen): Promise<void>;
  listProfiles(): Promise<Outcome<ProfileList>>;
  /** Opens the active profile (restarting the demo for a demo profile); `null` at first run. */
  openActiveProfile(): Promise<Outcome<OpenedProfile | null>>;
  switchProfile(name: string): Promise<Outcome<OpenedProfile>>;
  tryTheDemo(): Promise<Outcome<OpenedProfile>>;
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

function outcome<T>(result: Result<T>): Outcome<T> {
  return result.status === "ok" ? { ok: true, value: result.data } : { ok: false, error: result.error };
}

/** The backend of the running app, over Tauri IPC. */
export const tauriBackend: Backend = {
  appInfo: () => commands.appInfo(),
  checkKeychain: async () => {
    const result = await commands.checkKeychain();
    return result.status === "ok" ? { ok: true, value: result.data } : { ok: false, error: result.error };
  },
  screenShown: async (screen) => {
    await commands.screenShown(screen);
  },
  listProfiles: async () => outcome(await commands.listProfiles()),
  openActiveProfile: async () => outcome(await commands.openActiveProfile()),
  switchProfile: async (name) => outcome(await commands.switchProfile(name)),
  tryTheDemo: async () => outcome(await commands.tryTheDemo()),
};
