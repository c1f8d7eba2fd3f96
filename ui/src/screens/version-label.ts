import type { AppInfo } from "../lib/backend";

/** Returns the version line of the welcome screen, naming the build flavour unless it is a release. */
export function versionLabel(info: AppInfo): string {
  const flavour = info.buildFlavour === "release" ? "" : ` (${info.buildFlavour} build)`;
  return `Version ${info.version}${flavour}`;
}
