// The benchmark's results as data (bench/results.json), as a Markdown table, and as bench/README.md
// (the text around the table is kept; only the part between the markers is replaced).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { serveRows } from "./serve.ts";

interface Rate { casesPerSec: number; medianMs: number; runsMs: number[] }
export interface Results {
  command: string;
  mode: "quick" | "full";
  date: string;
  machine: { node: string; cpus: number; cpu: string; loadavg: number[] };
  guideline: { path: string; note: string; fullGuideProbe: { exists: boolean; seconds?: number; timedOut?: boolean; errors?: number }; lines: number; sections: number; nodes: number };
  method: string;
  throughput: {
    cases: number;
    whole: { outcomes: Record<string, number>; compiled: Rate; compiledTrace: Rate; interpreter: Rate };
    pedsp23: { outcomes: Record<string, number>; rulesEngineCases: number; compiled: Rate; compiledTrace: Rate; handwrittenFull: Rate; handwritten: Rate; rulesEngine: Rate };
  };
  authoring: { checkMs: number; compileMs: number; compilePrettierMs: number; runs: Record<string, number[]> };
  scaling: { factor: number; lines: number; errors: number; checkMs: number; compileMs: number; checkUsPerLine: number; compileUsPerLine: number; checkPerLineVs1x?: number; compilePerLineVs1x?: number; heapUsedMB: number; modelAndOutputMB: number; skipped?: string }[];
  cli: { command: string; medianMs: number; runsMs: number[]; exitCode: number | null; bundleKiB: number; bareNodeMs: number };
  installedCli: import("./startup.ts").StartupResult;
  /** `guide serve` over HTTP: order-sign, $next-question, 50 concurrent requests (bench/serve.ts). */
  service?: import("./serve.ts").ServeResult;
  memory: { cases: number; startMB: number; midMB: number; endMB: number; growthMB: number; secondHalfGrowthMB: number; flat: boolean; samplesMB: [number, number][]; casesPerSec: number };
  playground: { measured: true; keystrokeToMarkersMs: number; field: string; file: string; raw: unknown } | { measured: false; note: string; raw?: unknown };
  targets: { target: string; value: string; met: boolean }[];
  totalSeconds: number;
}

const n = (x: number): string => x.toLocaleString("en-US");
const ok = (met: boolean): string => (met ? "met" : "**missed**");

