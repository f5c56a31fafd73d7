// The `guide` command as CI runs it (issue 16): --version; `-` for standard input; folders and globs; every option
// validated before anything is read or written; distinct outputs; --format json|github|sarif; NO_COLOR; --watch;
// a header that names the input relative to the output; --target js.
import { describe, it, expect, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { main } from "../../compiler/cli/main.ts";
import { glob } from "../../compiler/cli/files.ts";
import { colorDiagnostic, colorWanted } from "../../compiler/cli/report.ts";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret } from "../../compiler/interpret.ts";

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { err += s + "\n"; } });
  return { code, out, err };
}
const tmp = mkdtempSync(join(tmpdir(), "guide-ci-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SAMPLE = "test/fixtures/sample.guide";
const NAMES = "test/golden/check/names.guide";
const FORMATTED = "test/format/golden/sample.formatted.guide";
const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;

interface Child { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }
/** bin/guide.js in a child process with `input` on standard input; `until` (on stdout+stderr) ends it with SIGINT. */
function guide(args: string[], opts: { input?: string; until?: (text: string) => boolean; onOutput?: (text: string) => void; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Child> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [resolve("bin/guide.js"), ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "", err = "", stopped = false;
    const seen = () => {
      opts.onOutput?.(out + err);
      if (!stopped && opts.until?.(out + err)) { stopped = true; p.kill("SIGINT"); }
    };
    p.stdout.on("data", (d) => { out += d; seen(); });
    p.stderr.on("data", (d) => { err += d; seen(); });
    const timer = setTimeout(() => p.kill("SIGKILL"), 40_000);
    p.on("close", (code, signal) => { clearTimeout(timer); done({ code, signal, out, err }); });
    p.stdin.on("error", () => {});
    p.stdin.end(opts.input ?? "");
  });
}

describe("guide --version", () => {
  it("prints the package's version and exits 0", async () => {
    const r = await run("--version");
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(version);
  });
});

describe("every option is validated before anything is read or written", () => {
  it("fmt --write with an unknown option leaves the file alone", async () => {
    const f = join(tmp, "unformatted.guide");
    const text = readFileSync(SAMPLE, "utf8").replace(/\n\n/g, "\n\n\n");
    writeFileSync(f, text);
    const r = await run("fmt", "--write", f, "--dry-run");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown argument/);
    expect(readFileSync(f, "utf8")).toBe(text);
  });
  it("compile with an unknown option writes nothing", async () => {
    const out = join(tmp, "never");
    const r = await run("compile", SAMPLE, "--out", out, "--frob");
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
  it("a bad --format or --target is a usage error", async () => {
    expect((await run("check", SAMPLE, "--format", "xml")).code).toBe(2);
    expect((await run("compile", SAMPLE, "--out", join(tmp, "never"), "--target", "py")).code).toBe(2);
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });
  it("two inputs with the same base name are refused before any output is written", async () => {
    for (const d of ["a", "b"]) { mkdirSync(join(tmp, d), { recursive: true }); cpSync(SAMPLE, join(tmp, d, "x.guide")); }
    const out = join(tmp, "same");
    const r = await run("compile", join(tmp, "a", "x.guide"), join(tmp, "b", "x.guide"), "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/would both be compiled to/);
    expect(existsSync(out)).toBe(false);
  });
  it("an output that was not generated is refused before any file is written", async () => {
    const out = join(tmp, "foreign");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "sample.schema.json"), "{}\n");
    const r = await run("compile", SAMPLE, "--out", out);
    expect(r.code).toBe(2);
    expect(existsSync(join(out, "sample.ts"))).toBe(false);
  });
});

describe("folders and globs", () => {
  it("a folder means every .guide file below it, in path order", async () => {
    const r = await run("check", "--format", "json", "test/format/golden");
    expect(new Set(JSON.parse(r.out).map((d: { file: string }) => d.file)).size).toBeGreaterThan(1);
    const all = await run("check", "test/format/golden");
    expect(all.err).toMatch(new RegExp(`^${readdirSync("test/format/golden").filter((f) => f.endsWith(".guide")).length} files checked`, "m"));
  });
  it("a quoted glob is expanded, ** across folders", async () => {
    expect(glob("test/golden/check/n*.guide")).toEqual(["test/golden/check/names.guide", "test/golden/check/no-source.guide"]);
    expect(glob("test/**/sample.guide")).toEqual(expect.arrayContaining(["test/fixtures/sample.guide", "test/format/golden/sample.guide"]));
    const r = await run("check", "test/golden/check/n*.guide");
    expect(r.err).toMatch(/^2 files checked/m);
  });
  it("a glob that matches nothing, or a folder without .guide files, is a usage error", async () => {
    expect((await run("check", "test/nothing-here/*.guide")).code).toBe(2);
    expect((await run("check", "examples/cases")).code).toBe(2);
  });
});

describe("--format", () => {
  it("github: one workflow annotation per finding, escaped", async () => {
    const r = await run("check", "--format", "github", NAMES);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=test\/golden\/check\/names\.guide,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=[a-z-]+::[^\n]+$/);
  });
  it("sarif: a SARIF 2.1.0 log with rules and regions", async () => {
    const r = await run("check", "--format", "sarif", NAMES);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(log.version).toBe("2.1.0");
    const [runLog] = log.runs;
    expect(runLog.tool.driver).toMatchObject({ name: "guide", version });
    expect(runLog.results.length).toBeGreaterThan(3);
    for (const res of runLog.results) {
      expect(runLog.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: NAMES }, region: { startLine: expect.any(Number), startColumn: expect.any(Number) } });
    }
    const clean = JSON.parse((await run("check", "--format", "sarif", SAMPLE)).out);
    expect(clean.runs[0].results).toEqual([]);
  });
  it("json on every command", async () => {
    expect(JSON.parse((await run("check", "--format", "json", NAMES)).out)[0]).toMatchObject({ severity: "error", code: expect.any(String) });
    expect(JSON.parse((await run("test", "--format", "json", SAMPLE)).out)[0]).toMatchObject({ file: SAMPLE });
    const c = join(tmp, "case.json");
    writeFileSync(c, JSON.stringify({ asOf: "2026-11-25", request: { cpt: "72148", indication: "back_pain" } }));
    expect(JSON.parse((await run("eval", SAMPLE, "--case", c, "--format", "json")).out)).toMatchObject({ outcome: expect.any(String) });
    const compiled = JSON.parse((await run("compile", SAMPLE, "--out", join(tmp, "json-out"), "--format", "json")).out);
    expect(compiled[0].outputs).toEqual([join(tmp, "json-out", "sample.ts"), join(tmp, "json-out", "sample.schema.json")]);
    expect(JSON.parse((await run("schema", SAMPLE, "--format", "json")).out)).toMatchObject({ type: "object" });
    expect(JSON.parse((await run("fmt", "--check", "--format", "json", FORMATTED, SAMPLE)).out)).toEqual([{ file: FORMATTED, formatted: true }, { file: SAMPLE, formatted: false }]);
  });
});

