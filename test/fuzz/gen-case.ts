// fast-check arbitraries for Cases of one checked guideline: in the model (its plan's fact declarations
// and the thresholds its conditions use), out valid-looking cases near every boundary, and hostile ones.
import fc from "fast-check";
import type { Model } from "../../compiler/model.ts";
import { addDays, addSpan, formatIsoDate, parseIsoDate, type Ymd } from "../../runtime/dates.ts";
import { convert, unitDimension, unitsOf } from "../../runtime/quantity.ts";
import type { Span } from "../../runtime/span.ts";
import type { PlanFact } from "../../runtime/plan.ts";

export const AS_OF = ["2026-11-25", "2024-02-29", "2026-03-01", "2025-12-31", "2026-01-31", "2023-03-31"];

interface Thresholds { num: Map<string, number[]>; dur: Map<string, Span[]>; within: Map<string, Span[]>; age: Span[] }

/** Every threshold the guideline's conditions compare with, by fact. */
export function thresholds(model: Model): Thresholds {
  const t: Thresholds = { num: new Map(), dur: new Map(), within: new Map(), age: [] };
  const add = <V>(m: Map<string, V[]>, k: string, v: V) => { const a = m.get(k) ?? []; a.push(v); m.set(k, a); };
  for (const op of model.ops) {
    if (op.op === "num") add(t.num, op.fact, op.value);
    else if (op.op === "dur") add(t.dur, op.fact, op.span);
    else if (op.op === "within") add(t.within, op.fact, op.span);
    else if (op.op === "age") t.age.push(op.span);
  }
  return t;
}

const iso = (d: Ymd): string => formatIsoDate(d);
const shift = (asOf: string, s: Span, delta: number): string => iso(addDays(addSpan(parseIsoDate(asOf)!, s, -1), delta));

function numberValue(f: PlanFact, ts: number[]): fc.Arbitrary<unknown> {
  const unit = f.type.kind === "number" ? f.type.unit : "";
  // The ends of the declared bounds are thresholds too: just inside is decided, just outside refused.
  const bounds = f.type.kind === "number" && f.type.bounds ? [f.type.bounds.min, f.type.bounds.max] : [];
  const edges = [...ts, ...bounds];
  const near = edges.length ? fc.tuple(fc.constantFrom(...edges), fc.constantFrom(-1, -0.1, -1e-12, 0, 1e-12, 0.1, 1)).map(([t, d]) => t + d) : fc.constant(0);
  const value = fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fc.double({ min: -50, max: 300, noNaN: true }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }) });
  const dim = unitDimension(unit);
  const others = dim ? unitsOf(dim).filter((u) => u !== "") : [];
  return fc.tuple(value, fc.nat({ max: 3 }), fc.constantFrom(...(others.length ? others : [unit]))).map(([v, form, u]) => {
    if (form === 0 || unit === "" || !others.length) return v;
    if (form === 1) return { value: v, unit };
    return { value: convert(v, unit, u), unit: u }; // the same quantity in another unit: exercises tolerant equality
  });
}

function durationValue(ts: Span[]): fc.Arbitrary<unknown> {
  const near = ts.length
    ? fc.tuple(fc.constantFrom(...ts), fc.constantFrom(-1, 0, 1), fc.nat({ max: 3 })).map(([s, d, form]) => {
      if (s.months === 0) return form === 1 && s.days % 7 === 0 && d === 0 ? { value: s.days / 7, unit: "weeks" } : { value: Math.max(0, s.days + d), unit: "days" };
      if (form === 1 && s.months % 12 === 0 && d === 0) return { value: s.months / 12, unit: "years" };
      if (form === 2) return { value: Math.max(0, s.months * 30 + d), unit: "days" };
      return { value: Math.max(0, s.months + d), unit: "months" };
    })
    : fc.constant({ value: 1, unit: "weeks" });
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fc.record({ value: fc.integer({ min: 0, max: 400 }), unit: fc.constantFrom("days", "weeks", "months", "years", "day", "week") }) });
}

function dateValue(asOf: string, ts: Span[]): fc.Arbitrary<unknown> {
  const near = ts.length ? fc.tuple(fc.constantFrom(...ts), fc.constantFrom(-1, 0, 1)).map(([s, d]) => shift(asOf, s, d)) : fc.constant(asOf);
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fc.integer({ min: -800, max: 2 }).map((d) => iso(addDays(parseIsoDate(asOf)!, d))) });
}