export function renderTable(r: Results): string {
  const w = r.throughput.whole, p = r.throughput.pedsp23;
  const vs = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const rows: string[][] = [
    ["Throughput, whole guideline: compiled (reasons, no trace)", `${n(w.compiled.casesPerSec)} cases/s`, `${vs(w.compiled.casesPerSec, w.interpreter.casesPerSec)} the interpreter`],
    ["Throughput, whole guideline: compiled, trace on", `${n(w.compiledTrace.casesPerSec)} cases/s`, `target ≥ 1,000,000/s: ${ok(w.compiledTrace.casesPerSec >= 1e6)}`],
    ["Throughput, whole guideline: interpreter", `${n(w.interpreter.casesPerSec)} cases/s`, "the reference; same determinations checked on every case"],
    ["Throughput, PEDSP-2.3: compiled (reasons, no trace)", `${n(p.compiled.casesPerSec)} cases/s`, `${vs(p.compiled.casesPerSec, p.handwrittenFull.casesPerSec)} the hand-written function returning the same determination (target ≥ 0.5×: ${ok(p.compiled.casesPerSec >= 0.5 * p.handwrittenFull.casesPerSec)}); ${vs(p.compiled.casesPerSec, p.handwritten.casesPerSec)} the outcome-only one (${ok(p.compiled.casesPerSec >= 0.5 * p.handwritten.casesPerSec)})`],
    ["Throughput, PEDSP-2.3: compiled, trace on", `${n(p.compiledTrace.casesPerSec)} cases/s`, `target ≥ 1,000,000/s: ${ok(p.compiledTrace.casesPerSec >= 1e6)}; ${vs(p.compiledTrace.casesPerSec, p.handwrittenFull.casesPerSec)} the hand-written determination`],
    ["Throughput, PEDSP-2.3: hand-written TypeScript, same determination", `${n(p.handwrittenFull.casesPerSec)} cases/s`, "reasons, missing facts, supported studies, as the compiled module; JSON-equal on every case"],
    ["Throughput, PEDSP-2.3: hand-written TypeScript, outcome only", `${n(p.handwritten.casesPerSec)} cases/s`, "the limit: no reasons; same outcome on every case"],
    ["Throughput, PEDSP-2.3: json-rules-engine 7.3.1", `${n(p.rulesEngine.casesPerSec)} cases/s`, `first ${n(p.rulesEngineCases)} cases; compiled is ${vs(p.compiled.casesPerSec, p.rulesEngine.casesPerSec)} faster`],
    ["Parse + check, warm", `${r.authoring.checkMs} ms`, `target ≤ 10 ms: ${ok(r.authoring.checkMs <= 10)}`],
    ["Compile to TypeScript (check + emit), no prettier", `${r.authoring.compileMs} ms`, `target ≤ 30 ms: ${ok(r.authoring.compileMs <= 30)}`],
    ["Compile to TypeScript with prettier", `${r.authoring.compilePrettierMs} ms`, "reported"],
    ...r.scaling.map((s) => s.skipped ? [`Scaling ${s.factor}× (${n(s.lines)} lines)`, "not measured", `**missed**: ${s.skipped}`] : [
      `Scaling ${s.factor}× (${n(s.lines)} lines)`,
      `check ${s.checkMs} ms (${s.checkUsPerLine} µs/line), compile ${s.compileMs} ms (${s.compileUsPerLine} µs/line)`,
      `${s.factor === 1 ? "baseline" : `per line ${s.checkPerLineVs1x}× / ${s.compilePerLineVs1x}× of 1× (target ≤ 1.5×: ${ok((s.checkPerLineVs1x ?? 0) <= 1.5 && (s.compilePerLineVs1x ?? 0) <= 1.5)})`}; heap ${s.heapUsedMB} MB, model + output ${s.modelAndOutputMB} MB${s.errors ? `; ${s.errors} errors in the generated text` : ""}`,
    ]),
    ["`guide check` as a process (bundled CLI)", `${r.cli.medianMs} ms`, `target ≤ 300 ms: ${ok(r.cli.medianMs <= 300)}; bare \`node -e 0\` ${r.cli.bareNodeMs} ms; bundle ${n(r.cli.bundleKiB)} KiB`],
    ["`guide check` as a process (installed from the packed tarballs)", `${r.installedCli.checkMs} ms`, `${r.installedCli.checkVsNode}× a bare \`node -e 0\` (${r.installedCli.bareNodeMs} ms) in the same rounds; target ≤ 300 ms: ${ok(r.installedCli.checkMs <= 300)}; \`guide --version\` ${r.installedCli.versionMs} ms (${r.installedCli.versionVsNode}×)`],
    ...(r.service ? serveRows(r.service) : []),
    [`Heap over ${n(r.memory.cases)} evaluations (after gc)`, `${r.memory.startMB} → ${r.memory.midMB} → ${r.memory.endMB} MB (start, half-way, end)`, `${r.memory.flat ? "flat" : "**grows**"}: ${r.memory.secondHalfGrowthMB} MB over the second half (bounded caches and JIT code fill in the first)`],
    ["Playground keystroke to markers", r.playground.measured ? `${r.playground.keystrokeToMarkersMs} ms` : "not measured", r.playground.measured ? `from ${r.playground.file} (${r.playground.field})` : r.playground.note],
  ];
  const head = `| measure | result | note |\n|---|---|---|\n`;
  const intro = `Guideline: ${r.guideline.note} (${n(r.guideline.lines)} lines, ${r.guideline.sections} sections, ${r.guideline.nodes} condition nodes). ` +
    `${n(r.throughput.cases)} seeded cases; ${r.method}. Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpu}, load ${r.machine.loadavg.join(" ")}. ` +
    `\`${r.command}\`, ${r.date.slice(0, 16).replace("T", " ")} UTC, ${r.totalSeconds} s.`;
  return `${intro}\n\n${head}${rows.map((x) => `| ${x.join(" | ")} |`).join("\n")}\n`;
}

const START = "<!-- bench:table:start -->";
const END = "<!-- bench:table:end -->";

export function writeReadme(path: string, r: Results, table: string): void {
  const block = `${START}\n${table}\nMade by \`${r.command}\` (\`bench/results.json\` holds every repetition).\n\n![throughput and scaling](chart.svg)\n${END}`;
  const old = existsSync(path) ? readFileSync(path, "utf8") : "";
  const text = old.includes(START) && old.includes(END) ? old.slice(0, old.indexOf(START)) + block + old.slice(old.indexOf(END) + END.length) : `# Benchmarks\n\n${block}\n`;
  writeFileSync(path, text);
}
