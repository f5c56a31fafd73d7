// What a user does with the packages, in a temp folder: build a staging copy of the sources, `npm pack` both packages,
// install the tarballs into a fresh app. Offline: the pinned prettier is copied from this repository's node_modules
// first, so `npm install --offline` resolves nothing from a registry. Used by smoke.test.ts and bench/startup.ts.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "..", "..");
const COPIED = ["package.json", "README.md", "LICENSE", "bin", "scripts", "compiler", "grammar", "runtime", "packages/runtime/package.json", "packages/runtime/README.md", "packages/runtime/LICENSE", "packages/runtime/src", "test/fixtures"];

/** An environment for npm without what an enclosing `npm test` sets (npm_config_*, npm_lifecycle_* …). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

export function sh(cmd: string, args: string[], cwd: string, opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: cleanEnv(opts.env), input: opts.input, timeout: 120_000 });
}

export function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0 || r.error) throw new Error(`${what} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ""}):\n${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ""}`);
  return r.stdout;
}

export interface Installed {
  root: string; // the temp folder holding everything; remove() deletes it
  app: string; // the app with both packages installed
  tarballs: { toolchain: string; runtime: string };
  version: string;
  remove(): void;
}

/** Build, pack and install into a new temp app. Takes about 15–25 s on this machine. */
export function packAndInstall(): Installed {
  const root = mkdtempSync(join(tmpdir(), "guide-smoke-"));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const stage = join(root, "stage"), packs = join(root, "tarballs"), app = join(root, "app");
    for (const p of COPIED) cpSync(join(REPO, p), join(stage, p), { recursive: true, dereference: true });
    // Build tools (esbuild, tsc, chevrotain, yargs) come from the repository's own install.
    symlinkSync(join(REPO, "node_modules"), join(stage, "node_modules"), "dir");
    must(sh(process.execPath, [join(stage, "scripts", "build.mjs")], stage), "scripts/build.mjs");
    mkdirSync(packs);
    const pack = (dir: string) => JSON.parse(must(sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packs], dir), `npm pack in ${dir}`))[0] as { filename: string };
    const toolchain = join(packs, pack(stage).filename);
    const runtime = join(packs, pack(join(stage, "packages", "runtime")).filename);
    mkdirSync(join(app, "node_modules"), { recursive: true });
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "guide-smoke-app", private: true, type: "module" }, null, 2));
    cpSync(join(REPO, "node_modules", "prettier"), join(app, "node_modules", "prettier"), { recursive: true });
    must(sh("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", runtime, toolchain], app), "npm install of the tarballs");
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
    return { root, app, tarballs: { toolchain, runtime }, version, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
