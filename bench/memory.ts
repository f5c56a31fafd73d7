// The memory run, in its own process started by bench/run.ts with --expose-gc: evaluates N generated cases
// (streamed, never held) with the compiled whole guideline and prints heap use after gc as JSON on stdout.
// Usage (bench/run.ts bundles this file next to the evaluators): node --expose-gc bench/tmp/memory.mjs N
import type { Generated } from "./subjects.ts";

type Subjects = typeof import("./subjects.ts") & Generated;
const bundle = new URL("./subjects.mjs", import.meta.url).href; // beside the bundled memory.mjs
const { caseStream, evaluateWhole, wholePlan } = (await import(bundle)) as Subjects;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const n = Number(process.argv[2] ?? 1_000_000);
const next = caseStream(wholePlan, 7);
const heap = (): number => { gc(); gc(); return process.memoryUsage().heapUsed; };
// Warm up first (the JIT and the runtime's small caches), so "start" is the steady state.
for (let i = 0; i < 20_000; i++) evaluateWhole(next());
const start = heap();
const samples: { cases: number; heapUsed: number }[] = [{ cases: 0, heapUsed: start }];
const step = Math.max(1, Math.floor(n / 10));
let approve = 0;
const t = performance.now();
for (let i = 1; i <= n; i++) {
  if (evaluateWhole(next()).outcome === "approve") approve++;
  if (i % step === 0) {
    samples.push({ cases: i, heapUsed: heap() });
    process.stderr.write(`[bench memory] ${i.toLocaleString("en-US")} / ${n.toLocaleString("en-US")} cases\n`);
  }
}
const seconds = (performance.now() - t) / 1000;
const end = heap();
process.stdout.write(JSON.stringify({ cases: n, startHeapUsed: start, endHeapUsed: end, growth: end - start, samples, seconds, approve }) + "\n");
