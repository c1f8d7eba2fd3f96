// Helpers the wizard end-to-end tests share: accessibility checks with axe-core, a standalone
// okta-sim on a loopback port with its control API, and typing into the real window.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the page and returns the serious and critical violations, one line each. */
export async function seriousViolations(browser: WebdriverIO.Browser): Promise<string[]> {
  const injected = await browser.execute("return typeof window.axe !== 'undefined'");
  if (!injected) {
    await browser.execute(`${axeSource}\nreturn true;`);
  }
  const found: unknown = await browser.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { resultTypes: ["violations"] }).then(
      (result) => done(result.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => violation.id + " (" + violation.impact + "): " +
          violation.nodes.map((node) => node.target.join(" ")).join(", "))),
      (error) => done(["axe failed: " + String(error)]),
    );
  `);
  return found as string[];
}

/** A standalone okta-sim with the demo account and its control API. */
export interface Sim {
  port: number;
  /** `http://{host}:{port}` for an emulator host such as `aerial.sim.localhost`. */
  url(host: string): string;
  accountId: string;
  aerialOrgHost: string;
  /** The API token of the emulator's org at `domain`, as its super admin would create one. */
  apiToken(domain: string): string;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): void;
}

/** Returns the okta-sim binary: AERIAL_DESK_OKTA_SIM, or the one built beside the app binary. */
function simBinary(): string {
  const fromEnvironment = process.env.AERIAL_DESK_OKTA_SIM;
  if (fromEnvironment) {
    return fromEnvironment;
  }
  const app = process.env.AERIAL_DESK_BINARY;
  const beside = app ? join(dirname(app), "okta-sim") : "";
  if (beside === "" || !existsSync(beside)) {
    throw new Error("okta-sim was not found beside the app binary; build it with `cargo build -p okta-sim` or set AERIAL_DESK_OKTA_SIM");
  }
  return beside;
}

/**
 * Starts `okta-sim --listen 127.0.0.1:0 --demo --control`, with `extraArguments` such as
 * `--org-ready-delay 8`, and reads its port and account.
 */
export async function startSim(extraArguments: string[] = []): Promise<Sim> {
  const child: ChildProcess = spawn(simBinary(), ["--listen", "127.0.0.1:0", "--demo", "--control", ...extraArguments], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    const timer = setTimeout(() => {
      reject(new Error("okta-sim did not report its address within 30 seconds"));
    }, 30_000);
    lines.on("line", (line) => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      reject(new Error(`okta-sim exited with ${String(code)} before listening`));
    });
  });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`http://127.0.0.1:${String(port)}/__sim${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`okta-sim control ${method} ${path} failed: ${String(response.status)} ${text}`);
    }
    return text === "" ? null : (JSON.parse(text) as unknown);
  };
  const state = (await control("GET", "/state")) as {
    accounts: { id: string; aerialOrgId: string }[];
    orgs: { id: string; domain: string; apiTokens?: { token: string }[] }[];
  };
  const account = state.accounts[0];
  const aerialOrg = state.orgs.find((org) => org.id === account?.aerialOrgId);
  if (!account || !aerialOrg) {
    throw new Error("okta-sim's demo state has no account with an Aerial org");
  }
  return {
    port,
    url: (host) => `http://${host}:${String(port)}`,
    accountId: account.id,
    aerialOrgHost: aerialOrg.domain,
    apiToken: (domain) => state.orgs.find((org) => org.domain === domain)?.apiTokens?.[0]?.token ?? "",
    control,
    stop: () => child.kill("SIGTERM"),
  };
}

/** Registers a service app with `jwk` in the Aerial org, as an admin does in the Admin Console. */
export async function registerClient(sim: Sim, clientId: string, jwk: unknown, scopes: string[]): Promise<void> {
  await sim.control("POST", "/clients", {
    orgDomain: sim.aerialOrgHost,
    clientId,
    applicationType: "service",
    tokenEndpointAuthMethod: "private_key_jwt",
    grantedScopes: scopes,
    dpopRequired: false,
    jwks: [jwk],
  });
}

/** Writes a new EC P-256 private key to `path` as PKCS#8 PEM encrypted with `passphrase`
 * (AES-256-CBC), as `openssl genpkey -aes-256-cbc` would. */
export function writeEncryptedPemKey(path: string, passphrase: string): void {
  const { privateKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  writeFileSync(path, privateKey, { mode: 0o600 });
}

function dialogOpen(title: string): boolean {
  try {
    execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Saves to `path` in the save-file dialog by typing it into GTK's name field with xdotool. */
export async function answerSaveDialog(title: string, path: string): Promise<void> {
  const window = await dialogWindow(title);
  execFileSync("xdotool", ["windowfocus", "--sync", window]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  execFileSync("xdotool", ["key", "ctrl+a"]);
  execFileSync("xdotool", ["type", "--delay", "5", path]);
  await pressReturnUntilClosed(title, path);
}

async function dialogWindow(title: string): Promise<string> {
  let window = "";
  for (let attempt = 0; attempt < 100 && window === ""; attempt++) {
    try {
      window = execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" }).trim().split("\n")[0] ?? "";
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (window === "") {
    throw new Error(`the file dialog "${title}" did not open within 10 seconds`);
  }
  return window;
}

// GTK enables the dialog's button only after it has looked the typed path up, so Return is
// pressed until the dialog closes.
async function pressReturnUntilClosed(title: string, path: string): Promise<void> {
  for (let attempt = 0; attempt < 20 && dialogOpen(title); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    execFileSync("xdotool", ["key", "Return"]);
  }
  if (dialogOpen(title)) {
    throw new Error(`the file dialog "${title}" did not take the path ${path}`);
  }
}

/** Chooses `path` in the open-file dialog by typing it into GTK's location bar with xdotool. */
export async function answerFileDialog(title: string, path: string): Promise<void> {
  const window = await dialogWindow(title);
  // Xvfb runs no window manager, so the dialog is focused directly rather than activated.
  execFileSync("xdotool", ["windowfocus", "--sync", window]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  execFileSync("xdotool", ["key", "ctrl+l"]);
  execFileSync("xdotool", ["type", "--delay", "5", path]);
  await pressReturnUntilClosed(title, path);
}

/** Types into the field labelled `label`, replacing what it holds. */
export async function fill(browser: WebdriverIO.Browser, selector: string, text: string): Promise<void> {
  const input = await browser.$(selector);
  await input.waitForDisplayed({ timeout: 30_000 });
  await input.clearValue();
  await input.setValue(text);
}

/** Waits until the wizard shows the page `step`. */
export async function waitForPage(browser: WebdriverIO.Browser, step: string): Promise<void> {
  const page = await browser.$(`[data-testid="wizard-page"][data-step="${step}"]`);
  await page.waitForDisplayed({ timeout: 60_000, timeoutMsg: `the wizard did not reach the ${step} page` });
}

/** Clicks the button with exactly this text. */
export async function click(browser: WebdriverIO.Browser, text: string): Promise<void> {
  const button = await browser.$(`button=${text}`);
  await button.waitForEnabled({ timeout: 60_000, timeoutMsg: `the button "${text}" did not become enabled` });
  await button.click();
}
