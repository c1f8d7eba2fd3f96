import { defineConfig } from "vitest/config";

// One real app window at a time, so files run one after another with generous timeouts.
export default defineConfig({
  test: {
    include: ["*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
