// `npm run fuzz -- [--runs N] [--only grammar,mutations,differential,hostile] [--seed S] [--path P]`: the fuzz
// properties of test/fuzz/*.test.ts for long runs. Progress goes to stderr; every failure prints its seed, path
// and shrunk input, then the run goes on with the next seed. Exit code 1 when anything failed.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { checkText } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import { caseArb, hostileArb } from "./gen-case.ts";
import { mutate, mutations, program, windows } from "./gen-guide.ts";
import { checkGuideText, compileAndImport, fingerprint, guideline, prototypeSnapshot, rangeProblems, SOURCE_TEXT } from "./support.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}
const runsArg = arg("runs");
const only = arg("only")?.split(",");
const seedArg = arg("seed");
const pathArg = arg("path");
const DEFAULT_RUNS: Record<string, number> = { grammar: 20_000, mutations: 20_000, differential: 1_000_000, hostile: 50_000 };

const g = guideline();
const compiled = await compileAndImport(g.model, "run", g.name);
const parts = windows(g.text);

function checkSafely(text: string): void {
  const r = checkText(text, "fuzz.guide", { sourceText: SOURCE_TEXT });
  const problems = rangeProblems(text, r.diagnostics);
  if (problems.length) throw new Error(`bad ranges:\n${problems.slice(0, 5).join("\n")}`);
}

const properties: Record<string, fc.IProperty<never>> = {
  grammar: fc.property(program, fc.nat(), (text, seed) => { checkGuideText(text, seed); }) as unknown as fc.IProperty<never>,
  mutations: fc.property(fc.nat({ max: parts.length - 1 }), mutations, (w, ms) => { checkSafely(mutate(parts[w], ms)); }) as unknown as fc.IProperty<never>,
  differential: fc.property(caseArb(g.model), (c) => {
    for (const trace of [false, true]) {
      const a = compiled.evaluate(c, { trace }), b = interpret(g.model, c, { trace });
      if (!isDeepStrictEqual(a, b)) throw new Error(`compiled and interpreter differ (trace ${trace}):\ncompiled:    ${JSON.stringify(a).slice(0, 2000)}\ninterpreter: ${JSON.stringify(b).slice(0, 2000)}`);
    }
  }) as unknown as fc.IProperty<never>,
  hostile: fc.property(hostileArb(g.model), ({ input, applied }) => {
    const proto = prototypeSnapshot(), before = fingerprint(input);
    for (const ev of [(x: unknown, o?: { strict?: boolean }) => compiled.evaluate(x, o), (x: unknown, o?: { strict?: boolean }) => interpret(g.model, x, o)]) {
      const d = ev(input);
      if (d.outcome !== "pend" || !d.errors?.length) throw new Error(`${applied.join(", ")}: got ${d.outcome} without errors`);
      let thrown: unknown;
      try { ev(input, { strict: true }); } catch (e) { thrown = e; }
      if (!(thrown instanceof Error) || thrown.name !== "CaseError") throw new Error(`${applied.join(", ")}: strict mode did not throw a CaseError`);
    }
    if (fingerprint(input) !== before) throw new Error(`${applied.join(", ")}: the input was changed`);
    if (prototypeSnapshot() !== proto || ({} as Record<string, unknown>).polluted !== undefined) throw new Error("a prototype was polluted");
  }) as unknown as fc.IProperty<never>,
};

let failures = 0;
const names = Object.keys(properties).filter((n) => !only || only.includes(n));
process.stderr.write(`fuzzing ${g.name} (${g.path}): ${names.join(", ")}\n`);
for (const name of names) {
  const total = runsArg ? Number(runsArg) : DEFAULT_RUNS[name];
  let done = 0, seed = seedArg !== undefined ? Number(seedArg) : Date.now() ^ (Math.random() * 2 ** 31);
  // Printed before the first run, so a run that hangs (not only one that fails) can be replayed.
  process.stderr.write(`${name}: seed ${seed}${seedArg === undefined ? " (random)" : ""}\n`);
  const started = Date.now();
  let last = 0;
  const prop = properties[name];
  // Progress: wrap the predicate's run to count, printing at most every two seconds.
  const counted: fc.IProperty<never> = Object.assign(Object.create(Object.getPrototypeOf(prop)), prop, {
    run: (v: never) => {
      const now = Date.now();
      if (now - last > 2000) { last = now; process.stderr.write(`\r${name}: ${done} / ${total} (${Math.round((done / Math.max(1, (now - started) / 1000)))}/s)   `); }
      done++;
      return prop.run(v);
    },
  });
  while (done < total) {
    const details = fc.check(counted, { numRuns: total - done, seed, ...(pathArg ? { path: pathArg, endOnFailure: true } : {}) });
    if (!details.failed) break;
    failures++;
    process.stderr.write(`\n${name}: FAILED after ${details.numRuns} runs\n  seed: ${details.seed}\n  path: ${details.counterexamplePath}\n  replay: npm run fuzz -- --only ${name} --seed ${details.seed} --path "${details.counterexamplePath}"\n  input: ${fc.stringify(details.counterexample).slice(0, 4000)}\n  error: ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).slice(0, 2000)}\n`);
    if (pathArg) break;
    seed = (seed + 1) | 0;
  }
  process.stderr.write(`\r${name}: ${done} runs in ${((Date.now() - started) / 1000).toFixed(1)} s${" ".repeat(20)}\n`);
}
process.stderr.write(failures ? `${failures} failure(s)\n` : "no failures\n");
process.exitCode = failures ? 1 : 0;
