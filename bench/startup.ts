// Start-up of the `guide` command as a user has it: both packages packed and installed into a temp app
// (test/package/install.ts, the smoke test's procedure), then `guide check` of PEDSP and `guide --version` as
// processes, interleaved with a bare `node -e 0`, one warm-up round, median of `reps`. Alone:
//   npm run bench:startup [-- --reps N]     prints the table and writes bench/startup-results.json
// bench/run.ts (npm run bench) calls measureStartup for its "installed CLI" row.
import { spawnSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packAndInstall, REPO } from "../test/package/install.ts";

export interface StartupResult {
  reps: number; node: string; loadavg: number[];
  bareNodeMs: number; checkMs: number; versionMs: number; checkVsNode: number; versionVsNode: number;
  runsMs: { node: number[]; check: number[]; version: number[] };
  command: string;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x: number): number => Math.round(x * 100) / 100;

export function measureStartup(reps = 11): StartupResult {
  const inst = packAndInstall();
  try {
    cpSync(join(REPO, "guidelines", "pedsp"), join(inst.app, "pedsp"), { recursive: true, dereference: true });
    const bin = join(inst.app, "node_modules", ".bin", "guide");
    const time = (args: string[], ok: (status: number | null) => boolean): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: inst.app, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      const ms = performance.now() - t;
      if (!ok(r.status)) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
      return ms;
    };
    const runs = { node: [] as number[], check: [] as number[], version: [] as number[] };
    for (let i = 0; i <= reps; i++) {
      const n = time(["-e", "0"], (s) => s === 0);
      const c = time([bin, "check", "pedsp/pedsp.guide"], (s) => s === 0);
      const v = time([bin, "--version"], (s) => s === 0);
      if (i > 0) { runs.node.push(n); runs.check.push(c); runs.version.push(v); }
    }
    const bareNodeMs = median(runs.node), checkMs = median(runs.check), versionMs = median(runs.version);
    return {
      reps, node: process.version, loadavg: os.loadavg().map(round),
      bareNodeMs: round(bareNodeMs), checkMs: round(checkMs), versionMs: round(versionMs),
      checkVsNode: round(checkMs / bareNodeMs), versionVsNode: round(versionMs / bareNodeMs),
      runsMs: { node: runs.node.map(round), check: runs.check.map(round), version: runs.version.map(round) },
      command: "node node_modules/.bin/guide check pedsp/pedsp.guide (installed from the npm pack tarballs)",
    };
  } finally {
    inst.remove();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--reps");
  const r = measureStartup(at > 0 ? Number(process.argv[at + 1]) : 11);
  writeFileSync("bench/startup-results.json", JSON.stringify(r, null, 2) + "\n");
  console.log(`| measure (installed package, median of ${r.reps}) | ms | × node -e 0 |\n|---|---|---|`);
  console.log(`| bare \`node -e 0\` | ${r.bareNodeMs} | 1 |`);
  console.log(`| \`guide check\` PEDSP | ${r.checkMs} | ${r.checkVsNode} |`);
  console.log(`| \`guide --version\` | ${r.versionMs} | ${r.versionVsNode} |`);
  console.log(`Node ${r.node}, load ${r.loadavg.join(" ")}; target: guide check ≤ 300 ms (${r.checkMs <= 300 ? "met" : "missed"}).`);
}
