// Conflicts: two rules with different outcomes that both fire for the same case and the same requested
// study, so the decision procedure's precedence (refer > review > deny > pend > approve) silently drops one.
import type { PlanRule } from "../../runtime/plan.ts";
import { PRECEDENCE, OUTCOME_OF } from "../../runtime/decide.ts";
import type { AnalysisContext } from "./context.ts";
import { caseHint } from "./context.ts";
import { and, type Fm } from "./search.ts";
import { describe } from "./case.ts";


export function conflicts(ctx: AnalysisContext): void {
  const { space, solver } = ctx;
  const ind = space.index.get("indication"), cpt = space.index.get("cpt")!;
  const rules = ctx.model.plan.sections.flatMap((s) => s.rules).filter((r) => ctx.feasible(r) === true);
  // Cheap filters first: the indications and studies each rule can fire for.
  const profile = new Map<string, { inds: number[]; cpts: number[] }>();
  for (const r of rules) {
    const fm = ctx.fire(r);
    const vars = solver.varsOf(fm);
    const all = (i: number | undefined) => (i === undefined ? [] : space.vars[i].values.map((_, x) => x));
    let inds = all(ind);
    if (ind !== undefined && vars.includes(ind)) inds = inds.filter((x) => ctx.solve(and(fm, { k: "fix", v: ind, vals: [x] }), `the indications ${r.id} fires for`) !== undefined);
    const asg = new Int32Array(space.vars.length).fill(-1);
    const cpts = r.outcome === "refer" ? all(cpt) : all(cpt).filter((x) => { asg[cpt] = x; return solver.matchAny(r.studies, asg) !== 0; });
    profile.set(r.id, { inds, cpts });
  }
  for (let i = 0; i < rules.length; i++) for (let j = i + 1; j < rules.length; j++) {
    const a = rules[i], b = rules[j];
    if (a.outcome === b.outcome) continue;
    const pa = profile.get(a.id)!, pb = profile.get(b.id)!;
    const inds = pa.inds.filter((x) => pb.inds.includes(x)), cpts = pa.cpts.filter((x) => pb.cpts.includes(x));
    if ((ind !== undefined && inds.length === 0) || cpts.length === 0) continue;
    const fm: Fm = and(ctx.fire(a), ctx.fire(b), ind !== undefined ? { k: "fix", v: ind, vals: inds } : undefined, { k: "fix", v: cpt, vals: cpts });
    const asg = ctx.solve(fm, `whether ${a.id} and ${b.id} can both fire`);
    if (asg === undefined || asg === "capped") continue;
    const [win, lose] = PRECEDENCE.indexOf(a.outcome) <= PRECEDENCE.indexOf(b.outcome) ? [a, b] : [b, a];
    const { c, confirmed } = ctx.bestCase(asg, fm, (d) => d.outcome === OUTCOME_OF[win.outcome] && d.reasons.some((x) => x.rule === win.id));
    const keys = new Set(solver.varsOf(fm).map((v) => space.vars[v].key));
    const why = precedenceNote(win, lose);
    ctx.report({
      ...(why ? { severity: "info" as const } : {}),
      code: "conflict", range: ctx.ruleRange(lose.id), rules: [lose.id, win.id], case: c,
      message: `${why ? "Explained by a precedence note: " : ""}Rules ${lose.id} (${lose.outcome}) and ${win.id} (${win.outcome}) both fire for ${describe(space, asg, keys)}; ${win.outcome} takes precedence, so ${lose.id} is silently overridden${confirmed ? "" : " (other rules also decide this example case)"}.`,
      hint: caseHint(c),
      related: [{ message: `${win.id} (${win.outcome}) wins here`, file: ctx.file, range: ctx.ruleRange(win.id) }],
    });
  }
}

/**
 * A conflict the author meant: the winning rule carries a note starting "Precedence:" that names the losing
 * rule, its section, or "every" rule (or outcome) it overrides. Such a finding is shown as info, not a warning.
 */
export function precedenceNote(win: PlanRule, lose: PlanRule): string | undefined {
  const label = lose.id.slice(lose.section.length + 1);
  return win.notes.find((n) => {
    if (!/^Precedence:/.test(n)) return false;
    const ids = new Set(n.match(/[A-Z][A-Z0-9]*-[\d.]*\d(?:\/[A-Za-z0-9_-]+)?/g) ?? []);
    const words = new Set(n.match(/[A-Za-z0-9_-]+/g) ?? []);
    return ids.has(lose.id) || ids.has(lose.section) || words.has("every") || (win.section === lose.section && words.has(label));
  });
}
