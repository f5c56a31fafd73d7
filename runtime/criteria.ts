// The condition values of one decided case -> the criteria a reason rests on, in the guideline's words:
// each item's own quote (or, for a leaf without one, its question and threshold), met / not met / not
// documented, with the case's answer. Identifiers stay in `facts`; `text` and `answer` are for people.
import type { Plan, PlanFact } from "./plan.ts";
import type { ValidCase } from "./validate.ts";
import type { Span } from "./span.ts";
import type { Ymd } from "./dates.ts";
import { formatSpan } from "./span.ts";
import { formatIsoDate } from "./dates.ts";
import { describeAge } from "./age.ts";

export type CriterionStatus = "met" | "not met" | "not documented";
export interface Criterion {
  /** The criterion as the guideline states it: the item's quote, or the question and threshold it tests. */
  text: string;
  /** Whether `text` is a quote of the guideline (shown in quotation marks). */
  quoted: boolean;
  status: CriterionStatus;
  /** The rule needs this criterion not met (it sits under `not` / `none of`: an exclusion). */
  excluded?: boolean;
  /** What the case answered, in words ("yes", "101 °F", "3 weeks"). */
  answer?: string;
  /** The line of the source text the quote was found on. */
  source?: { line: number };
  /** The facts this criterion reads (identifiers, for programs). */
  facts: string[];
  /** The condition node (see the trace). */
  node: number;
  /** The quoted items inside this criterion that decided it. */
  within?: Criterion[];
}

const T = 1, F = 0, U = 2;
const STATUS: Record<number, CriterionStatus> = { [T]: "met", [F]: "not met", [U]: "not documented" };
/** A reason never lists more than this many criteria (a denial of a long list names them all below that). */
const MAX = 40;

/** Why node `id` has the value it has for this case, as criteria (empty when it was not evaluated). */
export function criteriaOf(plan: Plan, c: ValidCase, v: Int8Array, id: number | undefined): Criterion[] {
  if (id === undefined) return [];
  const out: Criterion[] = [];
  explain(plan, c, v, id, false, out, 0);
  return out;
}

function explain(plan: Plan, c: ValidCase, v: Int8Array, id: number, excluded: boolean, out: Criterion[], depth: number): void {
  const val = v[id];
  if (val < 0 || out.length >= MAX || depth > 60) return;
  const n = plan.nodes[id];
  if (n.cite || n.says !== undefined) { out.push(criterion(plan, c, v, id, excluded, depth)); return; }
  if (n.not) { explain(plan, c, v, n.kids[0], !excluded, out, depth + 1); return; }
  // and / or / at least / a definition: the parts with the same value are the ones that decided it.
  for (const k of n.kids) if (v[k] === val) explain(plan, c, v, k, excluded, out, depth + 1);
}

function criterion(plan: Plan, c: ValidCase, v: Int8Array, id: number, excluded: boolean, depth: number): Criterion {
  const n = plan.nodes[id];
  const facts = factsUnder(plan, v, id);
  const cr: Criterion = { text: n.cite ? n.cite.text : n.says!, quoted: n.cite !== undefined, status: STATUS[v[id]], facts, node: id };
  if (excluded) cr.excluded = true;
  if (n.cite) cr.source = { line: n.cite.line };
  const within: Criterion[] = [];
  if (n.cite && hasCitedBelow(plan, id, 0)) {
    if (n.not) explain(plan, c, v, n.kids[0], true, within, depth + 1);
    else for (const k of n.kids) if (v[k] === v[id]) explain(plan, c, v, k, false, within, depth + 1);
  }
  if (within.length) cr.within = within;
  else {
    const answer = answersOf(plan, c, facts);
    if (answer) cr.answer = answer;
  }
  return cr;
}

function hasCitedBelow(plan: Plan, id: number, depth: number): boolean {
  if (depth > 60) return false;
  for (const k of plan.nodes[id].kids) if (plan.nodes[k].cite || hasCitedBelow(plan, k, depth + 1)) return true;
  return false;
}

