// Issue 12, items 3, 4 and 6: a suite that gives the same result on every run and cannot hang silently; the
// source path taken from the parsed header and every file read as a bounded regular file (never a FIFO, a device
// or a folder); `guide compile` never crashing where `guide check` succeeded. Anything that hung before runs in
// a child process with a timeout, so a regression fails this file instead of hanging it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli/main.ts";
import { loadGuide, MAX_SOURCE_BYTES } from "../../compiler/cli/io.ts";
import { emitModule, emitTypeScript, GENERATED_MARK } from "../../compiler/emit/typescript.ts";
import type { Model } from "../../compiler/model.ts";
import { runExamples } from "../../compiler/run-examples.ts";
import config from "../../vitest.config.ts";
import { SUITE_SEED } from "../setup/fast-check.ts";

const SAMPLE = readFileSync("test/fixtures/sample.guide", "utf8");
const SOURCE = readFileSync("guidelines/pedsp/000_f1f69f597256be6d.txt", "utf8");
const SOURCE_NAME = "000_f1f69f597256be6d.txt";
const tmp = mkdtempSync(join(tmpdir(), "guide-reliability-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding the sample guideline (its header rewritten by `edit`) and its source text. */
function folder(name: string, edit: (guide: string) => string = (g) => g): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, SOURCE_NAME), SOURCE);
  writeFileSync(join(dir, "g.guide"), edit(SAMPLE));
  return dir;
}
const withSource = (src: string) => (g: string) => g.replace(`source "${SOURCE_NAME}"`, `source "${src}"`);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { err += s + "\n"; } });
  return { code, out, err };
}

