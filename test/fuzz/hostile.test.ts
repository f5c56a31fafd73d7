// Hostile cases: malformed input (wrong types, missing or extra fields, unknown facts, __proto__ keys,
// impossible dates, NaN, huge strings and arrays, non-objects) never gets `approve` or `deny`: always `pend`
// with errors, or a CaseError in strict mode. The caller's object is never changed, no prototype polluted.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { interpret } from "../../compiler/interpret.ts";
import { CaseError } from "../../runtime/errors.ts";
import type { Determination, EvaluateOptions } from "../../runtime/decide.ts";
import { caseArb, hostileArb } from "./gen-case.ts";
import { compileAndImport, deepFreeze, fingerprint, guideline, prototypeSnapshot, type Compiled } from "./support.ts";

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const g = guideline();
let compiled: Compiled;
beforeAll(async () => { compiled = await compileAndImport(g.model, "hostile", g.name); });

type Evaluator = (input: unknown, options?: EvaluateOptions) => Determination;
const evaluators = (): [string, Evaluator][] => [
  ["interpreter", (c, o) => interpret(g.model, c, o)],
  ["compiled", (c, o) => compiled.evaluate(c, o)],
];

/** Evaluate in both modes and check the guarantees; returns nothing, throws with the details otherwise. */
function assertRefused(name: string, ev: Evaluator, input: unknown, applied: string[]): void {
  const protoBefore = prototypeSnapshot();
  const before = fingerprint(input);
  const d = ev(input);
  const why = `${name} after ${applied.join(", ")}: ${d.outcome} ${JSON.stringify(d.errors?.slice(0, 2) ?? d.reasons.slice(0, 1))}`;
  expect(d.outcome, why).toBe("pend");
  expect(d.errors?.length ?? 0, why).toBeGreaterThan(0);
  for (const e of d.errors!) { expect(typeof e.field, why).toBe("string"); expect(typeof e.message, why).toBe("string"); }
  let thrown: unknown;
  try { ev(input, { strict: true, trace: true }); } catch (e) { thrown = e; }
  expect(thrown, why).toBeInstanceOf(Error);
  expect((thrown as Error).name, why).toBe("CaseError");
  expect((thrown as CaseError).issues.length, why).toBeGreaterThan(0);
  expect(fingerprint(input), `${why}: the input was changed`).toBe(before);
  expect(prototypeSnapshot(), `${why}: a prototype was changed`).toBe(protoBefore);
  expect(({} as Record<string, unknown>).polluted, why).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin, why).toBeUndefined();
}

describe(`hostile cases against ${g.name}`, () => {
  it("generated malformed cases are always pend with errors (CaseError when strict), inputs untouched", () => {
    const numRuns = Math.round(1500 * scale);
    fc.assert(fc.property(hostileArb(g.model), fc.boolean(), ({ input, applied }, freeze) => {
      if (freeze) deepFreeze(input); // any write to the caller's object now throws
      for (const [name, ev] of evaluators()) assertRefused(name, ev, input, applied);
    }), { numRuns });
  });

  it("valid generated cases, deep-frozen, are evaluated without being written to", () => {
    fc.assert(fc.property(caseArb(g.model), (c) => {
      const before = fingerprint(c);
      deepFreeze(c);
      for (const [, ev] of evaluators()) { ev(c, { trace: true }); expect(fingerprint(c)).toBe(before); }
    }), { numRuns: Math.round(300 * scale) });
  });

  it("__proto__, constructor and prototype keys from JSON.parse are refused at every level", () => {
    const study = g.model.plan.studies[0].cpt;
    const fact = g.model.plan.facts[0].name;
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const bad = `{"${key}": {"polluted": "yes"}}`;
      for (const json of [
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}"}, "facts": {}, "${key}": {"polluted": "yes"}}`,
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}", "${key}": {"polluted": "yes"}}}`,
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}"}, "facts": ${bad}}`,
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}"}, "patient": ${bad}}`,
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}"}, "patient": {"age": ${bad}}}`,
        `{"asOf": "2026-11-25", "request": {"cpt": "${study}"}, "facts": {"${fact}": ${bad}}}`,
      ]) for (const [name, ev] of evaluators()) assertRefused(name, ev, JSON.parse(json), [json]);
    }
  });

  it("a hundred thousand-item array, a megabyte string and 5,000-deep nesting are refused quickly", () => {
    const study = g.model.plan.studies[0].cpt;
    let deep: unknown = true;
    for (let i = 0; i < 5000; i++) deep = { v: deep };
    const inputs = [
      { asOf: "2026-11-25", request: { cpt: study }, facts: { not_a_fact: Array.from({ length: 100_000 }, (_, i) => i) } },
      { asOf: "2026-11-25", request: { cpt: study, indication: "i".repeat(1_000_000) } },
      { asOf: "2026-11-25", request: { cpt: study }, facts: { not_a_fact: deep } },
    ];
    for (const input of inputs) for (const [name, ev] of evaluators()) {
      const start = performance.now();
      assertRefused(name, ev, input, ["big"]);
      expect(performance.now() - start).toBeLessThan(5000);
    }
  });
});