/** The facts of the evaluated leaves under a node, in the order met. */
function factsUnder(plan: Plan, v: Int8Array, id: number): string[] {
  const out: string[] = [];
  const walk = (k: number, depth: number): void => {
    if (v[k] < 0 || depth > 60 || out.length > 8) return;
    for (const f of plan.nodes[k].facts) if (!out.includes(f)) out.push(f);
    for (const j of plan.nodes[k].kids) walk(j, depth + 1);
  };
  walk(id, 0);
  return out;
}

function answersOf(plan: Plan, c: ValidCase, facts: string[]): string | undefined {
  const given = facts.map((f) => ({ f, a: answerOf(plan, c, f) })).filter((x): x is { f: string; a: string } => x.a !== undefined);
  if (given.length === 0) return undefined;
  if (facts.length === 1) return given[0].a;
  return given.map((x) => `${questionOf(plan, x.f)} ${x.a}`).join("; ");
}

function questionOf(plan: Plan, f: string): string {
  if (f === "age") return "Age:";
  if (f === "indication") return "Indication:";
  return plan.facts.find((x) => x.name === f)?.question ?? f;
}

/** The case's answer for one fact, in words; undefined when the case does not give it. */
export function answerOf(plan: Plan, c: ValidCase, f: string): string | undefined {
  if (f === "age") return c.age ? describeAge(c.age) : undefined;
  if (f === "indication") {
    if (c.indication === undefined) return undefined;
    return plan.indications.find((i) => i.name === c.indication)?.label ?? words(c.indication);
  }
  const value = c.facts.get(f);
  if (value === undefined) return undefined;
  const fact = plan.facts.find((x) => x.name === f);
  if (!fact) return undefined;
  // A value the case did not give says where it came from: "no, not documented", "no, from temperature 98.6 °F".
  const how = c.derived?.get(f);
  if (how?.how === "not documented") return `${valueWords(fact, value)}, not documented`;
  if (how?.how === "answered by") {
    const from = how.facts.map((g) => { const v = c.facts.get(g), gf = plan.facts.find((x) => x.name === g); return v !== undefined && gf && !c.derived?.has(g) ? `${words(g)} ${valueWords(gf, v)}` : undefined; }).filter((x) => x !== undefined);
    return from.length ? `${valueWords(fact, value)}, from ${from.join(" and ")}` : valueWords(fact, value);
  }
  return valueWords(fact, value);
}

/** "3 weeks" for 21 days (durations are usually given in weeks), else the runtime's plain words. */
const durationWords = (s: Span): string => (s.months === 0 && s.days > 0 && s.days % 7 === 0 ? `${s.days / 7} ${s.days === 7 ? "week" : "weeks"}` : formatSpan(s));
const words = (name: string): string => name.replace(/_/g, " ");
const label = (fact: PlanFact, v: string): string => fact.labels?.[v] ?? words(v);

function valueWords(fact: PlanFact, value: unknown): string {
  switch (fact.type.kind) {
    case "bool": return value ? "yes" : "no";
    case "number": return fact.type.unit ? `${value} ${fact.type.unit}` : String(value);
    case "duration": return durationWords(value as Span);
    case "date": return formatIsoDate(value as Ymd);
    case "enum": return label(fact, value as string);
    case "set": {
      const xs = value as readonly string[];
      return xs.length ? xs.map((x) => label(fact, x)).join(", ") : "none";
    }
  }
}

/** Criteria in one line of plain text: `“quote”: met (yes); Question? (at least 4 weeks): not met (3 weeks)`. */
export function criteriaText(cs: readonly Criterion[], nested = true): string {
  return cs.map((c) => criterionText(c, nested)).join("; ");
}
/** Whether a criterion went against its rule: not met (or, for an exclusion, met). */
export const failed = (c: Criterion): boolean => (c.excluded ? c.status !== "not met" : c.status !== "met");
function criterionText(c: Criterion, nested: boolean): string {
  // An excluded criterion reads "unless …": the rule holds when it is not met.
  const head = `${c.excluded ? "unless " : ""}${c.quoted ? `“${c.text.replace(/[:\s]+$/, "")}”` : c.text}: ${c.status}`;
  if (c.within?.length) return nested ? `${head} (${criteriaText(c.within)})` : head;
  return c.answer !== undefined ? `${head} (answer: ${c.answer})` : head;
}
