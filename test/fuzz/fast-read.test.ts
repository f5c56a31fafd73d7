// The fast path of case reading (runtime/fast-read.ts) against the full validator (runtime/validate.ts):
// whatever the fast path accepts, validateCase accepts too and reads to the same ValidCase (the same facts
// with the same values); whatever validateCase refuses, the fast path refuses. And it is a fast path: it takes the
// well-formed cases a client sends (all the benchmark's cases, most generated ones).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readWellFormed } from "../../runtime/fast-read.ts";
import { validateCase, type CaseSpec, type ValidCase } from "../../runtime/validate.ts";
import { generateCases } from "../../bench/cases.ts";
import { caseArb, hostileArb } from "./gen-case.ts";
import { guideline } from "./support.ts";

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const g = guideline();
const plan = g.model.plan;
const spec: CaseSpec = { facts: plan.facts.map((f) => ({ name: f.name, type: f.type })), indications: plan.indications.map((i) => i.name), cpts: plan.studies.map((s) => s.cpt) };

/** The case for a failure message (a cyclic one cannot be JSON). */
function shown(input: unknown): string {
  try { return String(JSON.stringify(input)).slice(0, 400); } catch { return "(a case that refers to itself)"; }
}

/** A ValidCase with its facts as a sorted list of [name, value] (the fast path keeps them in another store). */
function plainCase(v: ValidCase): unknown {
  const names = [...v.facts.keys()].sort();
  for (const n of names) expect(v.facts.has(n)).toBe(true);
  return { ...v, facts: names.map((n) => [n, v.facts.get(n)]) };
}

