// Runs a guideline's examples through an evaluator (the interpreter by default) and measures coverage:
// which rules decided some example, and which `any of` items were true in some example.
import type { Determination } from "../runtime/decide.ts";
import type { Model, ExampleCase } from "./model.ts";
import { interpret } from "./interpret.ts";

export interface ExampleResult { example: ExampleCase; actual: Determination; pass: boolean; problems: string[] }
export interface Coverage { rules: { id: string; line: number; hit: boolean }[]; anyItems: { rule: string; text: string; line: number; hit: boolean }[] }

export type Evaluator = (input: unknown, options: { trace?: boolean }) => Determination;

export function compareToExpectation(ex: ExampleCase, d: Determination): string[] {
  const problems: string[] = [];
  if (d.outcome !== ex.expect.outcome) problems.push(`expected ${ex.expect.outcome}, got ${d.outcome}`);
  const t = ex.expect.target;
  if (t !== undefined && d.section !== t && !d.references.some((r) => r.id === t)) problems.push(`expected ${t}, got ${[d.section, ...d.references.map((r) => r.id)].filter(Boolean).join(", ") || "no section"}`);
  if (ex.expect.missing) {
    const want = [...ex.expect.missing].sort(), got = d.missing.map((m) => m.fact).sort();
    if (want.join(",") !== got.join(",")) problems.push(`expected missing {${want.join(", ")}}, got {${got.join(", ")}}`);
  }
  return problems;
}

export function runExamples(model: Model, evaluate?: Evaluator): { results: ExampleResult[]; coverage: Coverage } {
  const ev: Evaluator = evaluate ?? ((input, o) => interpret(model, input, o));
  const ruleHits = new Set<string>();
  const nodeTrue = new Set<number>();
  const results = model.examples.map((example) => {
    const actual = ev(example.case, { trace: true });
    for (const r of actual.reasons) ruleHits.add(r.rule);
    for (const r of actual.needed) ruleHits.add(r.rule);
    for (const t of actual.trace ?? []) if (t.value === "true") nodeTrue.add(t.node);
    const problems = compareToExpectation(example, actual);
    return { example, actual, pass: problems.length === 0, problems };
  });
  // A guideline-wide prerequisite is in every section it gates, under one id: it is listed once.
  const ids = new Set<string>();
  const rules = model.plan.sections.flatMap((s) => [...s.rules, ...s.requires]).filter((r) => !ids.has(r.id) && ids.add(r.id) !== undefined).map((r) => ({ id: r.id, line: r.dsl.line, hit: ruleHits.has(r.id) }));
  const anyItems = model.anyItems.map((a) => ({ rule: a.rule, text: model.plan.nodes[a.node].text, line: model.plan.nodes[a.node].line, hit: nodeTrue.has(a.node) }));
  return { results, coverage: { rules, anyItems } };
}
