// Opens the real Aerial Desk window through tauri-driver, and saves screenshots.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { remote } from "webdriverio";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run the end-to-end tests through scripts/e2e.sh`);
  }
  return value;
}

/** The keychain situation scripts/e2e.sh prepared for this run. */
export const keychainCase = required("AERIAL_DESK_E2E_CASE");

/**
 * The port of a second tauri-driver whose app windows use GTK's dark theme, when scripts/e2e.sh
 * started one, else `undefined`.
 */
export const darkDriverPort = process.env.TAURI_DRIVER_DARK_PORT;

/** Starts the app under tauri-driver and returns the WebDriver session. `port` picks another
 * tauri-driver, such as the dark-theme one. */
export async function openApp(port = required("TAURI_DRIVER_PORT")): Promise<WebdriverIO.Browser> {
  return remote({
    hostname: "127.0.0.1",
    port: Number(port),
    logLevel: "warn",
    connectionRetryCount: 0,
    capabilities: {
      // WebKitWebDriver speaks classic WebDriver only, not WebDriver BiDi.
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: required("AERIAL_DESK_BINARY") },
    } as WebdriverIO.Capabilities,
  });
}

/** Saves a screenshot of the window as NAME.png in the run's screenshot folder. */
export async function saveScreenshot(browser: WebdriverIO.Browser, name: string): Promise<string> {
  const folder = required("AERIAL_DESK_SCREENSHOTS");
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  try {
    await browser.saveScreenshot(path);
  } catch {
    // Some WebKitWebDriver builds cannot capture the page. The X server's root window shows the
    // same pixels, because the app's window is the only one on the virtual display.
    execFileSync("import", ["-window", "root", path]);
  }
  return path;
}

/** Returns the app version from the package manifest, which the welcome screen must show. */
export function packageVersion(): string {
  const manifest = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  const match = /\[package\][^[]*?\nversion = "([^"]+)"/.exec(manifest);
  if (!match?.[1]) {
    throw new Error("Cargo.toml has no [package] version");
  }
  return match[1];
}