/** Compare on one case; returns whether the fast path took it. */
function agree(input: unknown): boolean {
  const fast = readWellFormed(input, spec);
  const full = validateCase(input, spec);
  const why = shown(input);
  if (!full.ok) {
    expect(fast, `fast path accepted a case validateCase refuses (${JSON.stringify(full.issues.slice(0, 2))}): ${why}`).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(plainCase(fast), why).toEqual(plainCase(full.value));
  expect(fast.facts.size, why).toBe(full.value.facts.size);
  // Every declared name (and one never declared) looks up the same, present or absent.
  for (const n of [...plan.facts.map((f) => f.name), "not_declared_anywhere"]) {
    expect(fast.facts.has(n), `${n}: ${why}`).toBe(full.value.facts.has(n));
    expect(fast.facts.get(n), `${n}: ${why}`).toEqual(full.value.facts.get(n));
  }
  return true;
}

/** Replace the value at a path with `v` (a copy; the path's objects are created when missing). */
function setAt(c: Record<string, unknown>, path: string[], v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  let o = out;
  for (let i = 0; i < path.length - 1; i++) {
    const next = o[path[i]];
    o = o[path[i]] = typeof next === "object" && next !== null && !Array.isArray(next) ? { ...(next as object) } : {};
  }
  o[path[path.length - 1]] = v;
  return out;
}

describe(`fast case reading agrees with validateCase (${g.name})`, () => {
  it("takes every benchmark case, reading each as validateCase does", () => {
    const cases = generateCases(plan, { seed: 7, count: 3000 });
    for (const c of cases) expect(agree(c), JSON.stringify(c)).toBe(true);
  });

  it("agrees on generated cases, and takes most of them", () => {
    let taken = 0, runs = 0;
    fc.assert(fc.property(caseArb(g.model), (c) => { runs++; if (agree(c)) taken++; }), { numRuns: 1500 * scale, seed: 11 });
    expect(taken / runs).toBeGreaterThan(0.5);
  });

  it("refuses every hostile case", () => {
    fc.assert(fc.property(hostileArb(g.model), ({ input }) => { expect(readWellFormed(input, spec)).toBeUndefined(); agree(input); }), { numRuns: 1500 * scale, seed: 12 });
  });

  it("agrees when any field holds any JSON value", () => {
    const factNames = plan.facts.map((f) => f.name);
    const paths: string[][] = [
      ["asOf"], ["patient"], ["patient", "birthDate"], ["patient", "age"], ["patient", "age", "years"], ["patient", "age", "months"], ["patient", "age", "days"],
      ["request"], ["request", "cpt"], ["request", "indication"], ["facts"], ["extra"], ["patient", "extra"], ["facts", "not_declared"],
      ...factNames.map((f) => ["facts", f]), ...factNames.map((f) => ["facts", f, "value"]), ...factNames.map((f) => ["facts", f, "unit"]),
    ];
    // Values near the valid ones as well as anything at all.
    const near = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, 12, 151, NaN, Infinity, "", "2026-02-30", "1799-12-31", "2200-12-31", "2026-11-26", "2026-1-05", "°C", "°F", "degF", "mm", "weeks", "week", "fortnight"),
      fc.record({ value: fc.oneof(fc.double(), fc.integer()), unit: fc.constantFrom("°C", "°F", "cm", "mm", "days", "weeks", "months", "years", "day", "kg") }),
      fc.record({ years: fc.integer({ min: -1, max: 160 }), months: fc.integer({ min: -1, max: 13 }) }, { requiredKeys: [] }),
      fc.array(fc.constantFrom(...new Set(plan.facts.flatMap((f) => (f.type.kind === "set" || f.type.kind === "enum" ? [...f.type.values] : ["x"])))), { maxLength: 5 }),
    );
    fc.assert(fc.property(caseArb(g.model), fc.array(fc.tuple(fc.constantFrom(...paths), near), { minLength: 1, maxLength: 3 }), (c, edits) => {
      let v: Record<string, unknown> = c;
      for (const [path, value] of edits) v = setAt(v, path, value);
      agree(v);
    }), { numRuns: 3000 * scale, seed: 13 });
  });

  it("refuses the shapes validateCase explains: both birthDate and age, a prototype key, a non-plain object", () => {
    const base = generateCases(plan, { seed: 3, count: 1 })[0] as Record<string, unknown>;
    expect(readWellFormed(base, spec)).toBeDefined();
    const both = { ...base, patient: { birthDate: "2015-01-01", age: { years: 11 } }, asOf: "2026-11-25" };
    expect(readWellFormed(both, spec)).toBeUndefined();
    expect(agree(both)).toBe(false);
    const proto = JSON.parse(`{"asOf":"2026-11-25","request":{"cpt":"${spec.cpts[0]}"},"facts":{"__proto__":{"x":1}}}`) as unknown;
    expect(readWellFormed(proto, spec)).toBeUndefined();
    expect(validateCase(proto, spec).ok).toBe(false);
    // A fact put on Object.prototype by someone else's code is not the case's (a hidden one is not seen by
    // for…in, and here an undeclared key would make up any count).
    const polluted = plan.facts.find((f) => f.type.kind === "bool")!.name;
    try {
      Object.defineProperty(Object.prototype, polluted, { value: true, enumerable: false, configurable: true, writable: true });
      const c = { asOf: "2026-11-25", request: { cpt: spec.cpts[0] }, facts: { not_declared_anywhere: true } };
      expect(validateCase(c, spec).ok).toBe(false);
      expect(readWellFormed(c, spec)).toBeUndefined();
      expect(agree({ asOf: "2026-11-25", request: { cpt: spec.cpts[0] }, facts: {} })).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>)[polluted];
    }
    // A fact that is not enumerable is not given, for both.
    const hidden: Record<string, unknown> = {};
    Object.defineProperty(hidden, polluted, { value: true, enumerable: false });
    expect(agree({ asOf: "2026-11-25", request: { cpt: spec.cpts[0] }, facts: hidden })).toBe(true);
    // A key that could reach a prototype, at every level the fast path reads (the shared readers skip such
    // keys, leaving them to scanUnsafe): JSON.parse makes them own keys.
    const measured = plan.facts.find((f) => f.type.kind === "number" || f.type.kind === "duration");
    const unit = measured?.type.kind === "number" ? measured.type.unit : "weeks";
    const bad = [
      `"patient":{"birthDate":"2015-01-01","__proto__":{"x":1}}`,
      `"patient":{"age":{"years":9,"constructor":{"x":1}}}`,
      `"facts":{"prototype":true}`,
      ...(measured ? [`"facts":{${JSON.stringify(measured.name)}:{"value":4,"unit":${JSON.stringify(unit)},"__proto__":{"x":1}}}`] : []),
    ];
    for (const part of bad) {
      const c = JSON.parse(`{"asOf":"2026-11-25","request":{"cpt":"${spec.cpts[0]}"},${part}}`) as unknown;
      expect(validateCase(c, spec).ok, part).toBe(false);
      expect(readWellFormed(c, spec), part).toBeUndefined();
    }
    class NotPlain { asOf = "2026-11-25"; request = { cpt: spec.cpts[0] }; }
    expect(readWellFormed(new NotPlain(), spec)).toBeUndefined();
    const ok: ValidCase | undefined = readWellFormed({ asOf: "2026-11-25", request: { cpt: spec.cpts[0] } }, spec);
    expect(plainCase(ok!)).toEqual({ asOf: { y: 2026, m: 11, d: 25 }, age: undefined, cpt: spec.cpts[0], indication: undefined, facts: [] });
    expect(ok!.facts.size).toBe(0);
    expect(ok!.facts.get(plan.facts[0].name)).toBeUndefined();
    expect(ok!.facts.has(plan.facts[0].name)).toBe(false);
  });
});
