// `npm run bench [-- --quick]`: evaluator throughput, authoring latency, scaling, CLI start, the CRD/DTR service
// over HTTP, memory and the playground figure; prints a table and writes bench/results.json, bench/chart.svg and the table in
// bench/README.md (a quick run writes bench/tmp/results-quick.json only). Progress goes to stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import os from "node:os";
import { build } from "esbuild";
import { checkText as checkTextTsx } from "../compiler/compile.ts";
import { emitTypeScript as emitTsx } from "../compiler/emit/typescript.ts";
import { NO_LIMITS } from "../grammar/limits.ts";
import { fail, median, progress, timeOne, timeVariants } from "./measure.ts";
import { scaleGuide } from "./scale.ts";
import { buildCli } from "./build-cli.ts";
import { measureStartup } from "./startup.ts";
import { measureServe, serveTargets } from "./serve.ts";
import { renderTable, writeReadme, type Results } from "./report.ts";
import { renderChart } from "./chart.ts";
import type { Generated } from "./subjects.ts";

const quick = process.argv.includes("--quick");
const N = quick ? 5_000 : 100_000;
const MEM_N = quick ? 50_000 : 1_000_000;
const REPS = 5;
// Throughput rounds are short and this machine is shared: a neighbour's burst can double one variant's
// round, so the full run takes the median of 11 (quick: 5).
const THROUGHPUT_REPS = quick ? REPS : 11;
const FULL_GUIDE = "guidelines/pedsp/pedsp.guide";
const SAMPLE_GUIDE = "test/fixtures/sample.guide";
const GUIDE_23 = "bench/pedsp-2-3.guide";
const started = performance.now();

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapAfterGc = (): number => { gc(); gc(); return process.memoryUsage().heapUsed; };
const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** The source text a guideline's header names, looked for beside the file (as the CLI does). */
function sourcePathFor(path: string, text: string): string | undefined {
  const m = /\bsource\s+"((?:[^"\\]|\\.)*)"/.exec(text.slice(0, 2000));
  if (!m) return undefined;
  const p = resolve(dirname(path), m[1]);
  return existsSync(p) ? p : undefined;
}

// ---- which guideline: the full one when it checks clean (asked of the bundled CLI, with a time limit,
// because a guideline being written may be slow or broken), else the sample ----
progress("bundling the CLI");
const bundle = await buildCli();
const PROBE_S = quick ? 15 : 60;
let guidePath = SAMPLE_GUIDE;
let guideNote = `${FULL_GUIDE} not found; used ${SAMPLE_GUIDE}`;
let fullGuideProbe: { exists: boolean; seconds?: number; timedOut?: boolean; errors?: number } = { exists: existsSync(FULL_GUIDE) };
if (existsSync(FULL_GUIDE)) {
  progress(`checking ${FULL_GUIDE} (at most ${PROBE_S} s)`);
  const t = performance.now();
  const probe = spawnSync(process.execPath, [bundle.outfile, "check", "--json", FULL_GUIDE], { encoding: "utf8", timeout: PROBE_S * 1000, maxBuffer: 1 << 26 });
  const seconds = round((performance.now() - t) / 1000, 1);
  if (probe.error || probe.status === null) {
    fullGuideProbe = { exists: true, seconds, timedOut: true };
    guideNote = `${FULL_GUIDE} did not finish checking within ${PROBE_S} s; used ${SAMPLE_GUIDE}`;
  } else {
    let errors: { range: { start: { line: number } }; message: string }[] = [];
    try { errors = (JSON.parse(probe.stdout) as { severity: string; range: { start: { line: number } }; message: string }[]).filter((d) => d.severity === "error"); } catch { errors = [{ range: { start: { line: 0 } }, message: `guide check exited ${probe.status}: ${probe.stderr.slice(0, 200)}` }]; }
    fullGuideProbe = { exists: true, seconds, errors: errors.length };
    if (errors.length === 0) { guidePath = FULL_GUIDE; guideNote = `${FULL_GUIDE} (checks clean)`; }
    else guideNote = `${FULL_GUIDE} has ${errors.length} error(s) (first: line ${errors[0].range.start.line}: ${errors[0].message.slice(0, 120)}); used ${SAMPLE_GUIDE}`;
  }
}
const guideText = readFileSync(guidePath, "utf8");
const guideSourcePath = sourcePathFor(guidePath, guideText);
const guideSource = guideSourcePath === undefined ? undefined : readFileSync(guideSourcePath, "utf8");
const text23 = readFileSync(GUIDE_23, "utf8");
const SOURCE_23 = "test/fixtures/000_f1f69f597256be6d.txt";
const source23 = readFileSync(SOURCE_23, "utf8");
progress(`guideline: ${guideNote}; ${quick ? "quick" : "full"} run, ${N.toLocaleString("en-US")} cases`);

