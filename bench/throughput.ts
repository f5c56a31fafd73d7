// Evaluator throughput, one part per process (started by bench/run.ts, bundled next to the evaluators):
//   node bench/tmp/throughput.mjs '{"part":"1a"|"1b","n":100000,"reps":5,"engineN":10000,"guide":{"path":…,"sourcePath":…},"p23":{…}}'
// Each part gets a fresh process, as JMH forks one per benchmark: the evaluators share the runtime, and
// the type feedback one guideline leaves in it (the whole PEDSP plan: ~90 facts of every type) would
// otherwise slow the next (PEDSP-2.3), or the other way round. Within a part every variant is timed in the
// same process, interleaved. Before timing, the variants must agree on every case (else exit 1).
// Prints one JSON line on stdout; progress goes to stderr.
import { readFileSync } from "node:fs";
import type { Generated } from "./subjects.ts";
import { fail, progress, timeVariants } from "./measure.ts";

type Subjects = typeof import("./subjects.ts") & Generated;
const S = (await import(new URL("./subjects.mjs", import.meta.url).href)) as Subjects;

/** A guideline file and the source text its citations are checked against. */
interface GuideArg { path: string; sourcePath?: string }
const modelOf = (g: GuideArg) => {
  const text = readFileSync(g.path, "utf8"), sourceText = g.sourcePath === undefined ? undefined : readFileSync(g.sourcePath, "utf8");
  return S.checkText(text, g.path, { sourceText }).model!;
};
const arg = JSON.parse(process.argv[2] ?? "{}") as { part: "1a" | "1b"; n: number; reps: number; engineN: number; guide: GuideArg; p23: GuideArg };
let sink = 0;
const outcomeMix = (xs: string[]): Record<string, number> => xs.reduce<Record<string, number>>((m, o) => ((m[o] = (m[o] ?? 0) + 1), m), {});
const loop = (f: (c: unknown) => { outcome: string } | string, cases: unknown[]) => () => { for (const c of cases) { const r = f(c); sink += (typeof r === "string" ? r : r.outcome).length; } };
const loopAsync = (f: (c: unknown) => Promise<string>, cases: unknown[]) => async () => { for (const c of cases) sink += (await f(c)).length; };
const traceOn = { trace: true };
/**
 * The determination without the words of its reasons: since issue 15 the compiled module names each criterion in
 * the guideline's words (`text`, `criteria`), which the hand-written function does not reproduce; everything else
 * (outcome, section, rule ids, quotes, notes, missing, needed, supported) must still be equal. The comparison is
 * therefore generous to the hand-written function, which does less work.
 */
const decisionOf = (d: unknown): unknown => JSON.parse(JSON.stringify(d, (k, v) => (k === "text" || k === "criteria" ? undefined : v)));
const N = arg.n;

if (arg.part === "1a") {
  // ---- the whole guideline: compiled vs interpreter ----
  const model = modelOf(arg.guide);
  const cases = S.generateCases(S.wholePlan, { seed: 1, count: N });
  progress(`1a: checking compiled = interpreter (whole determination) on ${N} cases`);
  const mix: string[] = [];
  for (const c of cases) {
    const a = S.evaluateWhole(c), b = S.interpret(model, c);
    if (JSON.stringify(a) !== JSON.stringify(b)) fail("compiled module and interpreter", c, { compiled: a, interpreter: b });
    mix.push(a.outcome);
  }
  const times = await timeVariants({
    compiled: loop((c) => S.evaluateWhole(c), cases),
    compiledTrace: loop((c) => S.evaluateWhole(c, traceOn), cases),
    interpreter: loop((c) => S.interpret(model, c), cases),
  }, arg.reps, "1a whole guideline");
  process.stdout.write(JSON.stringify({ outcomes: outcomeMix(mix), times, sink }) + "\n");
} else {
  // ---- PEDSP-2.3: compiled vs hand-written (same determination, outcome only) vs json-rules-engine ----
  const model = modelOf(arg.p23);
  const cases = S.generateCases(S.plan23, { seed: 2, count: N });
  const engine = S.makeEngine();
  progress(`1b: checking compiled = hand-written (whole determination) and = outcome-only hand-written = json-rules-engine = interpreter (outcome) on ${N} cases`);
  const mix: string[] = [];
  // The hand-written determination lists every fact under an undecided condition (the engine's `missing: "all"`);
  // the compiled module is held to that same determination, and timed both ways (its default asks the fewest).
  const allMissing = { missing: "all" as const };
  for (const c of cases) {
    const full = S.evaluate23(c, allMissing), handFull = S.determinePedsp23(c);
    if (JSON.stringify(decisionOf(full)) !== JSON.stringify(decisionOf(handFull))) fail("compiled PEDSP-2.3 and the hand-written determinePedsp23", c, { compiled: full, handwritten: handFull });
    const a = full.outcome, h = S.decidePedsp23(c), e = await S.decideWithEngine(engine, c), i = S.interpret(model, c).outcome;
    if (a !== h || a !== e || a !== i) fail("PEDSP-2.3 implementations", c, { compiled: a, handwritten: h, rulesEngine: e, interpreter: i });
    mix.push(a);
  }
  // json-rules-engine is about 100× slower than the rest: it is timed on the first engineN of the same cases.
  const casesEngine = cases.slice(0, arg.engineN);
  const times = await timeVariants({
    compiled: loop((c) => S.evaluate23(c, allMissing), cases),
    compiledFewest: loop((c) => S.evaluate23(c), cases),
    compiledTrace: loop((c) => S.evaluate23(c, traceOn), cases),
    handwrittenFull: loop((c) => S.determinePedsp23(c), cases),
    handwritten: loop((c) => S.decidePedsp23(c), cases),
    rulesEngine: loopAsync((c) => S.decideWithEngine(engine, c), casesEngine),
  }, arg.reps, "1b PEDSP-2.3");
  process.stdout.write(JSON.stringify({ outcomes: outcomeMix(mix), times, sink }) + "\n");
}