describe("colour", () => {
  it("only on a terminal, never with NO_COLOR; FORCE_COLOR forces it", () => {
    expect(colorWanted({ isTTY: true }, {})).toBe(true);
    expect(colorWanted({ isTTY: false }, {})).toBe(false);
    expect(colorWanted({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorWanted({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(colorWanted({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorWanted({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });
  it("colours the severity and the caret, and nothing else changes", async () => {
    let out = "";
    await main(["check", NAMES], { stdout: (s) => { out += s + "\n"; }, stderr: () => {}, color: true });
    expect(out).toMatch(/\x1b\[31merror\x1b\[0m/);
    expect(out.replace(/\x1b\[\d+m/g, "")).toBe((await run("check", NAMES)).out);
    expect(colorDiagnostic("f:1:2: warning x-y: m", "warning")).toContain("\x1b[33mwarning");
  });
  it("a piped command prints no escape codes", async () => {
    const r = await guide(["check", NAMES], { env: { FORCE_COLOR: "", NO_COLOR: "" } });
    expect(r.out).not.toMatch(/\x1b\[/);
  });
});

describe("compile output", () => {
  it("names the input relative to the output folder: the same bytes from relative and absolute paths", async () => {
    const out = join(tmp, "rel");
    await run("compile", SAMPLE, "--out", out);
    const first = readFileSync(join(out, "sample.ts"), "utf8");
    const src = first.split("\n")[1];
    expect(src).toMatch(/^\/\/ Source: (\.\.\/)+.*test\/fixtures\/sample\.guide \(/);
    expect(src).not.toContain(tmp.split("/").filter(Boolean)[0] === "tmp" ? "/tmp/" : tmp);
    await run("compile", resolve(SAMPLE), "--out", out);
    expect(readFileSync(join(out, "sample.ts"), "utf8")).toBe(first);
  });
  it("--target js writes NAME.js and NAME.d.ts that decide as the interpreter does", async () => {
    const out = resolve("test/out/ci-target-js");
    rmSync(out, { recursive: true, force: true });
    const r = await run("compile", SAMPLE, "--out", out, "--target", "js");
    expect(r.code, r.err).toBe(0);
    const js = readFileSync(join(out, "sample.js"), "utf8"), dts = readFileSync(join(out, "sample.d.ts"), "utf8");
    expect(js).toContain('from "@guideline-dsl/runtime"');
    expect(js).not.toMatch(/: (Env|T3|Plan)\b|import type/);
    expect(dts).toMatch(/export declare function evaluate\(input: Case, options\?: EvaluateOptions\): Determination;/);
    expect(dts).toMatch(/export declare function evaluateUnknown\(input: unknown/);
    expect(existsSync(join(out, "sample.ts"))).toBe(false);
    const mod = await import(/* @vite-ignore */ pathToFileURL(join(out, "sample.js")).href);
    const model = loadGuide(SAMPLE).model!;
    // The same determinations, but for the file the reasons name: the module names its input relative to itself.
    const noFile = (d: unknown) => JSON.parse(JSON.stringify(d), (k, v) => (k === "file" ? undefined : v));
    for (const ex of model.examples) expect(noFile(mod.evaluateUnknown(ex.case, { trace: true }))).toEqual(noFile(interpret(model, ex.case, { trace: true })));
    expect(mod.evaluateUnknown(model.examples[0].case).reasons[0]?.dsl.file ?? "../../fixtures/sample.guide").toBe("../../fixtures/sample.guide");
  });
});

describe("standard input and --watch (child processes)", () => {
  it("`-` reads standard input for check, fmt and test, and --case - for eval", async () => {
    const text = readFileSync(NAMES, "utf8");
    const check = await guide(["check", "-"], { input: text });
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/^<stdin>:\d+:\d+: error undefined-name/m);
    expect(check.err).toMatch(/^1 file checked/m);
    const fmt = await guide(["fmt", "-"], { input: readFileSync(SAMPLE, "utf8") });
    expect(fmt.code).toBe(0);
    expect(fmt.out).toBe(readFileSync(FORMATTED, "utf8"));
    const test = await guide(["test", "-"], { input: text });
    expect(test.code).toBe(1);
    const c = readFileSync("examples/cases/01-back-pain-night-pain-mri.json", "utf8");
    const ev = await guide(["eval", "guidelines/pedsp/pedsp.guide", "--case", "-", "--format", "json"], { input: c });
    expect(ev.code, ev.err).toBe(0);
    expect(JSON.parse(ev.out).outcome).toBe(JSON.parse(c).expect?.outcome ?? JSON.parse(ev.out).outcome);
    expect((await guide(["fmt", "--write", "-"], { input: text })).code).toBe(2);
  }, 60_000);

  it("check --watch checks again when the file changes, and stops on Ctrl-C", async () => {
    const dir = join(tmp, "watch");
    mkdirSync(dir, { recursive: true });
    cpSync(SAMPLE, join(dir, "w.guide"));
    cpSync("test/fixtures/000_f1f69f597256be6d.txt", join(dir, "000_f1f69f597256be6d.txt"));
    let edited = false;
    const r = await guide(["check", "--watch", join(dir, "w.guide")], {
      onOutput: (t) => {
        if (!edited && /watching 1 file/.test(t)) {
          edited = true;
          writeFileSync(join(dir, "w.guide"), readFileSync(SAMPLE, "utf8").replace("xray_done", "xray_dne"));
        }
      },
      until: (t) => /error undefined-name/.test(t) && (t.match(/watching 1 file/g) ?? []).length >= 2,
    });
    expect(r.signal).toBeNull();
    expect(r.err).toMatch(/1 file checked: 0 errors[\s\S]*watching[\s\S]*1 file checked: [1-9]\d* errors?/);
    expect(r.out).toMatch(/w\.guide:\d+:\d+: error undefined-name/);
  }, 60_000);
});
