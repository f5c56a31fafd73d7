// The JSON Schema (draft 2020-12) of a guideline's Case, generated from its fact declarations.
import type { Plan, PlanFact, PlanStudy, StudyPattern } from "../../runtime/plan.ts";
import { studyFit } from "../../runtime/leaves.ts";
import type { Model } from "../model.ts";
import { convert, unitDimension, unitsOf } from "../../runtime/quantity.ts";
import { MAX_AGE_YEARS } from "../../runtime/age.ts";
import { meanDays } from "../../runtime/facts.ts";
import { spanOf, type Span } from "../../runtime/span.ts";
import { NOT_DOCUMENTED, condFactNames } from "../../runtime/derive.ts";

type Json = Record<string, unknown>;

// Strict-validator clean (ajv strict mode): only standard keywords, no union `type` arrays, a `type` beside every
// `properties`, `items` and bound. What a form needs rides on standard annotations: `description` (the question),
// `title` on every choice (its label), `default` on a unit (the declared one), `$comment` (the fact's group), and
// the root `allOf` of if/then blocks naming the facts that can matter for each indication (validation-neutral).
function factSchema(f: PlanFact, labels: ReadonlyMap<string, string>): Json {
  const t = f.type;
  const base: Json = { description: f.question, ...(f.group ? { $comment: `group: ${f.group}` } : {}) };
  // "not documented": the record was read and says nothing of it; its title says what the guideline reads it as.
  const meaning = f.notDocumented === undefined ? "unknown" : f.notDocumented === true ? "yes" : f.notDocumented === false ? "no" : labels.get(f.notDocumented) ?? humanize(f.notDocumented);
  const notDocumented: Json = { const: NOT_DOCUMENTED, title: `Not documented in the record (read as ${meaning})` };
  const orNull = (s: Json): Json => ({ ...base, anyOf: [{ type: "null" }, s, notDocumented] });
  const choices = (values: readonly string[]): Json => ({ type: "string", oneOf: values.map((v) => ({ const: v, title: labels.get(v) ?? humanize(v) })) });
  switch (t.kind) {
    case "bool": return orNull({ type: "boolean" });
    case "date": return orNull({ type: "string", format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
    case "duration": {
      const measured: Json = { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number", minimum: 0 }, unit: { type: "string", enum: [...SPAN_UNITS] } } };
      const b = t.bounds;
      // The declared bounds in each unit a case may use, by mean length, as the runtime holds a duration to them.
      if (b) measured.anyOf = SPAN_UNITS.map((u) => ({ type: "object", properties: { unit: { const: u }, value: { type: "number", minimum: inUnit(b.min, u), maximum: inUnit(b.max, u) } } }));
      return orNull(measured);
    }
    case "number": {
      const dim = unitDimension(t.unit);
      const units = dim ? unitsOf(dim) : [t.unit];
      const b = t.bounds;
      // The declared bounds, converted to each unit a case may give the value in.
      const range = (u: string): Json => (b ? { minimum: round9(convert(b.min, t.unit, u)), maximum: round9(convert(b.max, t.unit, u)) } : {});
      const unit: Json = { type: "string", enum: [...units], ...(t.unit ? { default: t.unit } : {}) };
      const measured: Json = { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number" }, unit } };
      if (b) measured.anyOf = units.map((u) => ({ type: "object", properties: { unit: { const: u }, value: { type: "number", ...range(u) } } }));
      const plain: Json = { type: "number", ...range(t.unit), ...(t.unit ? { description: `in ${t.unit}` } : {}) };
      return { ...base, anyOf: [{ type: "null" }, plain, measured, notDocumented] };
    }
    case "enum": return orNull(choices(t.values));
    case "set": return orNull({ type: "array", uniqueItems: true, maxItems: 1000, items: choices(t.values) });
  }
}

/** A value's label when the guideline declares none: `back_pain` -> "Back pain". */
export const humanize = (name: string): string => {
  const words = name.replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
};

/** The declared labels of enumeration values (`enum region { lumbar "Lumbar" }`, inline lists too), by value name. */
function declaredLabels(model: Model | undefined): Map<string, Map<string, string>> {
  const byFact = new Map<string, Map<string, string>>();
  if (!model) return byFact;
  const enums = new Map(model.ast.enums.map((e) => [e.name.text, e.values]));
  for (const f of model.ast.facts) {
    if (f.type.kind !== "enum" && f.type.kind !== "set") continue;
    const values = Array.isArray(f.type.ref) ? f.type.ref : enums.get(f.type.ref.text) ?? [];
    byFact.set(f.name.text, new Map(values.filter((v) => v.label).map((v) => [v.name.text, v.label!.value])));
  }
  return byFact;
}

/**
 * For each declared indication, the facts a decision can depend on: those of every section whose `applies when`
 * is not false once only the indication is known (three-valued, the rest unknown), through its conditions. A
 * condition whose value the indication alone settles is not read further: `supported elsewhere` (an or of every
 * approval, each under its section's `applies when`) brings only the approvals that can fire for the indication.
 * `keep`, when given, drops the rules and prerequisites it refuses (by their study lists: a prerequisite without a
 * list, or a refer rule, applies to every study), and `study` settles `requested is …`: `guide questionnaire --cpt` asks only what can matter for one
 * study. Applicability is always read.
 */
export function factsByIndication(model: Model, options: { keep?: (rule: RuleLike) => boolean; study?: PlanStudy } = {}): Map<string, string[]> {
  const { plan, ops } = model;
  const { keep, study } = options;
  const byName = new Map<string, PlanFact>();
  for (const f of plan.facts) if (!byName.has(f.name)) byName.set(f.name, f);
  const memo = new Map<string, number>();
  const value = (id: number, ind: string): 0 | 1 | 2 => { // 0 false, 1 true, 2 unknown
    const key = `${id} ${ind}`;
    const seen = memo.get(key);
    if (seen !== undefined) return seen as 0 | 1 | 2;
    const op = ops[id];
    let r: 0 | 1 | 2 = 2;
    switch (op.op) {
      case "and": r = op.kids.some((k) => value(k, ind) === 0) ? 0 : op.kids.every((k) => value(k, ind) === 1) ? 1 : 2; break;
      case "or": r = op.kids.some((k) => value(k, ind) === 1) ? 1 : op.kids.every((k) => value(k, ind) === 0) ? 0 : 2; break;
      case "not": { const v = value(op.kid, ind); r = v === 2 ? 2 : v === 1 ? 0 : 1; break; }
      case "def": r = value(op.kid, ind); break;
      case "const": r = op.value ? 1 : 0; break;
      case "is": if (op.fact === "indication") r = op.values.includes(ind) !== op.negated ? 1 : 0; break;
      case "req": {
        if (!study) break;
        const fit = studyFit(op.pattern, study);
        if (typeof fit === "boolean") { r = fit ? 1 : 0; break; }
        const f = byName.get(fit);
        if (f && (f.type.kind === "enum" || f.type.kind === "set") && !f.type.values.includes(study.region)) r = 0;
        break;
      }
    }
    memo.set(key, r);
    return r;
  };
  const declared = new Set(plan.facts.map((f) => f.name));
  const result = new Map<string, string[]>();
  for (const ind of plan.indications.map((i) => i.name)) {
    const facts = new Set<string>();
    for (const s of plan.sections) {
      if (s.applies !== undefined && value(s.applies, ind) === 0) continue;
      const requires = keep ? s.requires.filter(keep) : s.requires;
      const rules = (keep ? s.rules.filter(keep) : s.rules).filter((r) => r.when === undefined || value(r.when, ind) !== 0);
      const roots = [...(s.applies !== undefined ? [s.applies] : []), ...requires.map((r) => r.cond), ...rules.flatMap((r) => (r.when !== undefined ? [r.when] : []))];
      for (const f of factsUnderNodes(model, roots, (id) => value(id, ind) !== 2)) if (declared.has(f)) facts.add(f);
      // A study pattern's region fact (`MRI without contrast of affected_region`) is read too.
      for (const p of [...rules.flatMap((r) => r.studies), ...requires.flatMap((r) => r.studies ?? [])]) if (p.kind === "pattern" && p.region.kind === "fact") facts.add(p.region.fact);
    }
    // A fact answered from others (`yes when temperature >= 100 °F`) brings those others with it.
    for (const f of plan.facts) if (facts.has(f.name)) for (const i of f.implied ?? []) for (const n of condFactNames(i.when)) facts.add(n);
    result.set(ind, plan.facts.map((f) => f.name).filter((n) => facts.has(n)));
  }
  return result;
}

/** A rule or a prerequisite, as far as a study filter reads it. */
export interface RuleLike { outcome?: string; studies?: StudyPattern[] }

/** The facts the condition nodes below `roots` read (through definitions and negations); `settled` nodes are not read. */
export function factsUnderNodes(model: Pick<Model, "plan" | "ops">, roots: readonly number[], settled?: (id: number) => boolean): Set<string> {
  const { plan, ops } = model;
  const out = new Set<string>(), seen = new Set<number>(), stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (settled?.(id)) continue;
    for (const f of plan.nodes[id].facts) out.add(f);
    stack.push(...plan.nodes[id].kids);
    const op = ops[id];
    if (op.op === "def" || op.op === "not") stack.push(op.kid);
  }
  return out;
}

const SPAN_UNITS = ["days", "weeks", "months", "years"] as const;
/** Nine decimals: well inside the runtime's 1e-9 relative tolerance, and no 24.999999999999996 in a schema. */
const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
const inUnit = (s: Span, u: (typeof SPAN_UNITS)[number]): number => round9(meanDays(s) / meanDays(spanOf(1, u)));

/** The schema of a Case. With the checked model, enumeration labels come from the guideline, and the root lists the facts that apply to each indication. */
export function caseSchema(plan: Plan, model?: Model): Json {
  const facts: Json = {};
  const labels = declaredLabels(model);
  for (const f of plan.facts) facts[f.name] = factSchema(f, labels.get(f.name) ?? new Map());
  const byIndication = model && plan.indications.length ? factsByIndication(model) : undefined;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `Case for ${plan.guideline.id}: ${plan.guideline.title}`,
    type: "object",
    additionalProperties: false,
    required: ["asOf", "request"],
    properties: {
      asOf: { type: "string", format: "date", description: "The date the request is decided on; every window counts back from it." },
      patient: {
        type: "object", additionalProperties: false,
        properties: {
          birthDate: { type: "string", format: "date" },
          age: { type: "object", additionalProperties: false, properties: { years: { type: "integer", minimum: 0, maximum: MAX_AGE_YEARS }, months: { type: "integer", minimum: 0 }, days: { type: "integer", minimum: 0 } } },
        },
      },
      request: {
        type: "object", additionalProperties: false, required: ["cpt"],
        properties: {
          cpt: { type: "string", description: "CPT code of the requested study", oneOf: plan.studies.map((s) => ({ const: s.cpt, title: s.description })) },
          indication: { type: "string", oneOf: plan.indications.map((i) => ({ const: i.name, title: i.label ?? humanize(i.name) })) },
          serviceDate: { type: "string", format: "date", description: "Date of service: picks the guideline version in force (asOf when absent)" },
        },
      },
      facts: { type: "object", additionalProperties: false, properties: facts },
      documentation: {
        type: "string", description: "Is this case the whole record for the request? \"complete\": every fact it leaves out is not documented (read as each fact's question says); \"partial\" or absent: a fact left out is unknown.",
        oneOf: [{ const: "complete", title: "Complete: what the case leaves out is not documented" }, { const: "partial", title: "Partial: what the case leaves out is unknown" }],
      },
    },
    ...(byIndication ? { allOf: [...byIndication].map(([ind, names]) => applicability(ind, names)) } : {}),
  };
}

/** Validation-neutral (every `then` property is `true`): "when the indication is IND, these facts can matter". */
function applicability(indication: string, facts: string[]): Json {
  return {
    $comment: `The facts that can decide a request with indication ${indication}.`,
    if: { type: "object", required: ["request"], properties: { request: { type: "object", required: ["indication"], properties: { indication: { const: indication } } } } },
    then: { type: "object", properties: { facts: { type: "object", properties: Object.fromEntries(facts.map((f) => [f, true])) } } },
  };
}
