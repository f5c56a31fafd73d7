import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A fixed fast-check seed for every property test, and the progress log test/run-tests.mjs reads to name a hang.
    setupFiles: ["test/setup/fast-check.ts", "test/setup/progress.ts"],
    // Per test; it cannot stop a synchronous loop (the worker never yields), which the runner's wall-clock guard does.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
