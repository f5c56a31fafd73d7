#!/usr/bin/env node
// The `guide` command. Installed from the package it runs dist/guide-cli.cjs (built by scripts/build.mjs), compiled
// with V8's code cache beside it; in a clone of the repository it runs the TypeScript sources through tsx, so an edit
// needs no build. GUIDE_CLI=dist runs the built bundle in a clone too (the build's training run, the start-up bench).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// A closed pipe (guide … | head) ends the output quietly, not with a stack trace.
process.stdout.on("error", (e) => { if (e.code === "EPIPE") process.exit(process.exitCode ?? 0); throw e; });

const source = new URL("../compiler/cli/main.ts", import.meta.url);
const args = process.argv.slice(2);
let main;
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // Answered before anything loads: the version of this package (main.ts gives the same answer).
  main = () => { process.stdout.write(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version + "\n"); return 0; };
} else if (process.env.GUIDE_CLI !== "dist" && existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(source.href));
} else {
  const { Script, constants } = await import("node:vm");
  const filename = fileURLToPath(new URL("../dist/guide-cli.cjs", import.meta.url));
  const cachePath = fileURLToPath(new URL("../dist/guide-cli.code-cache", import.meta.url));
  let cachedData;
  try { cachedData = readFileSync(cachePath); } catch { cachedData = undefined; }
  // The bundle as a CommonJS function, compiled with the cache when V8 accepts it (same bundle, same Node binary).
  const wrapped = "(function (exports, require, module, __filename, __dirname) {" + readFileSync(filename, "utf8") + "\n})";
  const script = new Script(wrapped, { filename, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  // The build's training run writes the cache after the command, so the functions it compiled are in it too.
  if (process.env.GUIDE_WRITE_CODE_CACHE === "1") process.on("exit", () => writeFileSync(cachePath, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, fileURLToPath(new URL("../dist/", import.meta.url)));
  ({ main } = module.exports);
}
process.exitCode = await main(args);
