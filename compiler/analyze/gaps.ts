// Gaps: for an indication some section governs, the ages (or values of a number fact a section's
// applicability tests) where no section applies and no rule of a general section that tests them can fire.
import type { AnalysisContext } from "./context.ts";
import { caseHint } from "./context.ts";
import { and, or, type Fm } from "./search.ts";

export function gaps(ctx: AnalysisContext): void {
  const { plan } = ctx.model;
  const { space, solver } = ctx;
  const ind = space.index.get("indication");
  if (ind === undefined) return;
  const scoped = plan.sections.filter((s) => s.applies !== undefined);
  const general = plan.sections.filter((s) => s.applies === undefined).flatMap((s) => s.rules);
  for (let x = 0; x < space.vars[ind].values.length; x++) {
    const indication = space.vars[ind].values[x].label;
    const fixInd: Fm = { k: "fix", v: ind, vals: [x] };
    const governing = scoped.filter((s) => {
      const r = ctx.solve(and({ k: "node", id: s.applies! }, fixInd), `whether ${s.id} applies to ${indication}`);
      return r !== undefined && r !== "capped";
    });
    if (!governing.length) continue; // only general rules (or nothing) speak to this indication
    // The ranges to look along: age, and number facts the governing sections' applicability tests.
    const axes = new Set<number>();
    for (const s of governing) for (const v of solver.varsOf({ k: "node", id: s.applies! })) {
      const k = space.vars[v].kind;
      if (k === "age" || k === "num") axes.add(v);
    }
    for (const axis of axes) {
      // A general section (no `applies`) governs a range only through rules whose condition speaks about it:
      // `refer ADULT-SPINE when age >= 18 years` governs ages, `deny … when asymptomatic` governs none.
      const speaking = general.filter((r) => solver.varsOf(ctx.fire(r)).includes(axis));
      const covered: Fm = or(...governing.map((s): Fm => ({ k: "node", id: s.applies! })), ...speaking.map((r) => ctx.fire(r)));
      const cells = space.vars[axis].values;
      const open = cells.map((_, c) => {
        const r = ctx.solve(and(covered, fixInd, { k: "fix", v: axis, vals: [c] }), `which ${space.vars[axis].key} values ${indication} covers`);
        return r === undefined; // no case in this cell is governed
      });
      if (!open.includes(false)) continue;
      for (let c = 0; c < cells.length; c++) {
        if (!open[c]) continue;
        let e = c;
        while (e + 1 < cells.length && open[e + 1]) e++;
        const mid = Math.floor((c + e) / 2);
        const asg = new Int32Array(space.vars.length).fill(-1);
        asg[ind] = x;
        asg[axis] = mid;
        const fm = and(covered, fixInd);
        const { c: kase } = ctx.bestCase(asg, fm, (d) => d.outcome !== "approve" && !d.reasons.some((r) => governing.some((s) => s.id === r.section)));
        const what = space.vars[axis].kind === "age" ? "ages" : `${space.vars[axis].key} values`;
        const range = `from ${cells[c].lo ?? cells[c].label} to ${cells[e].hi ?? cells[e].label}`;
        ctx.report({
          code: "gap", range: ctx.sectionRange(governing[0].id), rules: governing.map((s) => s.id), case: kase,
          message: `No section governs indication ${indication} for ${what} ${range}: ${governing.map((s) => s.id).join(", ")} ${governing.length === 1 ? "governs" : "govern"} other ${what} of it, but no section applies here (for example ${space.vars[axis].key} ${cells[mid].label}).`,
          hint: caseHint(kase),
          related: governing.slice(1).map((s) => ({ message: `${s.id} also governs ${indication}`, file: ctx.file, range: ctx.sectionRange(s.id) })),
        });
        c = e;
      }
    }
  }
}