// ---- compile both guidelines and bundle what is timed (see subjects.ts for why it is bundled) ----
mkdirSync("bench/tmp", { recursive: true });
const emitTo = (text: string, file: string, sourceText: string | undefined, out: string): void => {
  const r = checkTextTsx(text, file, { sourceText });
  if (!r.model || r.diagnostics.some((d) => d.severity === "error")) throw new Error(`${file} does not check: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  writeFileSync(out, emitTsx(r.model, { runtimeImport: "../../runtime/index.ts" }));
};
// *.generated.ts: tsconfig leaves these out of `tsc`, and nothing in bench/ imports them statically.
emitTo(guideText, guidePath, guideSource, "bench/tmp/whole.generated.ts");
emitTo(text23, GUIDE_23, source23, "bench/tmp/p23.generated.ts");
writeFileSync("bench/tmp/entry.generated.ts", [
  `export * from "../subjects.ts";`,
  `export { evaluate as evaluateWhole, plan as wholePlan } from "./whole.generated.ts";`,
  `export { evaluate as evaluate23, plan as plan23 } from "./p23.generated.ts";`,
].join("\n") + "\n");
await build({ entryPoints: { subjects: "bench/tmp/entry.generated.ts", memory: "bench/memory.ts", throughput: "bench/throughput.ts" }, outdir: "bench/tmp", outExtension: { ".js": ".mjs" }, bundle: true, splitting: false, platform: "node", format: "esm", target: "node20", external: ["prettier"], logLevel: "warning",
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' } });
type Subjects = typeof import("./subjects.ts") & Generated;
const S = (await import(pathToFileURL(resolve("bench/tmp/subjects.mjs")).href)) as Subjects;
progress("compiled and bundled the evaluators");

let sink = 0;

// ---- 1. throughput: each part in a fresh process (see throughput.ts) ----
const perSec = (ms: number, n: number): number => Math.round((n / ms) * 1000);
// json-rules-engine is about 100× slower than the rest: it is timed on the first ENGINE_N of the same cases.
const ENGINE_N = Math.min(N, quick ? 1_000 : 10_000);
type Times = Record<string, { medianMs: number; runsMs: number[] }>;
function throughputPart(part: "1a" | "1b"): { outcomes: Record<string, number>; times: Times } {
  const arg = { part, n: N, reps: THROUGHPUT_REPS, engineN: ENGINE_N, guide: { path: guidePath, sourcePath: guideSourcePath }, p23: { path: GUIDE_23, sourcePath: SOURCE_23 } };
  const r = spawnSync(process.execPath, ["bench/tmp/throughput.mjs", JSON.stringify(arg)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  if (r.status !== 0) { process.stderr.write(`BENCH FAILED: throughput part ${part} exited ${r.status}\n${r.stdout}`); process.exit(1); }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { outcomes: Record<string, number>; times: Times };
}
const part1a = throughputPart("1a"), part1b = throughputPart("1b");
const tWhole = part1a.times, t23 = part1b.times;

// ---- 2. authoring latency (warm, in-process) ----
progress("2: authoring latency");
const [authReps, authWarm] = quick ? [REPS, 2] : [21, 10];
const check = await timeOne(() => S.checkText(guideText, guidePath, { sourceText: guideSource }), authReps, authWarm);
const compile = await timeOne(() => S.emitTypeScript(S.checkText(guideText, guidePath, { sourceText: guideSource }).model!), authReps, authWarm);
const compilePretty = await timeOne(async () => S.emitFormatted(S.checkText(guideText, guidePath, { sourceText: guideSource }).model!), REPS, quick ? 0 : 2);

// ---- 3. scaling ----
// Quick runs scale a big guideline by 1, 2 and 5 only (100 copies of 2,800 lines take minutes).
const SCALES = quick && guideText.split("\n").length * 100 > 20_000 ? [1, 2, 5] : [1, 10, 100];
const scaling: Results["scaling"] = [];
for (const k of SCALES) {
  const text = scaleGuide(guideText, k);
  const lines = text.split("\n").length;
  // Six checks at this size, extrapolated linearly from the last size, must fit the time budget.
  const last = scaling[scaling.length - 1];
  const budgetS = quick ? 30 : 300;
  if (last && (last.checkMs / last.lines) * lines * (REPS + 1) / 1000 > budgetS) {
    const note = `not run: ${last.factor}× took ${round(last.checkMs / 1000, 1)} s per check, so ${REPS + 1} checks of ${lines.toLocaleString("en-US")} lines would take over ${budgetS} s`;
    progress(`3: scaling ${k}x ${note}`);
    scaling.push({ factor: k, lines, errors: 0, checkMs: NaN, compileMs: NaN, checkUsPerLine: NaN, compileUsPerLine: NaN, heapUsedMB: NaN, modelAndOutputMB: NaN, skipped: note });
    continue;
  }
  progress(`3: scaling ${k}x (${lines.toLocaleString("en-US")} lines)`);
  // Scaling times the checker itself, past the size limits that refuse such a text in use (5× PEDSP is over 1 MB).
  const first = S.checkText(text, guidePath, { sourceText: guideSource, limits: NO_LIMITS });
  const errors = first.diagnostics.filter((d) => d.severity === "error").length;
  // The same warm-up at every size below 100× (a cold first run at one size only would skew the per-line ratio).
  const warm = k >= 100 ? 0 : 2;
  const c = await timeOne(() => S.checkText(text, guidePath, { sourceText: guideSource, limits: NO_LIMITS }), REPS, warm);
  // compile = check + emit; emit is timed on its own so the big sizes do not check twice as often.
  const e = await timeOne(() => S.emitTypeScript(first.model!), REPS, warm);
  e.medianMs += c.medianMs;
  const before = heapAfterGc();
  const kept = S.checkText(text, guidePath, { sourceText: guideSource, limits: NO_LIMITS });
  const out = S.emitTypeScript(kept.model!);
  const after = heapAfterGc();
  sink += out.length + (kept.model ? 1 : 0);
  scaling.push({ factor: k, lines, errors, checkMs: round(c.medianMs), compileMs: round(e.medianMs), checkUsPerLine: round((c.medianMs * 1000) / lines), compileUsPerLine: round((e.medianMs * 1000) / lines), heapUsedMB: mb(after), modelAndOutputMB: mb(after - before) });
}
const base = scaling[0];
for (const s of scaling) { s.checkPerLineVs1x = round(s.checkUsPerLine / base.checkUsPerLine); s.compilePerLineVs1x = round(s.compileUsPerLine / base.compileUsPerLine); }

// ---- 4. command-line start ----
progress("4: timing `guide check` as a process");
const cliArgs = [bundle.outfile, "check", guidePath];
const cliRuns: number[] = [];
let cliExit: number | null = null;
for (let i = 0; i <= REPS; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, cliArgs, { encoding: "utf8" });
  const ms = performance.now() - t;
  cliExit = r.status;
  if (r.status === 2 || r.error) fail("the bundled CLI", cliArgs, { status: r.status, stderr: r.stderr, error: String(r.error) });
  if (i > 0) cliRuns.push(ms);
}
const nodeRuns: number[] = [];
for (let i = 0; i <= REPS; i++) { const t = performance.now(); spawnSync(process.execPath, ["-e", "0"]); if (i > 0) nodeRuns.push(performance.now() - t); }

progress("4b: timing the installed `guide` (npm pack, install the tarballs, as the smoke test does)");
const installed = measureStartup(REPS);

// ---- 4c. the CRD/DTR service (bench/serve.ts): `guide serve` as a process, over HTTP on 127.0.0.1 ----
progress("4c: guide serve: order-sign, $next-question and 50 concurrent requests over HTTP (loopback)");
const service = await measureServe({ reps: quick ? 11 : 51, bursts: quick ? 2 : 5, cli: bundle.outfile, progress: (s) => progress(`4c: ${s}`) });

// ---- 5. memory ----
progress(`5: memory, ${MEM_N.toLocaleString("en-US")} cases in a child process with --expose-gc`);
const mem = spawnSync(process.execPath, ["--expose-gc", "bench/tmp/memory.mjs", String(MEM_N)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
if (mem.status !== 0) fail("the memory run", MEM_N, { status: mem.status, stdout: mem.stdout });
const memory = JSON.parse(mem.stdout.trim().split("\n").pop()!) as { cases: number; startHeapUsed: number; endHeapUsed: number; growth: number; samples: { cases: number; heapUsed: number }[]; seconds: number };
// Bounded caches (the calendar-difference cache in runtime/span.ts keeps up to 4,096 entries) and JIT code
// fill during the first few hundred thousand cases; a leak grows in proportion to the cases, so the heap is
// judged flat by its growth over the second half of the run (the start and end are reported as well).
const midHeap = memory.samples.reduce((best, s) => (Math.abs(s.cases - memory.cases / 2) < Math.abs(best.cases - memory.cases / 2) ? s : best)).heapUsed;

// ---- 6. playground ----
const PLAYGROUND = "test/out/playground-timing.json";
let playground: Results["playground"] = { measured: false, note: "not measured" };
if (existsSync(PLAYGROUND)) {
  try {
    const raw: unknown = JSON.parse(readFileSync(PLAYGROUND, "utf8"));
    const found: [string, number][] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === "number" && /keystroke|marker/i.test(path)) found.push([path, v]);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk(raw, "");
    // A negative time is a measuring mistake: take the median of ten typos on PEDSP (issue 15) when the browser
    // test wrote it, else the first keystroke-to-marker figure that is not negative.
    const usable = found.filter(([p, v]) => /keystroke/i.test(p) && /marker/i.test(p) && v >= 0 && !/AllMs\./.test(p))
      .sort(([a], [b]) => Number(b === "pedspKeystrokeToMarkersMedianMs") - Number(a === "pedspKeystrokeToMarkersMedianMs"));
    const rejected = found.filter(([p, v]) => /keystroke/i.test(p) && /marker/i.test(p) && v < 0).map(([p, v]) => `${p} = ${v}`);
    const best = usable[0];
    playground = best
      ? { measured: true, keystrokeToMarkersMs: best[1], field: best[0] + (rejected.length ? ` (ignored negative ${rejected.join(", ")})` : ""), file: PLAYGROUND, raw }
      : { measured: false, note: `${PLAYGROUND} has no usable keystroke-to-markers figure${rejected.length ? ` (negative: ${rejected.join(", ")})` : ""}`, raw };
  } catch (e) { playground = { measured: false, note: `${PLAYGROUND} could not be read: ${(e as Error).message}` }; }
}

// ---- results ----
const results: Results = {
  command: quick ? "npm run bench -- --quick" : "npm run bench",
  mode: quick ? "quick" : "full",
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", loadavg: os.loadavg().map((x) => round(x)) },
  guideline: { path: guidePath, note: guideNote, fullGuideProbe, lines: guideText.split("\n").length, sections: S.wholePlan.sections.length, nodes: S.wholePlan.nodes.length },
  method: `median of ${THROUGHPUT_REPS} repetitions for throughput and ${REPS} (or more) for the rest, after one warm-up round; each throughput part (1a, 1b) in a fresh process, its variants interleaved in it; evaluators bundled with esbuild (no tsx instrumentation)`,
  throughput: {
    cases: N,
    whole: { outcomes: part1a.outcomes, ...Object.fromEntries(Object.entries(tWhole).map(([k, v]) => [k, { casesPerSec: perSec(v.medianMs, N), medianMs: round(v.medianMs), runsMs: v.runsMs }])) },
    pedsp23: { outcomes: part1b.outcomes, rulesEngineCases: ENGINE_N, ...Object.fromEntries(Object.entries(t23).map(([k, v]) => [k, { casesPerSec: perSec(v.medianMs, k === "rulesEngine" ? ENGINE_N : N), medianMs: round(v.medianMs), runsMs: v.runsMs }])) },
  } as Results["throughput"],
  authoring: { checkMs: round(check.medianMs), compileMs: round(compile.medianMs), compilePrettierMs: round(compilePretty.medianMs), runs: { check: check.runsMs, compile: compile.runsMs, compilePrettier: compilePretty.runsMs } },
  scaling,
  cli: { command: `node ${cliArgs.join(" ")}`, medianMs: round(median(cliRuns)), runsMs: cliRuns.map((x) => round(x)), exitCode: cliExit, bundleKiB: Math.round(bundle.bytes / 1024), bareNodeMs: round(median(nodeRuns)) },
  installedCli: installed,
  service,
  memory: { cases: memory.cases, startMB: mb(memory.startHeapUsed), midMB: mb(midHeap), endMB: mb(memory.endHeapUsed), growthMB: mb(memory.growth), secondHalfGrowthMB: mb(memory.endHeapUsed - midHeap), flat: memory.endHeapUsed - midHeap < 524288 + memory.startHeapUsed * 0.01, samplesMB: memory.samples.map((s) => [s.cases, mb(s.heapUsed)]), casesPerSec: Math.round(memory.cases / memory.seconds) },
  playground,
  targets: [],
  totalSeconds: 0,
};
const tp = results.throughput;
results.targets = [
  { target: "compiled ≥ 0.5× hand-written returning the same determination (PEDSP-2.3)", value: `${round(tp.pedsp23.compiled.casesPerSec / tp.pedsp23.handwrittenFull.casesPerSec)}×`, met: tp.pedsp23.compiled.casesPerSec >= 0.5 * tp.pedsp23.handwrittenFull.casesPerSec },
  { target: "compiled ≥ 0.5× hand-written returning the outcome only (PEDSP-2.3)", value: `${round(tp.pedsp23.compiled.casesPerSec / tp.pedsp23.handwritten.casesPerSec)}×`, met: tp.pedsp23.compiled.casesPerSec >= 0.5 * tp.pedsp23.handwritten.casesPerSec },
  { target: "with trace ≥ 1,000,000 cases/s (PEDSP-2.3)", value: `${tp.pedsp23.compiledTrace.casesPerSec.toLocaleString("en-US")}/s`, met: tp.pedsp23.compiledTrace.casesPerSec >= 1_000_000 },
  { target: "with trace ≥ 1,000,000 cases/s (whole guideline)", value: `${tp.whole.compiledTrace.casesPerSec.toLocaleString("en-US")}/s`, met: tp.whole.compiledTrace.casesPerSec >= 1_000_000 },
  { target: "parse+check ≤ 10 ms", value: `${results.authoring.checkMs} ms`, met: results.authoring.checkMs <= 10 },
  { target: "compile without prettier ≤ 30 ms", value: `${results.authoring.compileMs} ms`, met: results.authoring.compileMs <= 30 },
  { target: `check per line at ${scaling.slice(1).map((s) => s.factor + "×").join(", ")} within 1.5× of 1×`, value: scaling.slice(1).map((s) => (s.skipped ? "not run" : `${s.checkPerLineVs1x}×`)).join(", "), met: scaling.every((s) => !s.skipped && (s.checkPerLineVs1x ?? 1) <= 1.5) },
  { target: `compile per line at ${scaling.slice(1).map((s) => s.factor + "×").join(", ")} within 1.5× of 1×`, value: scaling.slice(1).map((s) => (s.skipped ? "not run" : `${s.compilePerLineVs1x}×`)).join(", "), met: scaling.every((s) => !s.skipped && (s.compilePerLineVs1x ?? 1) <= 1.5) },
  { target: "`guide check` as a process ≤ 300 ms", value: `${results.cli.medianMs} ms`, met: results.cli.medianMs <= 300 },
  { target: "installed `guide check` as a process ≤ 300 ms", value: `${installed.checkMs} ms (${installed.checkVsNode}× node -e 0)`, met: installed.checkMs <= 300 },
  ...(playground.measured ? [{ target: "playground keystroke to markers ≤ 100 ms (median of 10 typos on PEDSP, headless Chromium)", value: `${playground.keystrokeToMarkersMs} ms`, met: playground.keystrokeToMarkersMs <= 100 }] : []),
  ...serveTargets(service),
  { target: `heap flat over ${MEM_N.toLocaleString("en-US")} cases (second half)`, value: `${results.memory.startMB} → ${results.memory.midMB} → ${results.memory.endMB} MB`, met: results.memory.flat },
];
results.totalSeconds = round((performance.now() - started) / 1000, 1);
const table = renderTable(results);
process.stdout.write(table + "\n");
if (quick) {
  writeFileSync("bench/tmp/results-quick.json", JSON.stringify(results, null, 2) + "\n");
  progress(`quick run: wrote bench/tmp/results-quick.json (bench/results.json, chart and README are written by the full run) in ${results.totalSeconds} s`);
} else {
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  writeFileSync("bench/chart.svg", renderChart(results));
  writeReadme("bench/README.md", results, table);
  progress(`wrote bench/results.json, bench/chart.svg, bench/README.md in ${results.totalSeconds} s`);
}
if (sink === -1) console.log(sink);
