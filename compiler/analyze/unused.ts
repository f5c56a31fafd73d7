// Unused declarations: facts, definitions, enumerations and studies no rule, prerequisite or section
// applicability uses; and rules that no example exercises (the rule never decides or explains one).
import type { AnalysisContext } from "./context.ts";
import type { Range } from "../../grammar/ast.ts";
import { runExamples } from "../run-examples.ts";
import { condFactNames } from "../../runtime/derive.ts";

export function unused(ctx: AnalysisContext): void {
  const { model } = ctx;
  const { plan, ops, ast } = model;
  // Everything reachable from sections: applicability, prerequisites, rule conditions.
  const roots: number[] = [];
  const patterns = plan.sections.flatMap((s) => [...s.rules.flatMap((r) => (r.outcome === "refer" ? [] : r.studies)), ...s.requires.flatMap((q) => q.studies ?? [])]);
  for (const s of plan.sections) {
    if (s.applies !== undefined) roots.push(s.applies);
    for (const q of s.requires) roots.push(q.cond);
    for (const r of s.rules) if (r.when !== undefined) roots.push(r.when);
  }
  const seen = new Set<number>();
  const facts = new Set<string>();
  const defs = new Set<string>(); // "name@line" of the definitions reached
  const walk = (id: number): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const op = ops[id];
    switch (op.op) {
      case "and": case "or": case "atLeast": op.kids.forEach(walk); break;
      case "not": walk(op.kid); break;
      case "def": defs.add(`${op.name}@${plan.nodes[op.kid].line}`); walk(op.kid); break;
      case "bool": case "num": case "dur": case "within": case "is": case "has": facts.add(op.fact); break;
      case "req": patterns.push(op.pattern); break;
      default: break;
    }
  };
  roots.forEach(walk);
  for (const p of patterns) if (p.kind === "pattern" && p.region.kind === "fact") facts.add(p.region.fact);
  // A fact a used fact is answered from (`yes when temperature >= 100 °F`) is used too.
  for (const f of plan.facts) if (facts.has(f.name)) for (const i of f.implied ?? []) for (const n of condFactNames(i.when)) facts.add(n);

  const report = (range: Range, message: string) => ctx.report({ code: "unused", range, message });
  for (const f of ast.facts) if (!facts.has(f.name.text)) report(f.name.range, `The fact '${f.name.text}' is declared but no rule, prerequisite or section uses it.`);
  const allDefs = [...ast.definitions.map((d) => ({ d, where: "" })), ...ast.sections.flatMap((s) => s.definitions.map((d) => ({ d, where: ` in ${s.id.text}` })))];
  for (const { d, where } of allDefs) if (!defs.has(`${d.name.text}@${d.expr.range.start.line}`)) report(d.name.range, `The definition '${d.name.text}'${where} is never used.`);
  const enumUses = new Set(ast.facts.flatMap((f) => ((f.type.kind === "enum" || f.type.kind === "set") && !Array.isArray(f.type.ref) ? [f.type.ref.text] : [])));
  for (const e of ast.enums) if (!enumUses.has(e.name.text)) report(e.name.range, `The enumeration '${e.name.text}' is not the type of any fact.`);
  // A study is used when some rule's or prerequisite's study list (or a `requested is` test) can fit it.
  const solver = ctx.solver;
  const cptVar = ctx.space.index.get("cpt");
  if (cptVar !== undefined) {
    const full = new Int32Array(ctx.space.vars.length).fill(-1);
    ctx.space.vars[cptVar].values.forEach((v, x) => {
      full[cptVar] = x;
      if (solver.matchAny(patterns, full) === 0) {
        const decl = ast.studies.find((s) => s.cpt.text === v.json);
        if (decl) report(decl.cpt.range, `The study ${decl.cpt.text} (${decl.description.value}) is declared but no rule's study list fits it.`);
      }
    });
  }
  // Rules no example exercises.
  const { coverage } = runExamples(model);
  const hit = new Set(coverage.rules.filter((r) => r.hit).map((r) => r.id));
  for (const s of plan.sections) for (const r of s.rules) {
    if (!hit.has(r.id)) ctx.report({ code: "unused", range: ctx.ruleRange(r.id), rules: [r.id], message: `No example exercises rule ${r.id}: add an example in which it decides the outcome.` });
  }
}
