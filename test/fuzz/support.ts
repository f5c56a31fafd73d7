// Shared by the fuzz tests and `npm run fuzz`: in nothing, out the guideline under test (PEDSP when it
// checks without errors, else the sample fixture), its source text, range checks and a compiled module.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { transformSync } from "esbuild";
import * as runtime from "../../runtime/index.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkText, hasErrors } from "../../compiler/compile.ts";
import { RUNTIME_PACKAGE, emitTypeScript } from "../../compiler/emit/typescript.ts";
import { interpret } from "../../compiler/interpret.ts";
import { caseArb } from "./gen-case.ts";
import type { Model } from "../../compiler/model.ts";
import type { Diagnostic } from "../../grammar/diagnostics.ts";
import type { Determination, EvaluateOptions } from "../../runtime/decide.ts";
import type { Plan } from "../../runtime/plan.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SOURCE_NAME = "000_f1f69f597256be6d.txt";
export const SOURCE_TEXT = readFileSync(`${ROOT}guidelines/pedsp/${SOURCE_NAME}`, "utf8");
/** Scratch space for generated modules; each test file uses its own subfolder. */
export const OUT = `${ROOT}test/out/fuzz/`;

export interface Guideline { name: string; path: string; text: string; model: Model }

let chosen: Guideline | undefined;
/** PEDSP when it checks without errors (it is being written), else the small sample fixture (or FUZZ_GUIDELINE's choice). */
export function guideline(): Guideline {
  if (chosen) return chosen;
  const only = process.env.FUZZ_GUIDELINE; // "sample" to fuzz the fixture even when PEDSP is clean
  for (const [name, path] of [["pedsp", `${ROOT}guidelines/pedsp/pedsp.guide`], ["sample", `${ROOT}test/fixtures/sample.guide`]] as const) {
    if (only && only !== name) continue;
    let text: string;
    try { text = readFileSync(path, "utf8"); } catch { continue; }
    const r = checkText(text, path, { sourceText: SOURCE_TEXT });
    if (r.model && !hasErrors(r.diagnostics)) return (chosen = { name, path, text, model: r.model });
  }
  throw new Error("neither guidelines/pedsp/pedsp.guide nor test/fixtures/sample.guide checks without errors");
}

/** The line and column of an offset, computed independently of grammar/positions.ts (lines end at \n). */
export function expectedPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1 };
}

/** Everything wrong with the diagnostics' ranges for this text; empty when all lie inside it and agree. */
export function rangeProblems(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const problems: string[] = [];
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const where = `${d.code} [${start.offset}, ${end.offset}) "${d.message.slice(0, 80)}"`;
    if (!Number.isInteger(start.offset) || !Number.isInteger(end.offset)) { problems.push(`non-integer offsets: ${where}`); continue; }
    if (!(0 <= start.offset && start.offset <= end.offset && end.offset <= text.length)) { problems.push(`outside the file (length ${text.length}): ${where}`); continue; }
    for (const [label, p] of [["start", start], ["end", end]] as const) {
      const want = expectedPosition(text, p.offset);
      if (p.line !== want.line || p.column !== want.column) problems.push(`${label} is ${p.line}:${p.column}, offset ${p.offset} is ${want.line}:${want.column}: ${where}`);
    }
    if (typeof d.message !== "string" || d.message.length === 0) problems.push(`empty message: ${where}`);
  }
  return problems;
}

export interface Compiled { evaluate: (input: unknown, options?: EvaluateOptions) => Determination; plan: Plan; path: string }

/** Emit the model as TypeScript under test/out/fuzz/<dir>/ and import it. */
export async function compileAndImport(model: Model, dir: string, name: string, code = emitTypeScript(model)): Promise<Compiled> {
  mkdirSync(OUT + dir, { recursive: true });
  const path = `${OUT}${dir}/${name}.ts`;
  writeFileSync(path, code);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Compiled;
  return { evaluate: mod.evaluate, plan: mod.plan, path };
}

/** Recursively freeze a value (objects and arrays), so any write to the caller's input throws. */
export function deepFreeze<T>(v: T, seen = new Set<object>()): T {
  if (typeof v === "object" && v !== null && !seen.has(v)) {
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<string | symbol, unknown>)[k], seen);
    Object.freeze(v);
  }
  return v;
}

/** A structural fingerprint that sees own keys like "__proto__", NaN, -0, undefined and cycles. */
export function fingerprint(v: unknown, seen = new Map<object, number>(), depth = 0): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 200 ? `${v.slice(0, 100)}…${v.length}…${v.slice(-100)}` : v);
  if (typeof v !== "object" || v === null) return String(v);
  if (seen.has(v)) return `#${seen.get(v)}`;
  if (depth > 300) return "…";
  seen.set(v, seen.size);
  const proto = Object.getPrototypeOf(v) === Object.prototype ? "" : Array.isArray(v) ? "A" : Object.getPrototypeOf(v) === null ? "N" : "P";
  if (Array.isArray(v) && v.length > 2000) return `A[${v.length}: ${fingerprint(v[0], seen, depth + 1)} … ${fingerprint(v[v.length - 1], seen, depth + 1)}]`;
  const keys = Reflect.ownKeys(v).map(String).sort();
  return `${proto}{${keys.map((k) => `${JSON.stringify(k)}:${fingerprint((v as Record<string, unknown>)[k], seen, depth + 1)}`).join(",")}}`;
}

/** The own property names of Object.prototype and friends, to detect pollution. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Reflect.ownKeys(p).map(String).sort().join(",")).join("|");
}

/** The emitted module without a file: types stripped by esbuild, run with the runtime as its only import. */
export function compileInMemory(model: Model): Pick<Compiled, "evaluate" | "plan"> {
  const js = transformSync(emitTypeScript(model), { loader: "ts", format: "cjs" }).code;
  const mod: { exports: Record<string, unknown> } = { exports: {} };
  const load = (name: string): unknown => { if (name !== RUNTIME_PACKAGE) throw new Error(`unexpected import ${name}`); return runtime; };
  new Function("require", "module", "exports", js)(load, mod, mod.exports);
  return mod.exports as unknown as Pick<Compiled, "evaluate" | "plan">;
}

const OUTCOMES = ["approve", "deny", "pend", "review", "not-applicable"];

/**
 * The property every guideline text must have: checkText does not throw and its ranges are sane; when the text
 * checks clean, its compiled module agrees with the interpreter on a few of its own cases. Throws otherwise.
 */
export function checkGuideText(text: string, seed = 1): { clean: boolean } {
  const r = checkText(text, "fuzz.guide", { sourceText: SOURCE_TEXT });
  const problems = rangeProblems(text, r.diagnostics);
  if (problems.length) throw new Error(`bad ranges:\n${problems.slice(0, 5).join("\n")}`);
  if (!r.model || hasErrors(r.diagnostics)) return { clean: false };
  const compiled = compileInMemory(r.model);
  const cases = r.model.plan.studies.length ? fc.sample(caseArb(r.model), { numRuns: 4, seed }) : [{ asOf: "2026-11-25", request: { cpt: "72148" } }];
  for (const c of cases) {
    const d = interpret(r.model, c, { trace: true });
    if (!OUTCOMES.includes(d.outcome)) throw new Error(`outcome ${d.outcome}`);
    const e = compiled.evaluate(c, { trace: true });
    if (!isDeepStrictEqual(d, e)) throw new Error(`compiled and interpreter differ on ${JSON.stringify(c)}:\ninterpreter: ${JSON.stringify(d).slice(0, 1500)}\ncompiled:    ${JSON.stringify(e).slice(0, 1500)}`);
  }
  return { clean: true };
}