function factValue(f: PlanFact, asOf: string, t: Thresholds): fc.Arbitrary<unknown> {
  switch (f.type.kind) {
    case "bool": return fc.boolean();
    case "number": return numberValue(f, t.num.get(f.name) ?? []);
    case "duration": return durationValue(t.dur.get(f.name) ?? []);
    case "date": return dateValue(asOf, t.within.get(f.name) ?? []);
    case "enum": return f.type.values.length ? fc.constantFrom(...f.type.values) : fc.constant(null);
    case "set": return fc.subarray([...f.type.values]);
  }
}

function patient(asOf: string, t: Thresholds): fc.Arbitrary<unknown> {
  const ages = t.age.length ? t.age : [{ months: 72, days: 0 }];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...ages), fc.constantFrom(-1, 0, 1)).map(([s, d]) => ({ birthDate: shift(asOf, s, d) })) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 25 * 366 }).map((d) => ({ birthDate: iso(addDays(parseIsoDate(asOf)!, -d)) })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ages), fc.constantFrom(-1, 0, 1), fc.nat({ max: 2 })).map(([s, d, form]) => {
      const years = Math.floor(s.months / 12), months = s.months % 12;
      if (form === 0) return { age: { years: Math.max(0, years + d) } };
      if (form === 1) return { age: { years, months: Math.min(11, Math.max(0, months + d)) } };
      return { age: { days: Math.max(0, Math.round(s.months * 30.44 + s.days) + d) } };
    }) },
  );
}

/**
 * Cases over the whole guideline: half drawn freely (every fact absent, null or valued near its thresholds,
 * every CPT and indication), half from the guideline's own examples with a few facts, the age or the study changed,
 * so that approvals (which need many facts at once) are reached too.
 */
export function caseArb(model: Model): fc.Arbitrary<Record<string, unknown>> {
  const free = freeCaseArb(model);
  if (model.examples.length === 0) return free;
  return fc.oneof(free, exampleCaseArb(model));
}

function exampleCaseArb(model: Model): fc.Arbitrary<Record<string, unknown>> {
  const plan = model.plan, t = thresholds(model);
  const cpts = plan.studies.map((s) => s.cpt);
  return fc.constantFrom(...model.examples).chain((ex) => {
    const asOf = ex.case.asOf;
    const change = fc.nat({ max: Math.max(0, plan.facts.length - 1) }).chain((i) => fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: factValue(plan.facts[i], asOf, t) },
    ).map((v) => [plan.facts[i]?.name, v] as const));
    return fc.record({
      changes: fc.array(change, { maxLength: plan.facts.length ? 3 : 0 }),
      cpt: fc.oneof({ weight: 4, arbitrary: fc.constant(ex.case.request.cpt) }, { weight: 1, arbitrary: fc.constantFrom(...cpts) }),
      birthShift: fc.constantFrom(0, 0, 0, -1, 1),
    }, { noNullPrototype: true }).map(({ changes, cpt, birthShift }) => {
      const facts: Record<string, unknown> = { ...ex.case.facts };
      for (const [name, v] of changes) if (name !== undefined) { if (v === undefined) delete facts[name]; else facts[name] = v; }
      const c: Record<string, unknown> = { asOf, request: { ...ex.case.request, cpt }, facts };
      const birth = ex.case.patient?.birthDate;
      if (birth) c.patient = { birthDate: iso(addDays(parseIsoDate(birth)!, birthShift)) };
      return c;
    });
  });
}

function freeCaseArb(model: Model): fc.Arbitrary<Record<string, unknown>> {
  const plan = model.plan, t = thresholds(model);
  const cpts = plan.studies.map((s) => s.cpt);
  const indications = plan.indications.map((i) => i.name);
  return fc.constantFrom(...AS_OF).chain((asOf) => fc.record({
    asOf: fc.constant(asOf),
    patient: patient(asOf, t),
    request: fc.record({
      cpt: cpts.length ? fc.constantFrom(...cpts) : fc.constant("72148"),
      indication: fc.oneof({ weight: 6, arbitrary: indications.length ? fc.constantFrom(...indications) : fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    }, { requiredKeys: ["cpt"], noNullPrototype: true }),
    facts: fc.tuple(...plan.facts.map((f) => fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: factValue(f, asOf, t) },
    ))).map((vs) => {
      const facts: Record<string, unknown> = {};
      plan.facts.forEach((f, i) => { if (vs[i] !== undefined) facts[f.name] = vs[i]; });
      return facts;
    }),
  }, { requiredKeys: ["asOf", "request", "facts"], noNullPrototype: true })).map((c) => {
    // fc.record leaves optional keys out; drop `patient: undefined` the same way a JSON case would.
    if (c.patient === undefined) delete c.patient;
    const r = c.request as Record<string, unknown>;
    if (r.indication === undefined) delete r.indication;
    return c as Record<string, unknown>;
  });
}

