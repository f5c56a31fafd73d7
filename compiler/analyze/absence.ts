// Where "not documented" can approve: a fact declared `not documented means …` turns a record's silence into
// an answer. That answer is safe where it can only withhold an approval (a red flag read as absent: fewer
// approvals), and it needs a reading where it can grant one (`not repeat_study` in an approval; a denial that
// no longer fires). This analysis finds, for each such fact, every rule and prerequisite where the declared
// answer moves the outcome toward approval, and reports them: a warning, or explained ("info") when the fact
// carries a note starting "Not documented:" that gives the reading.
import type { AnalysisContext } from "./context.ts";
import type { Model } from "../model.ts";

/** Where the declared answer of a fact can lift a rule toward approval. */
export interface AbsenceUse { fact: string; rule: string; outcome: string; line: number }

/**
 * The uses of each `not documented means` fact whose declared answer makes an approval more likely: in an
 * approval or a prerequisite, a leaf that the answer makes true; in a denial, review, pend or refer rule, a leaf
 * the answer makes false. The polarity of each leaf is counted through not / and / or / at-least / definitions.
 */
export function absenceUses(model: Model): AbsenceUse[] {
  const { plan, ops } = model;
  const meaning = new Map<string, boolean | string>();
  for (const f of plan.facts) if (f.notDocumented !== undefined) meaning.set(f.name, f.notDocumented);
  if (meaning.size === 0) return [];
  const out: AbsenceUse[] = [];
  const seen = new Set<string>();
  /** `wantTrue`: a true value of this node moves toward approval. */
  const walk = (id: number, wantTrue: boolean, rule: string, outcome: string, line: number, depth: number): void => {
    if (depth > 200) return;
    const op = ops[id];
    const hit = (fact: string, leafTrueUnderMeaning: boolean | undefined): void => {
      if (leafTrueUnderMeaning === undefined || leafTrueUnderMeaning !== wantTrue) return;
      const key = `${fact}|${rule}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ fact, rule, outcome, line });
    };
    switch (op.op) {
      case "and": case "or": case "atLeast": for (const k of op.kids) walk(k, wantTrue, rule, outcome, line, depth + 1); break;
      case "not": walk(op.kid, !wantTrue, rule, outcome, line, depth + 1); break;
      case "def": walk(op.kid, wantTrue, rule, outcome, line, depth + 1); break;
      case "bool": { const m = meaning.get(op.fact); if (typeof m === "boolean") hit(op.fact, m); break; }
      case "is": { const m = meaning.get(op.fact); if (typeof m === "string") hit(op.fact, op.values.includes(m) !== op.negated); break; }
      default: break;
    }
  };
  for (const s of plan.sections) {
    for (const q of s.requires) walk(q.cond, true, q.id, "prerequisite", q.dsl.line, 0);
    for (const r of s.rules) if (r.when !== undefined) walk(r.when, r.outcome === "approve", r.id, r.outcome, r.dsl.line, 0);
  }
  return out;
}

export function absence(ctx: AnalysisContext): void {
  const uses = absenceUses(ctx.model);
  const byFact = new Map<string, AbsenceUse[]>();
  for (const u of uses) byFact.set(u.fact, [...(byFact.get(u.fact) ?? []), u]);
  for (const decl of ctx.model.ast.facts) {
    const us = byFact.get(decl.name.text);
    if (!us || !decl.notDocumented) continue;
    const meaning = typeof decl.notDocumented.value === "boolean" ? (decl.notDocumented.value ? "yes" : "no") : decl.notDocumented.value.text;
    const explained = decl.notDocumented && decl.notes.some((n) => n.value.startsWith("Not documented:"));
    const where = us.map((u) => `${u.rule} (${u.outcome}, line ${u.line})`).join(", ");
    ctx.report({
      code: "absence-approves", range: decl.notDocumented.range,
      message: `'not documented means ${meaning}' can move a request toward approval in ${where}: a record that is silent on '${decl.name.text}' is read as ${meaning} there.${explained ? "" : " Give the reading in a note starting \"Not documented:\", or remove the line."}`,
      ...(explained ? { severity: "info" as const } : {}),
      rules: us.map((u) => u.rule),
    });
  }
}
