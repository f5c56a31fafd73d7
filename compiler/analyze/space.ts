// Checked model -> the finite case space the analyses search: one variable per fact (a set-of fact is one
// yes/no variable per value that matters), plus age, indication and the requested study, each with one
// representative value per interval between and at the thresholds the guideline compares it with.
import type { Model } from "../model.ts";
import type { FactSample, RelativeDay, StudyPattern } from "../../runtime/plan.ts";
import type { FactCond } from "../../runtime/derive.ts";
import type { Span } from "../../runtime/span.ts";
import { validateCase, type ValidCase } from "../../runtime/validate.ts";
import { addDays, addSpan, dayNumber, formatIsoDate, fromDayNumber, spanDayNumber, type Ymd } from "../../runtime/dates.ts";
import { exactAge } from "../../runtime/age.ts";
import { compareSpan3, formatSpan, spanOf, type SpanUnit } from "../../runtime/span.ts";
import { compareNumbers } from "../../runtime/quantity.ts";
import type { Op } from "../../runtime/leaves.ts";

export const AS_OF = "2026-01-01";
const asOf: Ymd = { y: 2026, m: 1, d: 1 };
const OLDEST_YEARS = 120;

export type VarKind = "indication" | "cpt" | "age" | "bool" | "num" | "dur" | "date" | "enum" | "member";
export interface Val {
  label: string;
  /** The value as a Case JSON fragment (for age: a birth date; for member: in the set or not). */
  json: unknown;
  /** A validated case holding only this value, for the runtime's own leaf tests. */
  valid?: ValidCase;
  /** Where the value sits on its line (age in days, number, …), for describing ranges. */
  pos?: number;
  /** The interval this value stands for: its two ends in words (ages and numbers). */
  lo?: string;
  hi?: string;
}
export interface Var { key: string; kind: VarKind; fact?: string; member?: string; values: Val[] }
export interface Space { vars: Var[]; index: Map<string, number>; dropped: string[] }

export interface CaseJson {
  asOf: string;
  patient?: { birthDate: string };
  request: { cpt: string; indication?: string };
  facts: Record<string, unknown>;
}

export function buildSpace(model: Model): Space {
  const { plan } = model;
  const spec = { facts: plan.facts.map((f) => ({ name: f.name, type: f.type })), indications: plan.indications.map((i) => i.name), cpts: plan.studies.map((s) => s.cpt) };
  const defaultCpt = plan.studies[0]?.cpt ?? "00000";
  const dropped: string[] = [];
  const validate = (c: CaseJson): ValidCase | undefined => {
    const r = validateCase(c, spec);
    return r.ok ? r.value : undefined;
  };
  const base = (): CaseJson => ({ asOf: AS_OF, request: { cpt: defaultCpt }, facts: {} });

  const { nums, durs, dates, ages, members, regionFacts, studyRegions } = thresholdsOf(model);

  const vars: Var[] = [];
  const add = (v: Var) => { v.values = v.values.filter((x) => x.valid !== undefined || x.json === undefined); if (v.values.length) vars.push(v); };

  vars.push({ key: "indication", kind: "indication", values: plan.indications.map((i) => ({ label: i.name, json: i.name })) });
  vars.push({ key: "cpt", kind: "cpt", values: plan.studies.map((s) => ({ label: s.cpt, json: s.cpt })) });
  if (ages.length) {
    const values = ageCells(ages).map((cell): Val => {
      const birth = fromDayNumber(cell.rep), iso = formatIsoDate(birth);
      const c = base(); c.patient = { birthDate: iso };
      return { label: describeAge(birth), json: iso, valid: validate(c), pos: dayNumber(asOf) - cell.rep,
        lo: describeAge(fromDayNumber(cell.last)), hi: describeAge(fromDayNumber(cell.first)) };
    }).reverse();
    add({ key: "age", kind: "age", values });
  }
  for (const f of plan.facts) {
    const one = (json: unknown, label: string, pos?: number, lo?: string, hi?: string): Val => {
      const c = base(); c.facts[f.name] = json;
      const valid = validate(c);
      if (!valid) dropped.push(`${f.name}=${label}`);
      return { label, json, valid, pos, lo, hi };
    };
    switch (f.type.kind) {
      case "bool": add({ key: f.name, kind: "bool", fact: f.name, values: [one(false, "no"), one(true, "yes")] }); break;
      case "number": {
        const unit = f.type.unit;
        const ts = [...new Set(nums.get(f.name) ?? [])].sort((a, b) => a - b);
        if (!ts.length) break;
        add({ key: f.name, kind: "num", fact: f.name, values: numberCells(ts, unit).map((c) => one(c.x, `${c.x}${unit ? " " + unit : ""}`, c.x, c.lo, c.hi)) });
        break;
      }
      case "duration": {
        const ts = durs.get(f.name) ?? [];
        if (!ts.length) break;
        add({ key: f.name, kind: "dur", fact: f.name, values: durationPoints(ts).map(([v, u, pos]) => one({ value: v, unit: u }, `${v} ${u}`, pos)) });
        break;
      }
      case "date": {
        const ts = dates.get(f.name) ?? [];
        if (!ts.length) break;
        add({ key: f.name, kind: "date", fact: f.name, values: datePoints(ts).map((d) => one(formatIsoDate(fromDayNumber(d)), `${dayNumber(asOf) - d} days before ${AS_OF}`, dayNumber(asOf) - d)) });
        break;
      }
      case "enum": add({ key: f.name, kind: "enum", fact: f.name, values: f.type.values.map((v) => one(v, v)) }); break;
      case "set": {
        const wanted = new Set(members.get(f.name) ?? []);
        if (regionFacts.has(f.name)) for (const v of f.type.values) if (studyRegions.has(v)) wanted.add(v);
        for (const m of f.type.values.filter((v) => wanted.has(v))) {
          const c = base(); c.facts[f.name] = [m];
          const valid = validate(c);
          vars.push({ key: `${f.name}∋${m}`, kind: "member", fact: f.name, member: m, values: [{ label: `not ${m}`, json: false, valid }, { label: m, json: true, valid }] });
        }
        break;
      }
    }
  }
  return { vars, index: new Map(vars.map((v, i) => [v.key, i])), dropped };
}

