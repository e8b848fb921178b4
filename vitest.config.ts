import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Tells snapshot tests whether `-u` asked them to rewrite their files.
          globalSetup: ["test/helpers/snapshot-mode.ts"],
        },
      },
      {
        test: {
          name: "cli",
          // Runs the built CLI as a user would: `npm test` builds first.
          include: ["test/cli/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          // Installs real Python projects: minutes, not milliseconds, on a cold cache.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: "contract",
          // Every stack under its production server, checked over HTTP.
          include: ["test/contract/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
