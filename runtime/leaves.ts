// The leaf tests of a condition (a fact against a threshold, a date window, an enumeration, the requested
// study), each returning 0 false / 1 true / 2 unknown. Compiled modules and the interpreter both call these.
import type { Env } from "./decide.ts";
import type { Plan, PlanFact, PlanStudy, StudyPattern } from "./plan.ts";
import type { Span } from "./span.ts";
import { compareSpan3 } from "./span.ts";
import { compareAge } from "./age.ts";
import { addSpan, dayNumber, type Ymd } from "./dates.ts";
import { compareNumbers } from "./quantity.ts";

export type T3 = 0 | 1 | 2;
export const F = 0 as const, T = 1 as const, U = 2 as const;
export type Op = ">=" | ">" | "<=" | "<" | "=" | "!=";

const b3 = (x: boolean | undefined): T3 => (x === undefined ? U : x ? T : F);

/** A yes/no fact. */
export function factBool(e: Env, name: string): T3 {
  const v = e.c.facts.get(name);
  return v === undefined ? U : v === true ? T : F;
}

/** A number fact (already in its declared unit) against a threshold in the same unit. */
export function factNumber(e: Env, name: string, op: Op, value: number): T3 {
  const v = e.c.facts.get(name);
  return typeof v === "number" ? (compareNumbers(v, op, value) ? T : F) : U;
}

/** The patient's age against a calendar span. */
export function ageCompare(e: Env, op: Op, t: Span): T3 {
  return e.c.age === undefined ? U : b3(compareAge(e.c.age, op, t));
}

/** A duration fact against a span. */
export function durationCompare(e: Env, name: string, op: Op, t: Span): T3 {
  const v = e.c.facts.get(name) as Span | undefined;
  if (v === undefined || typeof v !== "object" || !("months" in v)) return U;
  return b3(compareSpan3(v, op, t));
}

/** A date fact no later than asOf and no earlier than asOf minus the span (both ends inclusive). */
export function dateWithin(e: Env, name: string, t: Span): T3 {
  const v = e.c.facts.get(name) as Ymd | undefined;
  if (v === undefined || typeof v !== "object" || !("y" in v)) return U;
  const d = dayNumber(v), now = dayNumber(e.c.asOf), from = dayNumber(addSpan(e.c.asOf, t, -1));
  return d <= now && d >= from ? T : F;
}

/** A one-of fact (or the request's indication) is one of the values. */
export function factIs(e: Env, name: string, values: readonly string[], negated: boolean): T3 {
  const v = name === "indication" ? e.c.indication : (e.c.facts.get(name) as string | undefined);
  if (typeof v !== "string") return U;
  return values.includes(v) !== negated ? T : F;
}

/** A set-of fact contains any (or all) of the values. */
export function factHas(e: Env, name: string, values: readonly string[], mode: "any" | "all"): T3 {
  const v = e.c.facts.get(name);
  if (!Array.isArray(v)) return U;
  return (mode === "any" ? values.some((x) => v.includes(x)) : values.every((x) => v.includes(x))) ? T : F;
}

/**
 * What a study pattern says of a study without a case: whether it fits, or, when that depends on the case, the
 * name of the region fact it depends on. The one definition of a pattern's fit: the runtime, the analyses' search
 * and guide diff each add only how they read that region fact.
 */
export function studyFit(p: StudyPattern, s: Pick<PlanStudy, "cpt" | "modality" | "contrast" | "region">): boolean | string {
  if (p.kind === "any") return true;
  if (p.kind === "cpt") return s.cpt === p.cpt;
  if (s.modality !== p.modality) return false;
  if (p.contrast.length && (s.contrast === undefined || !p.contrast.includes(s.contrast))) return false;
  if (p.region.kind === "any") return true;
  if (p.region.kind === "word") return s.region === p.region.word;
  return p.region.fact;
}

/** Does the requested study (env.study) fit a pattern? Unknown only when the region is an unanswered fact. */
export function studyMatches(e: Env, p: StudyPattern): T3 {
  const s = e.study;
  if (!s) return F;
  const fit = studyFit(p, s);
  if (typeof fit === "boolean") return fit ? T : F;
  const v = e.c.facts.get(fit);
  if (v === undefined) return regionCanBe(e, fit, s.region) ? U : F;
  return (Array.isArray(v) ? v.includes(s.region) : v === s.region) ? T : F;
}

/** The first declaration of each fact name, per plan. */
const factsByName = new WeakMap<Plan, Map<string, PlanFact>>();

/** Whether a region fact could name this region at all (a brain study never fits a spinal-region fact). */
function regionCanBe(e: Env, fact: string, region: string): boolean {
  let byName = factsByName.get(e.plan);
  if (!byName) {
    byName = new Map();
    for (const x of e.plan.facts) if (!byName.has(x.name)) byName.set(x.name, x);
    factsByName.set(e.plan, byName);
  }
  const f = byName.get(fact);
  return !f || (f.type.kind !== "enum" && f.type.kind !== "set") || f.type.values.includes(region);
}

/** The request is for a study of this pattern (the `requested is …` condition). */
export const requestedIs = studyMatches;