/** The thresholds the guideline compares each fact with, the set values it tests, and the facts that name a study's region. */
interface Thresholds {
  nums: Map<string, number[]>; durs: Map<string, Span[]>; dates: Map<string, Span[]>; ages: Span[];
  members: Map<string, Set<string>>; regionFacts: Set<string>; studyRegions: Set<string>;
}
function thresholdsOf(model: Model): Thresholds {
  const { plan, ops } = model;
  const nums = new Map<string, number[]>(), durs = new Map<string, Span[]>(), dates = new Map<string, Span[]>();
  const ages: Span[] = [];
  const members = new Map<string, Set<string>>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => { const a = m.get(k) ?? []; a.push(v); m.set(k, a); };
  const regionFacts = new Set<string>();
  const notePatterns = (ps: StudyPattern[] | undefined) => { for (const p of ps ?? []) if (p.kind === "pattern" && p.region.kind === "fact") regionFacts.add(p.region.fact); };
  for (const op of ops) {
    if (op.op === "num") push(nums, op.fact, op.value);
    else if (op.op === "dur") push(durs, op.fact, op.span);
    else if (op.op === "within") push(dates, op.fact, op.span);
    else if (op.op === "age") ages.push(op.span);
    else if (op.op === "has") for (const v of op.values) { const s = members.get(op.fact) ?? new Set(); s.add(v); members.set(op.fact, s); }
    else if (op.op === "req") notePatterns([op.pattern]);
  }
  for (const s of plan.sections) { for (const r of s.rules) notePatterns(r.studies); for (const q of s.requires) notePatterns(q.studies); }
  const studyRegions = new Set(plan.studies.map((s) => s.region));
  return { nums, durs, dates, ages, members, regionFacts, studyRegions };
}

/**
 * The answers a pend tries when it looks for the fewest facts to ask (runtime/fewest.ts), written into the plan:
 * each number, duration, date and set-of fact's `samples` and the plan's `ageSamples`, one on each side of every
 * threshold, from the same cells as the case space (numbers and durations as buildSpace gives them, the values a
 * case could give within the fact's bounds; thresholds of `yes when` / `no when` clauses included). Dates and
 * birth dates are relative to the case's asOf, which only the case knows.
 */
