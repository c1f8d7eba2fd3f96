import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keychainCase, openApp, packageVersion, saveScreenshot } from "./session";

let browser: WebdriverIO.Browser;

beforeAll(async () => {
  browser = await openApp();
});

afterAll(async () => {
  await browser.deleteSession();
});

async function settledKeychainStatus() {
  const status = await browser.$('[data-testid="keychain-status"]');
  await status.waitUntil(async () => (await status.getAttribute("data-state")) !== "checking", {
    timeout: 60_000,
    timeoutMsg: "the keychain check did not finish within a minute",
  });
  return status;
}

describe("welcome screen", () => {
  it("shows the app name and version", async () => {
    const heading = await browser.$("h1");
    await heading.waitForDisplayed({ timeout: 60_000 });
    const version = await browser.$('[data-testid="app-version"]');
    await version.waitUntil(async () => (await version.getText()) !== "", { timeout: 30_000 });

    expect(await heading.getText()).toBe("Aerial Desk");
    expect(await version.getText()).toBe(`Version ${packageVersion()} (development build)`);
  });

  it.runIf(keychainCase === "available")("reports the keychain as ready", async () => {
    const status = await settledKeychainStatus();

    expect(await status.getAttribute("data-state")).toBe("ready");
    expect(await status.getText()).toContain("The keychain is ready.");
    expect(await status.getText()).toContain("Secret Service (GNOME Keyring or KWallet)");
    await saveScreenshot(browser, "welcome-keychain-ready");
  });

  it.runIf(keychainCase === "no-password-store")("explains that no password store runs", async () => {
    const status = await settledKeychainStatus();

    expect(await status.getAttribute("data-state")).toBe("problem");
    expect(await status.getText()).toContain(
      "No password store is running. Start GNOME Keyring or KWallet, then try again.",
    );
    expect(await (await browser.$("button=Check again")).isDisplayed()).toBe(true);
    await saveScreenshot(browser, "welcome-no-password-store");
  });

  it.runIf(keychainCase === "no-password-store")("keeps the technical detail behind Details", async () => {
    const details = await browser.$("details");
    const detailText = await browser.$("details .details");

    expect(await detailText.isDisplayed()).toBe(false);
    await (await details.$("summary")).click();
    expect(await detailText.getText()).toContain("org.freedesktop.secrets");
    await saveScreenshot(browser, "welcome-no-password-store-details");
  });
});
