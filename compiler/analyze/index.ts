// analyze(model) -> warnings about the guideline's logic (dead rules, conflicts, gaps, unused declarations),
// each naming the rules involved and, where a case shows the problem, carrying that Case. An ordered table.
//
// Method: exact search by threshold partitioning, never sampling.
//  1. The case space (space.ts). Every fact a condition tests becomes a variable with finitely many
//     representative values: for a number fact, the thresholds it is compared with, one value below them
//     all, one between each neighbouring pair and one above (so every comparison has the same truth on a
//     value and on the whole interval it stands for); for age, the birth days on which some `age OP span`
//     changes value, found with the runtime's calendar arithmetic (months have different lengths), and one
//     birth day inside each interval between them; for a date fact, asOf and, for each `within` span, its
//     first day and the day before; for a duration, 0, each threshold and the values just either side
//     (for months, just past the shortest and longest a month can be); yes/no facts are no/yes; one-of
//     facts, indications and requested studies take each declared value; a set-of fact becomes one yes/no
//     variable per value a condition or a study region mentions (values nobody mentions change nothing).
//     Unknown is not a value: in Kleene logic a condition true with a fact unknown is true whatever it is,
//     so searching the known values finds every case that makes a condition true.
//  2. The search (search.ts) assigns the variables a formula mentions (only those: a rule's condition, its
//     section's applicability and its study list), indication and study first, evaluating the formula in
//     three-valued logic after each choice and dropping a branch as soon as it is false whatever the rest.
//     Comparison leaves are computed by the runtime's own tests on a case holding that one value.
//  3. Each search may visit at most `budget` (200,000) partial assignments; past it the question is left
//     unanswered and one "info" diagnostic says which questions were.
//  4. Counterexamples are Cases in the evaluator's contract, checked with the reference interpreter.
import type { Model } from "../model.ts";
import { compareDiagnostics, type DiagnosticCode } from "../../grammar/diagnostics.ts";
import { AnalysisContext, DEFAULT_BUDGET, type Finding } from "./context.ts";
import { deadRules } from "./dead-rules.ts";
import { conflicts } from "./conflicts.ts";
import { gaps } from "./gaps.ts";
import { unused } from "./unused.ts";
import { scopeLists } from "./scope-lists.ts";
import { absence } from "./absence.ts";

export const analyses: { name: string; code: DiagnosticCode; run: (ctx: AnalysisContext) => void }[] = [
  { name: "dead rules", code: "dead-rule", run: deadRules },
  { name: "conflicts", code: "conflict", run: conflicts },
  { name: "gaps", code: "gap", run: gaps },
  { name: "unused", code: "unused", run: unused },
  { name: "scope lists", code: "unscoped-list", run: scopeLists },
  { name: "absence", code: "absence-approves", run: absence },
];

export interface AnalyzeOptions { budget?: number; only?: string[] }

export function analyze(model: Model, options: AnalyzeOptions = {}): Finding[] {
  const ctx = new AnalysisContext(model, options.budget ?? DEFAULT_BUDGET);
  for (const a of analyses) {
    if (options.only && !options.only.includes(a.name)) continue;
    const before = ctx.capped.length;
    a.run(ctx);
    const capped = [...new Set(ctx.capped.slice(before))];
    if (capped.length) ctx.findings.push({
      severity: "info", code: a.code, file: model.file, range: model.ast.header?.range ?? model.ast.range,
      message: `The ${a.name} analysis stopped ${capped.length} search${capped.length === 1 ? "" : "es"} at ${ctx.budget.toLocaleString("en-US")} combinations, so it may have missed findings: ${capped.slice(0, 5).join("; ")}${capped.length > 5 ? " …" : ""}.`,
    });
  }
  return ctx.findings.sort(compareDiagnostics);
}
export type { Finding };