interface Child { code: number | null; signal: NodeJS.Signals | null; out: string; err: string; ms: number }
/** A command in a child process, killed (with its group) after `seconds`: a hang shows up as signal SIGKILL. */
function child(cmd: string, args: string[], opts: { seconds: number; env?: NodeJS.ProcessEnv; input?: string }): Promise<Child> {
  return new Promise((done) => {
    const t0 = Date.now();
    const p = spawn(cmd, args, { env: { ...process.env, ...opts.env }, detached: true, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout!.on("data", (d) => { out += d; });
    p.stderr!.on("data", (d) => { err += d; });
    const timer = setTimeout(() => { try { process.kill(-p.pid!, "SIGKILL"); } catch { /* gone */ } }, opts.seconds * 1000);
    p.on("close", (code, signal) => { clearTimeout(timer); done({ code, signal, out, err, ms: Date.now() - t0 }); });
    if (p.stdin) { p.stdin.on("error", () => { /* the child may exit before reading */ }); p.stdin.end(opts.input); }
  });
}
const guide = (args: string[], opts: { seconds?: number; input?: string } = {}) =>
  child(process.execPath, ["--max-old-space-size=512", "bin/guide.js", ...args], { seconds: opts.seconds ?? 30, input: opts.input });
/** Several `guide` commands in one child process (fixtures/run-cli.ts); the child is killed after `seconds`. */
async function guides(runs: string[][], seconds = 30): Promise<{ code: number; out: string; err: string }[]> {
  const r = await child(process.execPath, ["--max-old-space-size=512", "--import", "tsx", "test/reliability/fixtures/run-cli.ts", JSON.stringify(runs)], { seconds });
  expect(r.signal, `killed after ${seconds} s (a read that blocks or grows?): ${r.err}`).toBeNull();
  expect(r.err).toBe("");
  return JSON.parse(r.out);
}

describe("a deterministic suite (item 6)", () => {
  it("every property test draws from one fixed fast-check seed", () => {
    expect(fc.readConfigureGlobal().seed).toBe(SUITE_SEED);
    expect(fc.sample(fc.string(), 20)).toEqual(fc.sample(fc.string(), 20));
    expect(config.test?.setupFiles).toEqual(expect.arrayContaining(["test/setup/fast-check.ts", "test/setup/progress.ts"]));
  });

  it("no test file seeds fast-check from the clock or Math.random", () => {
    const files = (readdirSync("test", { recursive: true }) as string[]).filter((f) => f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      expect(readFileSync(join("test", f), "utf8"), f).not.toMatch(/seed\s*:[^,}\n]*(Date\.now|Math\.random|performance\.now)/);
    }
  });

  it("keeps vitest's per-test timeout", () => {
    expect(config.test?.testTimeout).toBeGreaterThan(0);
    expect(config.test?.testTimeout).toBeLessThanOrEqual(120_000);
  });

  it("`npm run fuzz` keeps random seeds and prints each before its first run", () => {
    const run = readFileSync("test/fuzz/run.ts", "utf8");
    expect(run).toMatch(/seed = seedArg !== undefined \? Number\(seedArg\) : [^;]*Math\.random/);
    const printed = run.indexOf("process.stderr.write(`${name}: seed ${seed}");
    expect(printed).toBeGreaterThan(0);
    expect(printed).toBeLessThan(run.indexOf("fc.check(counted"));
    expect(existsSync("test/fuzz/run.ts") && !run.includes("test/setup/fast-check")).toBe(true);
  });

  it("the runner's wall-clock guard stops a test stuck in a synchronous loop, names it, and fails", async () => {
    const out = join(tmp, "guard");
    const limit = 10;
    const r = await child(process.execPath, ["test/run-tests.mjs", "--config", "test/reliability/fixtures/hang.config.ts"], {
      seconds: limit + 40,
      env: { GUIDE_TEST_TIMEOUT_S: String(limit), GUIDE_TEST_SKIP_TYPECHECK: "1", GUIDE_TEST_OUT: out },
    });
    expect(r.signal, "the runner itself hung").toBeNull();
    expect(r.code).toBe(1);
    expect(r.err).toContain("timed out: test/reliability/fixtures/hang.fixture.ts > hang fixture > spins forever");
    expect(r.out.trim().split("\n").at(-1)).toBe("1 passed, 1 failed");
    expect(r.ms).toBeLessThan((limit + 20) * 1000);
    // Vitest's whole process group is gone (its workers too), not left spinning.
    const pgid = Number(/process group (\d+)/.exec(r.err)?.[1]);
    expect(pgid).toBeGreaterThan(0);
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      try { process.kill(-pgid, 0); await new Promise((w) => setTimeout(w, 100)); } catch { alive = false; }
    }
    expect(alive).toBe(false);
  }, 60_000);
});

