import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Measurements of the real window, run by scripts/bench-orgs.sh. They live apart from the
// end-to-end tests, whose configuration includes only `*.e2e.ts`.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["*.measure.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
