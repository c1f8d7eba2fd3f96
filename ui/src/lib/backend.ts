// The UI's only way to reach the Rust backend. Screens receive a `Backend` and never import
// Tauri, so tests can hand them a fake that records what it was asked.

import { commands } from "./bindings";
import type { AppInfo, IpcError_Serialize, KeychainReady, Screen } from "./bindings";

export type { AppInfo, ErrorCode, KeychainReady, Screen } from "./bindings";

/** An error as the backend sends it: `{code, message, fix, details}`. */
export type IpcError = IpcError_Serialize;

/** A command's outcome: the value, or the error the backend reported. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Every backend call a screen can make. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  checkKeychain(): Promise<Outcome<KeychainReady>>;
  screenShown(screen: Screen): Promise<void>;
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
};
