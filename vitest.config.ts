import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  // Generated modules import @guideline-dsl/runtime (packages/runtime): in the repository that is runtime/'s source,
  // so tests never run a stale build. The smoke test (test/package/) checks the built packages.
  resolve: {
    alias: [
      { find: /^@guideline-dsl\/runtime$/, replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
      { find: /^guideline-dsl\/runtime$/, replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // A fixed fast-check seed for every property test, and the progress log test/run-tests.mjs reads to name a hang.
    setupFiles: ["test/setup/fast-check.ts", "test/setup/progress.ts"],
    // Per test; it cannot stop a synchronous loop (the worker never yields), which the runner's wall-clock guard does.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
