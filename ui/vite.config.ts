import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The Tauri window loads this dev server in development and the built files in dist/ otherwise.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The app icon's source drawing lives in ../icons, outside the UI root.
  server: { port: 5173, strictPort: true, host: "localhost", fs: { allow: [".", "../icons"] } },
  build: {
    target: "safari15",
    // Inline nothing as a data: URL, so the strict CSP needs no exceptions.
    assetsInlineLimit: 0,
  },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    // Unmounts each rendered component after its test.
    setupFiles: ["@testing-library/svelte/vitest"],
  },
});