export function addSamples(model: Model): void {
  const { plan } = model;
  const t = thresholdsOf(model);
  // Every comparison of a number or duration fact, the facts' own `yes when` / `no when` clauses included (an
  // answer there derives another fact): two samples that every comparison answers alike are one answer.
  const nums = new Map<string, { cmp: Op; value: number }[]>(), durs = new Map<string, { cmp: Op; span: Span }[]>();
  const put = <V>(m: Map<string, V[]>, k: string, v: V) => { const a = m.get(k) ?? []; a.push(v); m.set(k, a); };
  for (const op of model.ops) {
    if (op.op === "num") put(nums, op.fact, { cmp: op.cmp, value: op.value });
    else if (op.op === "dur") put(durs, op.fact, { cmp: op.cmp, span: op.span });
  }
  const clause = (c: FactCond): void => {
    if (c.k === "num") { put(t.nums, c.fact, c.value); put(nums, c.fact, { cmp: c.cmp, value: c.value }); }
    else if (c.k === "dur") { put(t.durs, c.fact, c.span); put(durs, c.fact, { cmp: c.cmp, span: c.span }); }
    else if (c.k === "within") put(t.dates, c.fact, c.span);
    else if (c.k === "not") clause(c.x);
    else if (c.k === "and" || c.k === "or") c.xs.forEach(clause);
  };
  for (const f of plan.facts) for (const i of f.implied ?? []) clause(i.when);
  // Each comparison once; past a million comparisons of samples the samples are kept as they are (still correct, only more).
  const once = <V>(xs: V[]): V[] => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()];
  for (const [k, xs] of nums) nums.set(k, once(xs));
  for (const [k, xs] of durs) durs.set(k, once(xs));
  const distinct = <V>(xs: V[], cmps: number, key: (x: V) => string): V[] => {
    if (xs.length * cmps > 1e6) return xs;
    const seen = new Set<string>();
    return xs.filter((x) => { const k = key(x); if (seen.has(k)) return false; seen.add(k); return true; });
  };
  const spec = { facts: plan.facts.map((f) => ({ name: f.name, type: f.type })), indications: plan.indications.map((i) => i.name), cpts: plan.studies.map((s) => s.cpt) };
  const cpt = plan.studies[0]?.cpt ?? "00000";
  const valid = (name: string, json: unknown): boolean => validateCase({ asOf: AS_OF, request: { cpt }, facts: { [name]: json } }, spec).ok;
  const rel = (ago: Span, days: number): RelativeDay => (days ? { ago, days } : { ago });
  const relatives = (spans: Span[], sides: (s: Span) => number[]): RelativeDay[] => {
    const out = new Map<string, RelativeDay>([["0,0,0", rel({ months: 0, days: 0 }, 0)]]);
    const sorted = [...spans].sort((a, b) => a.months * 30.44 + a.days - (b.months * 30.44 + b.days));
    for (const s of sorted) for (const d of sides(s)) out.set(`${s.months},${s.days},${d}`, rel({ months: s.months, days: s.days }, d));
    return [...out.values()];
  };
  for (const f of plan.facts) {
    let samples: FactSample[] | undefined;
    switch (f.type.kind) {
      case "number": {
        const ts = [...new Set(t.nums.get(f.name) ?? [])].sort((a, b) => a - b);
        const cmps = nums.get(f.name) ?? [];
        if (ts.length) samples = distinct(numberCells(ts, f.type.unit).map((c) => c.x).filter((x) => valid(f.name, x)), cmps.length, (x) => cmps.map((c) => (compareNumbers(x, c.cmp, c.value) ? 1 : 0)).join(""));
        break;
      }
      case "duration": {
        const ts = t.durs.get(f.name) ?? [];
        const cmps = durs.get(f.name) ?? [];
        if (ts.length) samples = distinct(durationPoints(ts).map(([value, unit]) => ({ value, unit })).filter((x) => valid(f.name, x)), cmps.length, (x) => cmps.map((c) => String(compareSpan3(spanOf(x.value, x.unit as SpanUnit), c.cmp, c.span))).join());
        break;
      }
      // asOf (in every window), and the day before each window (in the longer ones only).
      case "date": { const ts = t.dates.get(f.name) ?? []; if (ts.length) samples = relatives(ts, () => [1]); break; }
      case "set": {
        const wanted = new Set(t.members.get(f.name) ?? []);
        if (t.regionFacts.has(f.name)) for (const v of f.type.values) if (t.studyRegions.has(v)) wanted.add(v);
        samples = [[], ...f.type.values.filter((v) => wanted.has(v)).map((v) => [v])];
        break;
      }
    }
    if (samples) f.samples = samples;
  }
  // A newborn, and for each age compared with: the last birth date reaching it (at least that age, younger than the
  // next), and a day older and a day younger where the age is also compared with >, <=, = or !=.
  const exact = new Set<string>();
  for (const op of model.ops) if (op.op === "age" && op.cmp !== "<" && op.cmp !== ">=") exact.add(`${op.span.months},${op.span.days}`);
  if (t.ages.length) plan.ageSamples = relatives(t.ages, (s) => (exact.has(`${s.months},${s.days}`) ? [1, 0, -1] : [0]));
}

/** At most this many one-day steps from the calendar estimate of a boundary (it is off by a few days at most). */
const STEPS = 64;

