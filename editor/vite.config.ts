// Vite config of the playground: editor/index.html in, a static site in dist/playground out.
// `npm start` (editor/serve.mjs) builds with it and serves the result with `vite preview`.
import { defineConfig, type Rolldown } from "vite";

type OnLogFunction = NonNullable<Rolldown.InputOptions["onLog"]>;
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

/** The bundler's "plugins took N s" notes are about this machine's load, not the playground: keep them out of test logs. */
const quietTimings: OnLogFunction = (level, log, next) => {
  if (typeof log === "string" || log.code !== "PLUGIN_TIMINGS") next(level, log);
};

export default defineConfig({
  root: here,
  base: "./",
  publicDir: false,
  logLevel: "warn",
  build: { outDir: `${repo}dist/playground`, emptyOutDir: true, chunkSizeWarningLimit: 6000, reportCompressedSize: false, rolldownOptions: { checks: { bundlerTimings: false }, onLog: quietTimings } },
  worker: { format: "es", rolldownOptions: { checks: { bundlerTimings: false }, onLog: quietTimings } },
  server: { host: "127.0.0.1", fs: { allow: [repo] } },
  preview: { host: "127.0.0.1" },
});
