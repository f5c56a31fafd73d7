// Determinism: `guide compile` under different time zones, locales and V8 random/hash seeds writes byte-identical
// files, `guide eval` prints identical determinations, and evaluation never reads the clock.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { interpret } from "../../compiler/interpret.ts";
import { caseArb } from "./gen-case.ts";
import { compileAndImport, guideline, OUT, ROOT } from "./support.ts";

const g = guideline();

function run(args: string[], env: Record<string, string>, nodeFlags: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, `${ROOT}bin/guide.js`, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Two runs, as different as we can make them (each `guide` process checks and formats the whole guideline).
const ENVS: { name: string; env: Record<string, string>; flags: string[] }[] = [
  { name: "chatham-tr", env: { TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" }, flags: ["--random-seed=7", "--hash-seed=7"] },
  { name: "utc-c", env: { TZ: "UTC", LANG: "C", LC_ALL: "C" }, flags: ["--random-seed=99991", "--hash-seed=12345"] },
];

describe("deterministic output", () => {
  it("guide compile and guide eval are byte-identical across TZ, LANG and V8 seeds", async () => {
    const base = `${OUT}determinism`;
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    const example = g.model.examples[0]?.case ?? { asOf: "2026-11-25", request: { cpt: g.model.plan.studies[0].cpt } };
    writeFileSync(`${base}/case.json`, JSON.stringify(example));
    const results = await Promise.all(ENVS.map(async (e) => {
      const [compile, evaluation] = await Promise.all([
        run(["compile", g.path, "--out", `${base}/${e.name}`], e.env, e.flags),
        run(["eval", g.path, "--case", `${base}/case.json`, "--json", "--trace"], e.env, e.flags),
      ]);
      return { e, compile, evaluation };
    }));
    const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(`${dir}/${f}`)]));
    const first = files(`${base}/${ENVS[0].name}`);
    expect(Object.keys(first).sort()).toEqual([`${g.name}.schema.json`, `${g.name}.ts`]);
    for (const r of results) {
      expect(r.compile.code, r.compile.stderr).toBe(0);
      const got = files(`${base}/${r.e.name}`);
      expect(Object.keys(got)).toEqual(Object.keys(first));
      for (const f of Object.keys(first)) expect(Buffer.compare(got[f], first[f]), `${r.e.name}/${f} differs`).toBe(0);
      expect([0, 1]).toContain(r.evaluation.code); // 1 is a valid "findings" exit for a non-approve outcome
      expect(r.evaluation.stdout.length).toBeGreaterThan(0);
      expect(r.evaluation.stdout, r.e.name).toBe(results[0].evaluation.stdout);
    }
    const d = JSON.parse(results[0].evaluation.stdout);
    expect(d.outcome).toBe(interpret(g.model, example).outcome);
  }, 300_000);
});

describe("evaluation never reads the clock", () => {
  afterEach(() => { vi.unstubAllGlobals(); vi.restoreAllMocks(); });

  it("Date.now and new Date() throw while many cases are evaluated; the results are unchanged", async () => {
    const compiled = await compileAndImport(g.model, "determinism-clock", g.name);
    const cases = fc.sample(caseArb(g.model), { numRuns: 1000, seed: 20261125 });
    const before = cases.map((c) => JSON.stringify([interpret(g.model, c, { trace: true }), compiled.evaluate(c, { trace: true })]));

    const RealDate = Date;
    let reads = 0;
    class NoClockDate extends RealDate {
      constructor(...args: ConstructorParameters<typeof Date> | []) {
        if (args.length === 0) { reads++; throw new Error("evaluation read the clock: new Date()"); }
        super(...(args as ConstructorParameters<typeof Date>));
      }
      static override now(): number { reads++; throw new Error("evaluation read the clock: Date.now()"); }
    }
    vi.stubGlobal("Date", NoClockDate);
    vi.spyOn(performance, "now").mockImplementation(() => { reads++; throw new Error("evaluation read performance.now()"); });
    // The stubs work: the clock cannot be read now.
    expect(() => Date.now()).toThrow(/clock/);
    expect(() => new Date()).toThrow(/clock/);
    reads = 0;
    const after = cases.map((c) => JSON.stringify([interpret(g.model, c, { trace: true }), compiled.evaluate(c, { trace: true })]));
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    expect(reads).toBe(0);
    expect(after).toEqual(before);
  });
});