/** Intervals of birth days on which every `age OP span` test is constant, oldest first, each with its
 *  first and last birth day and a representative (its middle). Exact: the tests change value only at the
 *  starts collected here, found with the runtime's own calendar arithmetic. */
function ageCells(spans: Span[]): { first: number; last: number; rep: number }[] {
  const a = dayNumber(asOf);
  const oldest = dayNumber(addSpan(asOf, { months: OLDEST_YEARS * 12, days: 0 }, -1));
  const starts = new Set<number>([oldest]);
  const reach = (b: number, t: Span) => spanDayNumber(fromDayNumber(b), t);
  for (const t of spans) {
    // cut: the last birth day with birth + t <= asOf (so `age >= t`); eq: the first with birth + t = asOf.
    // The calendar estimate is within a few days (month-end clamping), so each walk is bounded by STEPS;
    // the checker refuses thresholds beyond a case's ages, and the bound keeps any other span from looping.
    let cut = dayNumber(addSpan(asOf, t, -1));
    for (let i = 0; i < STEPS && reach(cut + 1, t) <= a; i++) cut++;
    for (let i = 0; i < STEPS && cut > oldest && reach(cut, t) > a; i++) cut--;
    if (cut + 1 <= a) starts.add(cut + 1);
    if (reach(cut, t) === a) {
      let eq = cut;
      for (let i = 0; i < STEPS && eq > oldest && reach(eq - 1, t) === a; i++) eq--;
      if (eq > oldest) starts.add(eq);
    }
  }
  const sorted = [...starts].sort((x, y) => x - y);
  return sorted.map((first, i) => {
    const last = i + 1 < sorted.length ? sorted[i + 1] - 1 : a;
    return { first, last, rep: Math.floor((first + last) / 2) };
  });
}

/** Number cells: below the least threshold, each threshold, between neighbours, above the greatest. */
function numberCells(ts: number[], unit: string): { x: number; lo: string; hi: string }[] {
  const u = unit ? ` ${unit}` : "";
  const out: { x: number; lo: string; hi: string }[] = [];
  const below = ts[0] > 1 ? ts[0] - 1 : ts[0] > 0 ? ts[0] / 2 : ts[0] - 1;
  out.push({ x: round(below), lo: "any value", hi: `less than ${ts[0]}${u}` });
  ts.forEach((t, i) => {
    out.push({ x: t, lo: `${t}${u}`, hi: `${t}${u}` });
    const next = ts[i + 1];
    out.push(next !== undefined ? { x: round((t + next) / 2), lo: `more than ${t}${u}`, hi: `less than ${next}${u}` } : { x: t + 1, lo: `more than ${t}${u}`, hi: "any greater value" });
  });
  return out;
}
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Durations: 0, each threshold, and values just past each side of it (a day for day-based thresholds;
 *  for months, past the shortest and longest a month can be), and the middle between neighbours. */
function durationPoints(ts: Span[]): [number, string, number][] {
  const pts = new Map<string, [number, string, number]>();
  const put = (v: number, u: "days" | "months") => { if (v >= 0) pts.set(`${v} ${u}`, [v, u, u === "days" ? v : v * 30.44]); };
  put(0, "days");
  const approx: number[] = [];
  for (const t of ts) {
    if (t.months === 0) { put(t.days, "days"); put(t.days - 1, "days"); put(t.days + 1, "days"); approx.push(t.days); }
    else if (t.days === 0) { put(t.months, "months"); put(Math.floor(t.months * 28) - 1, "days"); put(Math.ceil(t.months * 31) + 1, "days"); approx.push(t.months * 30.44); }
    else { put(Math.floor(t.months * 28 + t.days) - 1, "days"); put(Math.ceil(t.months * 31 + t.days) + 1, "days"); approx.push(t.months * 30.44 + t.days); }
  }
  approx.sort((a, b) => a - b);
  for (let i = 0; i + 1 < approx.length; i++) put(Math.round((approx[i] + approx[i + 1]) / 2), "days");
  put(Math.ceil(approx[approx.length - 1] * 2) + 30, "days");
  return [...pts.values()].sort((a, b) => a[2] - b[2]);
}

/** Dates: asOf, and for each `within` span its first day and the day before it. */
function datePoints(ts: Span[]): number[] {
  const a = dayNumber(asOf);
  const s = new Set<number>([a]);
  for (const t of ts) { const from = dayNumber(addSpan(asOf, t, -1)); s.add(from); s.add(from - 1); }
  return [...s].sort((x, y) => y - x);
}

export function describeAge(birth: Ymd): string {
  const s = exactAge(birth, asOf);
  return formatSpan(s) || "0 days";
}

export const birthOfAge = (days: number): string => formatIsoDate(addDays(asOf, -days));