describe("the source path comes from the parsed header (item 4)", () => {
  it("a comment naming another file before the header does not change which file is read", async () => {
    const dir = folder("decoy", (g) => `// Encoded from an earlier draft, source "decoy.txt"\n${g}`);
    writeFileSync(join(dir, "decoy.txt"), "Nothing that any rule cites.\n");
    const r = await run("check", join(dir, "g.guide"));
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("a long licence comment before the header is no false source-not-found", async () => {
    const licence = Array.from({ length: 60 }, (_, i) => `// Licence clause ${i}: ${"permission is granted to read this text ".repeat(2)}`).join("\n");
    const dir = folder("licence", (g) => `${licence}\n${g}`);
    expect(licence.length).toBeGreaterThan(2000);
    const r = await run("check", join(dir, "g.guide"));
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("a source in a subfolder, or behind a symbolic link in the folder, is read", async () => {
    const sub = folder("sub", withSource(`texts/${SOURCE_NAME}`));
    mkdirSync(join(sub, "texts"));
    writeFileSync(join(sub, "texts", SOURCE_NAME), SOURCE);
    expect((await run("check", join(sub, "g.guide"))).code).toBe(0);
    const link = folder("link", withSource("linked.txt"));
    symlinkSync(resolve("guidelines/pedsp", SOURCE_NAME), join(link, "linked.txt"));
    expect((await run("check", join(link, "g.guide"))).code).toBe(0);
  });

  it("`..` and absolute paths are refused with a plain source-not-found", async () => {
    for (const [src, why] of [["../outside.txt", /not reached through '\.\.'/], ["texts/../../outside.txt", /not reached through '\.\.'/], [resolve(tmp, "outside.txt"), /absolute path/]] as const) {
      writeFileSync(join(tmp, "outside.txt"), SOURCE);
      const dir = folder(`escape-${src.length}`, withSource(src));
      const g = loadGuide(join(dir, "g.guide"));
      const d = g.diagnostics.filter((x) => x.code === "source-not-found");
      expect(d, src).toHaveLength(1);
      expect(d[0].message).toMatch(why);
      expect(g.sourceText).toBeUndefined();
    }
  });

  it(`a source larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB, a folder, or a missing file: source-not-found saying why`, async () => {
    const big = folder("big", withSource("big.txt"));
    const fd = openSync(join(big, "big.txt"), "w");
    ftruncateSync(fd, MAX_SOURCE_BYTES + 1); // sparse: costs no disk
    closeSync(fd);
    const cases: [string, RegExp][] = [[join(big, "g.guide"), /larger than 5 MB/]];
    const dirSrc = folder("dir-source", withSource("texts"));
    mkdirSync(join(dirSrc, "texts"));
    cases.push([join(dirSrc, "g.guide"), /is a folder/]);
    cases.push([join(folder("missing", withSource("nope.txt")), "g.guide"), /no such file/]);
    for (const [path, why] of cases) {
      const d = loadGuide(path).diagnostics.filter((x) => x.code === "source-not-found");
      expect(d, path).toHaveLength(1);
      expect(d[0].message).toMatch(why);
    }
  });
});

describe("no read blocks or grows without bound (item 4)", () => {
  it("a FIFO or /dev/urandom as source, as the .guide file or as the case: a plain error at once", async () => {
    const fifoSrc = folder("fifo-source", withSource("pipe.txt"));
    const rand = folder("urandom-source", withSource("random.txt"));
    symlinkSync("/dev/urandom", join(rand, "random.txt"));
    const pipes = join(tmp, "pipes");
    mkdirSync(pipes, { recursive: true });
    const mk = await child("mkfifo", [join(fifoSrc, "pipe.txt"), join(pipes, "p.guide"), join(pipes, "case.json")], { seconds: 10 });
    expect(mk.code).toBe(0);
    const sample = folder("plain");
    const [src, urandom, g, dev, kase, dir] = await guides([
      ["check", join(fifoSrc, "g.guide")],
      ["check", join(rand, "g.guide")],
      ["check", join(pipes, "p.guide")],
      ["check", "/dev/urandom"],
      ["eval", join(sample, "g.guide"), "--case", join(pipes, "case.json")],
      ["eval", join(sample, "g.guide"), "--case", pipes],
    ]);
    expect(src.code).toBe(1);
    expect(src.out).toMatch(/source-not-found: The source text 'pipe\.txt' could not be read: it is a named pipe, not a regular file/);
    expect(urandom.code).toBe(1);
    expect(urandom.out).toMatch(/source-not-found: .*'random\.txt' could not be read: it is a device, not a regular file/);
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/p\.guide: it is a named pipe, not a regular file/);
    expect(dev.code).toBe(2);
    expect(dev.err).toMatch(/\/dev\/urandom: it is a device, not a regular file/);
    expect(kase.code).toBe(2);
    expect(kase.err).toMatch(/case\.json: it is a named pipe, not a regular file/);
    expect(dir.code).toBe(2);
    expect(dir.err).toMatch(/is a folder/);
  }, 60_000);

  it("`--case -` reads the case from standard input", async () => {
    const sample = folder("stdin");
    const r = await guide(["eval", join(sample, "g.guide"), "--case", "-", "--json"], { input: JSON.stringify({ asOf: "2026-11-25", request: { cpt: "72148" } }) });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).outcome).toBe("pend");
  }, 60_000);
});

describe("compile never crashes where check succeeded (item 3)", () => {
  let model: Model;
  beforeAll(() => { model = loadGuide("test/fixtures/sample.guide").model!; });

  it("beyond the size limit the emitter's own output is used: valid, deterministic, strict TypeScript, same decisions", async () => {
    const plain = await emitModule(model, { sourceName: "sample.guide", prettierMaxChars: 0 });
    expect(plain.formatted).toBe(false);
    expect(plain.note).toMatch(/not formatted with prettier/);
    expect((await emitModule(model, { sourceName: "sample.guide", prettierMaxChars: 0 })).code).toBe(plain.code);
    expect(plain.code.startsWith(GENERATED_MARK)).toBe(true);
    const out = resolve("test/out/reliability");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "plain.ts"), plain.code);
    writeFileSync(join(out, "tsconfig.json"), JSON.stringify({ extends: "../../../tsconfig.json", compilerOptions: { strict: true }, include: ["plain.ts"], exclude: [] }));
    const tsc = await child(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(out, "tsconfig.json")], { seconds: 60 });
    expect(tsc.out + tsc.err).toBe("");
    expect(tsc.code).toBe(0);
    const mod = await import(/* @vite-ignore */ pathToFileURL(join(out, "plain.ts")).href);
    const { results } = runExamples(model, (c, o) => mod.evaluate(c, o));
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const r of results) expect(r.problems, r.example.title).toEqual([]);
  }, 60_000);

  it("an `and` of 50,000 operands emits without prettier and without deep recursion", async () => {
    const leaf = model.ops.findIndex((o) => o.op === "bool");
    const id = model.ops.length;
    const huge: Model = {
      ...model,
      ops: [...model.ops, { op: "and", kids: Array.from({ length: 50_000 }, () => leaf) }],
      plan: { ...model.plan, nodes: [...model.plan.nodes, { ...model.plan.nodes[leaf], text: "b and b and … (50,000 times)" }] },
    };
    const t0 = performance.now();
    const r = await emitModule(huge);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.formatted).toBe(false);
    expect(r.code).toContain(`function c${id}(e: Env): T3 {`);
    expect(r.code).toBe(emitTypeScript(huge, { indentPlan: true }));
    expect(() => transformSync(r.code, { loader: "ts" })).not.toThrow();
  }, 60_000);

  it("`guide compile` of a large guideline that checks (3,000 facts in one `and`) writes an unformatted module with a note", async () => {
    const n = 3000;
    const text = `guideline BIG "A long and chain" version "1"\nstudies { 72148 "MRI Lumbar" = MRI lumbar without contrast }\n`
      + `facts {\n${Array.from({ length: n }, (_, i) => `  f${i}: yes/no "Is f${i} present?"`).join("\n")}\n}\n`
      + `section BIG-1 "All of them" {\n  approve 72148 when ${Array.from({ length: n }, (_, i) => `f${i}`).join(" and ")}\n    cite "c"\n}\n`;
    const dir = resolve("test/out/reliability/big"); // inside the package, so the module finds guideline-dsl/runtime
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "chain.guide"), text);
    const [check, r] = await guides([["check", join(dir, "chain.guide")], ["compile", join(dir, "chain.guide"), "--out", join(dir, "gen")]], 60);
    expect(check.code, check.out + check.err).toBe(0);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/chain\.guide: the compiled module has [\d,]+ characters, more than 1,000,000; it is not formatted with prettier\./);
    const code = readFileSync(join(dir, "gen", "chain.ts"), "utf8");
    expect(code.startsWith(GENERATED_MARK)).toBe(true);
    const mod = await import(/* @vite-ignore */ pathToFileURL(join(dir, "gen", "chain.ts")).href);
    const all = Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, true]));
    expect(mod.evaluate({ asOf: "2026-11-25", request: { cpt: "72148" }, facts: all }).outcome).toBe("approve");
    expect(mod.evaluate({ asOf: "2026-11-25", request: { cpt: "72148" }, facts: { ...all, f2999: false } }).outcome).toBe("deny");
  }, 120_000);
});
