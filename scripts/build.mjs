// Builds what the packages ship, from the TypeScript sources (npm runs it as `prepare`: after `npm ci`, and before
// `npm pack`). `node scripts/build.mjs [runtime|all] [--out DIR]`:
//   packages/runtime/dist/index.js + *.d.ts   runtime/ as one ES module with its declarations (@guideline-dsl/runtime)
//   dist/index.js + dist/types/               compiler/index.ts, the front door, with its declarations (guideline-dsl)
//   dist/prettier.js + .d.ts                  the prettier plugin (guideline-dsl/prettier)
//   dist/runtime.js + .d.ts                   guideline-dsl/runtime: re-exports @guideline-dsl/runtime
//   dist/guide-cli.cjs + .code-cache          the `guide` command (bin/guide.js loads it with V8's code cache)
// Chevrotain and yargs are bundled (so the toolchain installs only prettier and the runtime, and `guide` does not
// resolve ~640 lodash-es files at start-up); prettier stays external, loaded only by compile and fmt.
// `--out DIR` builds a copy of the repository rooted at DIR instead (the smoke test builds a staging copy).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const root = outAt >= 0 ? resolve(args[outAt + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), "..");
const what = args.find((a, i) => !a.startsWith("--") && (outAt < 0 || i !== outAt + 1)) ?? "all";
if (!["runtime", "all"].includes(what)) { console.error(`build.mjs: build "runtime" or "all", not "${what}"`); process.exit(2); }
const at = (...p) => join(root, ...p);
const require = createRequire(import.meta.url);
const tscBin = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const started = performance.now();
// Run by `npm ci` / `npm install` (prepare), a failed build is reported but does not fail the install: CI then
// runs `npm test`, whose type-check and smoke test (which builds its own copy) name the problem in its summary.
// Run directly, or by `npm pack`, it fails.
if (["ci", "install"].includes(process.env.npm_command ?? "")) {
  process.on("uncaughtException", (e) => {
    console.error(`build.mjs: the build failed; dist/ may be incomplete (npm test reports it):\n${e instanceof Error ? e.message : String(e)}`);
    process.exit(0);
  });
}

/** Declarations by tsc (TypeScript 7 emits them; its API does not), with `./x.ts` imports rewritten to `./x.js`. */
function declarations(files, rootDir, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const config = at(`tsconfig.build-${process.pid}.json`);
  writeFileSync(config, JSON.stringify({
    compilerOptions: {
      target: "es2022", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022"], types: [], strict: true,
      declaration: true, emitDeclarationOnly: true, allowImportingTsExtensions: true, verbatimModuleSyntax: true,
      skipLibCheck: true, rootDir, outDir,
    },
    files,
  }));
  try {
    const r = spawnSync(process.execPath, [tscBin, "-p", config], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tsc could not emit declarations for ${files.join(", ")}:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(config, { force: true });
  }
  for (const f of walk(outDir)) {
    if (!f.endsWith(".d.ts")) continue;
    const text = readFileSync(f, "utf8");
    const fixed = text.replace(/(from\s+|import\()(["'])(\.\.?\/[^"']*?)\.ts\2/g, "$1$2$3.js$2");
    if (fixed !== text) writeFileSync(f, fixed);
  }
}

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p); else yield p;
  }
}

const common = { bundle: true, target: "es2022", logLevel: "warning", legalComments: "inline", absWorkingDir: root };

// 1. @guideline-dsl/runtime
const runtimeDist = at("packages", "runtime", "dist");
await build({ ...common, entryPoints: [at("runtime", "index.ts")], outfile: join(runtimeDist, "index.js"), format: "esm", platform: "neutral" });
declarations([at("runtime", "index.ts")], at("runtime"), join(runtimeDist, "types-tmp"));
// index.d.ts and its siblings directly in dist/, beside index.js.
for (const f of readdirSync(join(runtimeDist, "types-tmp"))) writeFileSync(join(runtimeDist, f), readFileSync(join(runtimeDist, "types-tmp", f)));
rmSync(join(runtimeDist, "types-tmp"), { recursive: true, force: true });

if (what === "all") {
  const dist = at("dist");
  mkdirSync(dist, { recursive: true });
  // fhirpath (a dependency, 2 MB) is read only by `guide serve`'s pre-population: left in node_modules, like prettier,
  // so that `guide check` does not carry it.
  const node = { ...common, platform: "node", target: "node20", external: ["prettier", "@guideline-dsl/runtime", "fhirpath"] };
  // 2. The front door and the prettier plugin, as ES modules.
  await build({ ...node, entryPoints: [at("compiler", "index.ts")], outfile: join(dist, "index.js"), format: "esm" });
  await build({ ...node, entryPoints: [at("compiler", "format", "plugin.ts")], outfile: join(dist, "prettier.js"), format: "esm" });
  declarations([at("compiler", "index.ts")], root, join(dist, "types"));
  writeFileSync(join(dist, "prettier.d.ts"), `// The prettier plugin for .guide files: prettier --plugin guideline-dsl/prettier FILE.guide
import type { Parser, Printer, SupportLanguage } from "prettier";
export declare const languages: SupportLanguage[];
export declare const parsers: Record<string, Parser>;
export declare const printers: Record<string, Printer>;
export declare const defaultOptions: { printWidth: number; tabWidth: number; useTabs: boolean };
declare const plugin: { languages: SupportLanguage[]; parsers: Record<string, Parser>; printers: Record<string, Printer>; defaultOptions: typeof defaultOptions };
export default plugin;
`);
  const reexport = `// guideline-dsl/runtime is @guideline-dsl/runtime: one copy, so CaseError and the types are the same everywhere.\nexport * from "@guideline-dsl/runtime";\n`;
  writeFileSync(join(dist, "runtime.js"), reexport);
  writeFileSync(join(dist, "runtime.d.ts"), reexport);
  // 3. The command line: one CommonJS script, compiled by bin/guide.js with V8's code cache.
  const cli = join(dist, "guide-cli.cjs"), cache = join(dist, "guide-cli.code-cache");
  await build({
    ...node, entryPoints: [at("compiler", "cli", "main.ts")], outfile: cli, format: "cjs",
    // Bundled ES modules (yargs, the version lookup) read import.meta.url; a CommonJS bundle has none: give it its own URL.
    define: { "import.meta.url": "__guideImportMetaUrl" },
    banner: { js: 'var __guideImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  // Training run: V8 compiles what a check compiles, and bin/guide.js keeps it in the cache. The cache depends only
  // on the bundle and the Node binary (V8 rejects it, and the command still runs, on another Node version).
  rmSync(cache, { force: true });
  const sample = at("test", "fixtures", "sample.guide");
  if (existsSync(sample)) {
    const train = spawnSync(process.execPath, [at("bin", "guide.js"), "check", sample], { env: { ...process.env, GUIDE_CLI: "dist", GUIDE_WRITE_CODE_CACHE: "1", NO_COLOR: "1" }, encoding: "utf8" });
    if (train.status === 2 || train.error) throw new Error(`the training run of the built CLI failed: ${train.stderr || String(train.error)}`);
  }
}
const size = (p) => (existsSync(p) ? statSync(p).size : 0);
console.error(`build.mjs: ${what === "all" ? `dist/ (CLI ${(size(at("dist", "guide-cli.cjs")) / 1024).toFixed(0)} KiB) and ` : ""}packages/runtime/dist/ (${(size(join(runtimeDist, "index.js")) / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s${root !== resolve(dirname(fileURLToPath(import.meta.url)), "..") ? ` at ${relative(process.cwd(), root) || "."}` : ""}`);
