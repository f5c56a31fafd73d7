// A condition leaf -> the criterion it tests in words a policy author and a requester read (the fact's
// question and the threshold, enumeration labels instead of value names), for reasons and notices.
// No identifier of the guideline appears in what this returns.
import type * as A from "../../grammar/ast.ts";
import type { StudyPattern } from "../../runtime/plan.ts";
import type { CheckContext } from "./context.ts";
import { normalizeUnit } from "./units.ts";

const OP_WORDS: Record<A.CmpOperator, string> = { ">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "=": "exactly", "!=": "not" };

/** A value name as people read it: its declared label, else the name with spaces for underscores. */
export const humanName = (name: string): string => name.replace(/_/g, " ");

/** The labels of an enumeration or inline `one of`/`set of` fact's values, and of the indications. */
export function valueLabel(ctx: CheckContext, fact: string, value: string): string {
  if (fact === "indication") return ctx.ast.indications.find((i) => i.name.text === value)?.label?.value ?? humanName(value);
  const f = ctx.facts.get(fact);
  const t = f?.decl.type;
  let decls: A.EnumValueDecl[] | undefined;
  if (t && (t.kind === "enum" || t.kind === "set")) decls = Array.isArray(t.ref) ? t.ref : ctx.enums.get(t.ref.text)?.decl.values;
  return decls?.find((v) => v.name.text === value)?.label?.value ?? humanName(value);
}

/** Labels of every value of a one-of / set-of fact (and of the indications), for answers in reasons. */
export function valueLabels(ctx: CheckContext, fact: string): Record<string, string> | undefined {
  const f = ctx.facts.get(fact);
  const t = f?.decl.type;
  if (!t || (t.kind !== "enum" && t.kind !== "set")) return undefined;
  const decls = Array.isArray(t.ref) ? t.ref : ctx.enums.get(t.ref.text)?.decl.values;
  const out: Record<string, string> = {};
  let any = false;
  for (const v of decls ?? []) if (v.label) { out[v.name.text] = v.label.value; any = true; }
  return any ? out : undefined;
}

const questionOf = (ctx: CheckContext, fact: string): string => ctx.facts.get(fact)?.decl.question.value ?? humanName(fact);
const orList = (xs: string[]): string => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`);
const andList = (xs: string[]): string => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** A threshold as the guideline writes it ("4 weeks", "100 °F", "14"). */
const amount = (value: number, unit: string | undefined): string => (unit ? `${value} ${normalizeUnit(unit)}` : String(value));

/** What a leaf condition tests, in words; undefined for conditions that are not a criterion (`requested is …`). */
export function criterionWords(ctx: CheckContext, e: A.Expr): string | undefined {
  switch (e.kind) {
    case "Ref": {
      const f = ctx.facts.get(e.name.text);
      return f ? questionOf(ctx, e.name.text) : undefined;
    }
    case "Compare": {
      const what = `${OP_WORDS[e.op]} ${amount(e.value, e.unit?.text)}`;
      if (e.subject.text === "age") return `Age ${what}`;
      return `${questionOf(ctx, e.subject.text)} (${what})`;
    }
    case "Within": return `${questionOf(ctx, e.subject.text)} (within the last ${amount(e.value, e.unit.text)})`;
    case "Is": {
      const labels = e.values.map((v) => valueLabel(ctx, e.subject.text, v.text));
      const subject = e.subject.text === "indication" ? "Indication" : questionOf(ctx, e.subject.text);
      return `${subject} (${e.negated ? "not " : ""}${orList(labels)})`;
    }
    case "Has": {
      const labels = e.values.map((v) => valueLabel(ctx, e.subject.text, v.text));
      return `${questionOf(ctx, e.subject.text)} (${e.mode === "all" ? andList(labels) : orList(labels)})`;
    }
    case "SupportedElsewhere": return "Another rule of the guideline supports the requested study for this case";
    default: return undefined;
  }
}

/** A study pattern in words ("MRI without contrast of the cervical region"), without fact names. */
export function patternWords(p: StudyPattern): string {
  if (p.kind === "cpt") return `CPT ${p.cpt}`;
  if (p.kind === "any") return "any study";
  const contrast = p.contrast.length ? " " + p.contrast.map((c) => humanName(c) + " contrast").join(" or ") : "";
  const region = p.region.kind === "word" ? ` of the ${humanName(p.region.word)} region` : p.region.kind === "fact" ? " of the region in question" : "";
  return `${p.modality}${contrast}${region}`;
}