// ---- hostile cases ----

type Corruption = (c: Record<string, unknown>, model: Model) => unknown;
const LONG = "x".repeat(20_000);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !Object.isFrozen(v);
/** Copy plain objects and arrays (cycles kept as cycles); any other value is shared. */
function clone(v: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (seen.has(v)) return seen.get(v);
  if (Array.isArray(v)) { const a: unknown[] = []; seen.set(v, a); for (const x of v) a.push(clone(x, seen)); return a; }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const o: Record<string, unknown> = {};
  seen.set(v, o);
  for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: clone((v as Record<string, unknown>)[k], seen), enumerable: true, writable: true, configurable: true });
  return o;
}
const setIn = (o: Record<string, unknown>, path: string[], v: unknown): Record<string, unknown> => {
  const copy = clone(o) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== "object" || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  Object.defineProperty(cur, path[path.length - 1], { value: v, enumerable: true, writable: true, configurable: true });
  return copy;
};
/** JSON.parse makes an own property named "__proto__", which object literals cannot. */
const withJsonKey = (o: Record<string, unknown>, where: string, key: string): unknown => {
  const inject = `"${key}":{"polluted":"yes","isAdmin":true}`;
  const addTo = (json: string): string => (json === "{}" ? `{${inject}}` : `{${inject},${json.slice(1)}`);
  try {
    if (where === "top") return JSON.parse(addTo(JSON.stringify(o)));
    const inner = o[where];
    const innerJson = typeof inner === "object" && inner !== null && !Array.isArray(inner) ? JSON.stringify(inner) : "{}";
    return JSON.parse(JSON.stringify({ ...o, [where]: "@@HERE@@" }).replace('"@@HERE@@"', addTo(innerJson)));
  } catch {
    // Not JSON (a cycle, a function, a BigInt from an earlier corruption): define the own key directly.
    return setIn(o, where === "top" ? [key] : [where, key], { polluted: "yes", isAdmin: true });
  }
};

