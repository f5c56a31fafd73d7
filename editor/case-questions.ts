// Which questions the "try a case" form asks first, and how it words a "not documented" answer. Plain data in
// (the plan, the facts that can matter for each indication), plain data out; no DOM, so it is unit-tested in Node.
//
// The facts that can matter for an indication are the ones the Case schema's root `allOf` lists
// (compiler/emit/schema.ts factsByIndication, from the same checked model); the "read as …" wording is the
// schema's title of a fact's "not documented" choice.
import type { Model } from "../compiler/model.ts";
import { factsByIndication, humanize } from "../compiler/emit/schema.ts";
import { NOT_DOCUMENTED } from "../runtime/derive.ts";
import type { Plan, PlanFact } from "../runtime/plan.ts";

export { NOT_DOCUMENTED };

/** The group a fact without one is shown under (as the form always has). */
export const DEFAULT_GROUP = "Other facts";

/** What the guideline reads a "not documented" answer as: "no", "yes", a value's label, or "unknown". */
export function notDocumentedReading(f: Pick<PlanFact, "notDocumented" | "labels">): string {
  const v = f.notDocumented;
  if (v === undefined) return "unknown";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return f.labels?.[v] ?? humanize(v);
}

/** The label of a fact's "not documented" choice: the schema's title for it. */
export const notDocumentedTitle = (f: Pick<PlanFact, "notDocumented" | "labels">): string =>
  `Not documented in the record (read as ${notDocumentedReading(f)})`;

/** The `yes when` / `no when` clauses of a fact, in words, for a hint beside its input (undefined when none). */
export function impliedHint(f: Pick<PlanFact, "implied">): string | undefined {
  if (!f.implied?.length) return undefined;
  return `also answered from other facts: ${f.implied.map((i) => `${i.value ? "yes" : "no"} when ${i.text}`).join("; ")} (a case where the two disagree is refused)`;
}

export interface QuestionGroup { group: string; facts: string[] }
export interface QuestionLayout {
  /** The indication the questions are picked for; undefined: none chosen (or one the guideline does not list), all are asked. */
  indication?: string;
  /** The questions to show, by group, in the order the guideline declares them. */
  asked: QuestionGroup[];
  /** The rest, by group, to fold away (empty when no indication is chosen). */
  other: QuestionGroup[];
}

/** Facts by their group, groups in order of their first fact. */
export function groupFacts(facts: readonly Pick<PlanFact, "name" | "group">[]): QuestionGroup[] {
  const groups = new Map<string, string[]>();
  for (const f of facts) {
    const g = f.group ?? DEFAULT_GROUP;
    const list = groups.get(g);
    if (list) list.push(f.name); else groups.set(g, [f.name]);
  }
  return [...groups].map(([group, names]) => ({ group, facts: names }));
}

/**
 * The questions for a case: with an indication the guideline lists, the facts that can matter for it first and
 * the others folded; with none, every fact as declared.
 */
export function layoutQuestions(plan: Pick<Plan, "facts">, applicable: ReadonlyMap<string, readonly string[]> | undefined, indication: unknown): QuestionLayout {
  const relevant = typeof indication === "string" ? applicable?.get(indication) : undefined;
  if (!relevant) return { asked: groupFacts(plan.facts), other: [] };
  const matters = new Set(relevant);
  return {
    indication: indication as string,
    asked: groupFacts(plan.facts.filter((f) => matters.has(f.name))),
    other: groupFacts(plan.facts.filter((f) => !matters.has(f.name))),
  };
}

/** The facts a rule's study pattern reads (`approve MRI without contrast of affected_region`). */
export function regionFacts(plan: Pick<Plan, "sections">): Set<string> {
  const out = new Set<string>();
  for (const s of plan.sections) for (const r of [...s.rules, ...s.requires]) for (const p of r.studies ?? []) if (p.kind === "pattern" && p.region.kind === "fact") out.add(p.region.fact);
  return out;
}

/**
 * For each indication, the facts that can matter: the schema's `allOf` lists (factsByIndication), plus the facts
 * a study pattern reads (`of affected_region`), which a pend asks for but those lists leave out. Empty when the
 * guideline lists no indications.
 */
export function applicableFacts(model: Pick<Model, "plan" | "ops">): Map<string, string[]> {
  const { plan } = model;
  if (!plan.indications.length) return new Map();
  // factsByIndication reads only the plan and the condition ops, which the page's model (no AST) has.
  const byIndication = factsByIndication(model as Model);
  const regions = regionFacts(plan);
  if (!regions.size) return byIndication;
  const out = new Map<string, string[]>();
  for (const [ind, names] of byIndication) {
    const keep = new Set([...names, ...regions]);
    out.set(ind, plan.facts.map((f) => f.name).filter((n) => keep.has(n)));
  }
  return out;
}

/** The id of the form input that answers a `missing` entry: a declared fact, or the age or the indication. */
export function inputIdFor(name: string): string {
  if (name === "age") return "case-age-years";
  if (name === "indication") return "case-indication";
  return `case-fact-${name}`;
}
