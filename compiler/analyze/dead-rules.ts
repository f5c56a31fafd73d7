// Dead rules: a section whose `applies when` no case satisfies, and a rule that can never fire (its
// condition, its studies, or the two together with its section's applicability, are contradictory).
import type { AnalysisContext } from "./context.ts";

export function deadRules(ctx: AnalysisContext): void {
  const { plan } = ctx.model;
  for (const s of plan.sections) {
    if (s.applies !== undefined) {
      const r = ctx.solve({ k: "node", id: s.applies }, `whether ${s.id} can apply`);
      if (r === undefined) {
        ctx.report({ code: "dead-rule", range: ctx.sectionRange(s.id), rules: s.rules.map((x) => x.id),
          message: `Section ${s.id} can never apply: no case satisfies its 'applies when' condition (${plan.nodes[s.applies].text}), so none of its ${s.rules.length} rules can fire.` });
        continue;
      }
    }
    for (const rule of s.rules) {
      if (ctx.feasible(rule) !== false) continue;
      let why: string;
      const whenOk = rule.when === undefined ? true : ctx.solve({ k: "node", id: rule.when }, `whether ${rule.id}'s condition can hold`);
      const matchOk = rule.outcome === "refer" ? true : ctx.solve({ k: "match", ps: rule.studies }, `whether a study fits ${rule.id}`);
      if (whenOk === undefined) why = `its condition (${plan.nodes[rule.when!].text}) can never be true`;
      else if (matchOk === undefined) why = "no declared study fits its study list";
      else why = `its condition contradicts the applicability of section ${s.id}`;
      ctx.report({ code: "dead-rule", range: ctx.ruleRange(rule.id), rules: [rule.id],
        message: `Rule ${rule.id} (${rule.outcome}) can never fire: ${why}.` });
    }
  }
}