/** Wrong values for a declared fact of each type: none of them is a valid value. */
function badFactValue(f: PlanFact): unknown[] {
  const common = [Number.NaN, Infinity, -Infinity, "", LONG, [], {}, () => 1, Symbol("s"), 10n];
  switch (f.type.kind) {
    case "bool": return [...common, "yes", 1, 0, "true", [true]];
    case "number": return [...common, "101", { value: "101", unit: f.type.unit || "" }, { value: 101, unit: "kelvin" }, { value: Number.NaN, unit: f.type.unit }, { value: 1 }, { value: 1, unit: f.type.unit, extra: 1 }, true];
    case "duration": return [...common, 4, { value: -1, unit: "days" }, { value: 4 }, { value: 4, unit: "fortnights" }, { value: Infinity, unit: "days" }, { value: 1e9, unit: "years" }, "4 weeks"];
    case "date": return [...common, "2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "2026-01-01T00:00:00Z", 20260101, "9999-01-01", "1700-01-01", "2999-12-31"];
    case "enum": return [...common, "not_a_value", 1, [f.type.values[0]], f.type.values[0]?.toUpperCase() + "_X"];
    case "set": return [...common.filter((x) => !Array.isArray(x)), "not_a_value", [1], ["not_a_value"], f.type.values.length ? [f.type.values[0], f.type.values[0]] : ["a", "a"], Array.from({ length: 1001 }, () => "x"), "a,b"];
  }
}

export const corruptions: Record<string, fc.Arbitrary<Corruption>> = {
  nonObject: fc.constantFrom<unknown>(null, undefined, 42, "case", true, [], [{}], new Date(0), new Map(), () => ({}), Symbol("c"), Object.create({ asOf: "2026-01-01" }))
    .map((v) => () => v),
  asOf: fc.constantFrom<unknown>(undefined, null, "2026-02-30", "2026-13-01", "2025-02-29", "26-01-01", "", 20260101, Number.NaN, LONG, "2026-01-01T00:00:00Z", " 2026-01-01", "1799-12-31", "2201-01-01", {}, [])
    .map((v) => (c) => (v === undefined ? (({ asOf: _, ...rest }) => rest)(c) : { ...c, asOf: v })),
  request: fc.constantFrom<unknown>(undefined, null, "72148", [], {}, { cpt: 72148 }, { cpt: "99999" }, { cpt: "7214" }, { cpt: "72148 " }, { cpt: null }, { cpt: LONG }, { cpt: "72148", extra: 1 })
    .map((v) => (c) => (v === undefined ? (({ request: _, ...rest }) => rest)(c) : { ...c, request: v })),
  indication: fc.constantFrom<unknown>("not_an_indication", 3, [], {}, LONG, "BACK_PAIN")
    .map((v) => (c) => setIn(c, ["request", "indication"], v)),
  age: fc.constantFrom<[string, unknown]>(
    ["years", -1], ["years", 151], ["years", 1000], ["years", 1.5], ["years", Number.NaN], ["years", Infinity], ["years", "9"], ["years", -0.5],
    ["months", -1], ["months", 1801], ["months", 2.5], ["months", Number.NaN], ["days", -3], ["days", 150 * 366 + 1], ["days", 0.5], ["days", Infinity], ["none", 0],
  ).map(([k, v]) => (c: Record<string, unknown>) => ({ ...c, patient: { age: k === "none" ? {} : { [k]: v } } })),
  patient: fc.constantFrom<unknown>("2017-03-02", 9, [], { birthDate: "2026-02-30" }, { birthDate: "2999-01-01" }, { birthDate: "1800-01-01" }, { birthDate: 20170302 }, { birthDate: "2017-03-02", age: { years: 1 } }, { name: "x" }, { age: "9 years" }, { age: { years: 9, months: 12 } }, { age: { years: 9, weeks: 2 } })
    .map((v) => (c) => ({ ...c, patient: v })),
  unknownFact: fc.constantFrom("not_a_declared_fact", "age", "indication", "cpt", "birthDate", "Xray_done", "hasOwnProperty", "toString", LONG.slice(0, 11_000))
    .map((k) => (c) => setIn(c, ["facts", k], true)),
  badFact: fc.nat().chain((i) => fc.nat().map((j) => (c: Record<string, unknown>, m: Model) => {
    const facts = m.plan.facts;
    if (!facts.length) return { ...c, facts: "none" };
    const f = facts[i % facts.length];
    const bad = badFactValue(f);
    return setIn(c, ["facts", f.name], bad[j % bad.length]);
  })),
  facts: fc.constantFrom<unknown>("xray_done", [], [["a", true]], 1, true).map((v) => (c) => ({ ...c, facts: v })),
  extraKey: fc.constantFrom("extra", "Facts", "asof", "id", "").map((k) => (c) => ({ ...c, [k]: { anything: 1 } })),
  protoKey: fc.tuple(fc.constantFrom("__proto__", "constructor", "prototype"), fc.constantFrom("top", "request", "facts", "patient")).map(([k, w]) => (c) => withJsonKey(c, w, k)),
  deep: fc.integer({ min: 40, max: 2000 }).map((n) => (c) => {
    let v: unknown = true;
    for (let i = 0; i < n; i++) v = { v };
    return setIn(c, ["facts", "not_a_declared_fact"], v);
  }),
  cycle: fc.constant((c: Record<string, unknown>) => { const copy = clone(c) as Record<string, unknown>; const f: Record<string, unknown> = isObj(copy.facts) ? copy.facts : {}; f.self = f; copy.facts = f; return copy; }),
  hugeArray: fc.integer({ min: 1001, max: 20_000 }).map((n) => (c, m) => {
    const set = m.plan.facts.find((f) => f.type.kind === "set");
    return setIn(c, ["facts", set?.name ?? "not_a_declared_fact"], Array.from({ length: n }, (_, i) => (set && set.type.kind === "set" ? set.type.values[i % Math.max(1, set.type.values.length)] : i)));
  }),
  hugeString: fc.constantFrom("asOf", "cpt", "indication", "fact").map((where) => (c, m) => {
    const s = "2".repeat(1_000_000);
    if (where === "asOf") return { ...c, asOf: s };
    if (where === "cpt" || where === "indication") return setIn(c, ["request", where], s);
    const e = m.plan.facts.find((f) => f.type.kind === "enum");
    return setIn(c, ["facts", e?.name ?? "not_a_declared_fact"], s);
  }),
};

/** A hostile case: a generated case with one to three corruptions, each of which alone makes it invalid. */
export function hostileArb(model: Model): fc.Arbitrary<{ input: unknown; applied: string[] }> {
  const names = Object.keys(corruptions);
  return fc.tuple(caseArb(model), fc.array(fc.constantFrom(...names).chain((n) => corruptions[n].map((f) => [n, f] as const)), { minLength: 1, maxLength: 3 }))
    .map(([c, cs]) => {
      let v: unknown = c;
      const applied: string[] = [];
      for (const [n, f] of cs) {
        if (typeof v !== "object" || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) break;
        v = f(v as Record<string, unknown>, model);
        applied.push(n);
      }
      return { input: v, applied };
    });
}
