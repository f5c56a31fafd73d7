// One version's decision procedure (runtime/decide.ts) as formulas over the joint case space, for cases
// where every fact is given (then no rule is "unsure" and decide reduces to a decision list):
//   refer, review, deny, pend rules in plan order (the first that fires decides, its section governs);
//   then approvals whose prerequisites hold; then approvals that fire with an unmet prerequisite (pend);
//   else deny by default, governed by the last approval that supports another study, and listing the
//   studies those approvals support. Formulas are pruned for one cell (indication and requested study).
import type { PlanRule, PlanSection, PlanStudy, StudyPattern } from "../../runtime/plan.ts";
import { OUTCOME_OF, type Outcome } from "../../runtime/decide.ts";
import { and, or, not, type Fm, type Solver } from "../analyze/search.ts";
import { F, T, studyFit } from "../../runtime/leaves.ts";
import type { Space } from "../analyze/space.ts";

export const TRUE: Fm = { k: "and", xs: [] };
export const FALSE: Fm = { k: "or", xs: [] };

export interface Key { outcome: Outcome; section?: string; supported: string[] }
export const keyText = (k: Key): string => `${k.outcome}${k.section ? " " + k.section : ""}${k.supported.length ? ` (supports ${k.supported.join(", ")})` : ""}`;
export const sameKey = (a: Key, b: Key): boolean => a.outcome === b.outcome && a.section === b.section && a.supported.join() === b.supported.join();

/** One entry of the decision list: it decides when its guard holds and no earlier guard does. */
export interface Entry { guard: Fm; key: Key; rule: string; what: "rule" | "approve" | "prerequisite" }

/** What decides a version in one cell of the case space. `dflt` is the deny-by-default zone's own formulas. */
export interface Decision {
  entries: Entry[];
  /** The deny-by-default zone: no entry's guard holds. */
  zone: Fm;
  /** The deny governs this section (undefined: none) … */
  sectionIs(s: string | undefined): Fm;
  /** … and lists this study as supported. */
  supports(cpt: string): Fm;
  /** Studies that may be listed as supported in this cell. */
  supportable: string[];
  sections: (string | undefined)[];
}

export class Encoder {
  constructor(readonly solver: Solver, readonly space: Space, readonly catalogue: PlanStudy[]) {}

  private index(key: string): number | undefined { return this.space.index.get(key); }

  /** The requested study is `st` and fits the pattern (region facts as variables). */
  private fitsStudy(p: StudyPattern, st: PlanStudy): Fm {
    const fit = studyFit(p, st);
    if (typeof fit === "boolean") return fit ? TRUE : FALSE;
    const f = fit;
    const fv = this.index(f);
    if (fv !== undefined) {
      const x = this.space.vars[fv].values.findIndex((v) => v.json === st.region);
      return x < 0 ? FALSE : { k: "fix", v: fv, vals: [x] };
    }
    const mv = this.index(`${f}∋${st.region}`);
    return mv === undefined ? FALSE : { k: "fix", v: mv, vals: [1] };
  }

  /** Some pattern fits study `st`. */
  fitsAs(ps: StudyPattern[], st: PlanStudy): Fm { return simplify(or(...ps.map((p) => this.fitsStudy(p, st)))); }

  /** The requested study (the cpt variable) is in this version's catalogue and fits a pattern. */
  match(ps: StudyPattern[]): Fm {
    const cv = this.index("cpt");
    if (cv === undefined) return FALSE;
    const vals = this.space.vars[cv].values;
    const always: number[] = [], terms: Fm[] = [];
    for (const st of this.catalogue) {
      const x = vals.findIndex((v) => v.json === st.cpt);
      if (x < 0) continue;
      const fit = this.fitsAs(ps, st);
      if (fit === TRUE) always.push(x);
      else if (fit !== FALSE) terms.push(and({ k: "fix", v: cv, vals: [x] }, fit));
    }
    return simplify(or(...(always.length ? [{ k: "fix", v: cv, vals: always } as Fm] : []), ...terms));
  }

  /**
   * A formula with what `head` decides folded in: condition nodes opened into and/or/not down to the parts
   * the head leaves open (a section's `indication is …` becomes TRUE or FALSE), so each search step of the
   * cell evaluates only what can still vary there.
   */
  expand(fm: Fm, head: Int32Array, memo: Map<number, Fm>): Fm {
    const ops = this.solver.model.ops;
    const node = (id: number): Fm => {
      let r = memo.get(id);
      if (r) return r;
      const v = this.solver.node(id, head);
      if (v === T) r = TRUE;
      else if (v === F) r = FALSE;
      else {
        const op = ops[id];
        r = op.op === "and" || op.op === "or" ? simplify({ k: op.op, xs: op.kids.map(node) })
          : op.op === "not" ? simplify(not(node(op.kid)))
          : op.op === "def" ? node(op.kid)
          : { k: "node", id };
      }
      memo.set(id, r);
      return r;
    };
    const walk = (f: Fm): Fm => {
      switch (f.k) {
        case "node": return node(f.id);
        case "fix": { const x = head[f.v]; return x < 0 ? f : f.vals.includes(x) ? TRUE : FALSE; }
        case "match": { const v = this.solver.eval(f, head); return v === T ? TRUE : v === F ? FALSE : f; }
        case "not": return simplify(not(walk(f.x)));
        default: return simplify({ k: f.k, xs: f.xs.map(walk) });
      }
    };
    return walk(fm);
  }

  /** The decision of one version for the cells where `head` (an assignment of indication and study) holds. */
  decision(sections: PlanSection[], head: Int32Array): Decision {
    const memo = new Map<number, Fm>();
    const x = (fm: Fm): Fm => this.expand(fm, head, memo);
    const live = (fm: Fm): boolean => fm !== FALSE && !(fm.k === "or" && fm.xs.length === 0);
    const applies = (s: PlanSection): Fm => (s.applies !== undefined ? x({ k: "node", id: s.applies }) : TRUE);
    const entries: Entry[] = [];
    const fire = new Map<PlanRule, Fm>();
    const fireOf = (s: PlanSection, r: PlanRule): Fm => {
      let f = fire.get(r);
      if (!f) { f = x(and(applies(s), r.outcome === "refer" ? undefined : this.match(r.studies), r.when !== undefined ? { k: "node", id: r.when } : undefined)); fire.set(r, f); }
      return f;
    };
    for (const tier of ["refer", "review", "deny", "pend"] as const) {
      for (const s of sections) for (const r of s.rules) {
        if (r.outcome !== tier) continue;
        const g = fireOf(s, r);
        if (live(g)) entries.push({ guard: g, key: { outcome: OUTCOME_OF[tier], section: s.id, supported: [] }, rule: r.id, what: "rule" });
      }
    }
    const approvals: { s: PlanSection; r: PlanRule }[] = [];
    for (const s of sections) for (const r of s.rules) if (r.outcome === "approve") approvals.push({ s, r });
    const firing = approvals.filter(({ s, r }) => live(fireOf(s, r)));
    for (const { s, r } of firing) {
      const pre = s.requires.map((q) => (q.studies ? or(not(this.match(q.studies)), { k: "node", id: q.cond }) : ({ k: "node", id: q.cond } as Fm)));
      const g = x(and(fireOf(s, r), ...pre));
      if (live(g)) entries.push({ guard: g, key: { outcome: "approve", section: s.id, supported: [] }, rule: r.id, what: "approve" });
    }
    for (const { s, r } of firing) entries.push({ guard: fireOf(s, r), key: { outcome: "pend", section: s.id, supported: [] }, rule: r.id, what: "prerequisite" });
    const zone = simplify(not(or(...entries.map((e) => e.guard))));

    // The deny-by-default zone (decide.ts approveStage with no live approval).
    const appliesA = approvals.map(({ s }) => simplify(applies(s))).map((f, i) => ({ f, i })).filter((x) => live(x.f));
    const others = approvals.map(({ s, r }) => x(and(applies(s), not(this.match(r.studies)), r.when !== undefined ? { k: "node", id: r.when } : undefined)))
      .map((f, i) => ({ f, i })).filter((x) => live(x.f));
    const scoped = sections.filter((s) => s.applies !== undefined).map((s) => ({ s, f: applies(s) })).filter((x) => live(x.f));
    const noOther = not(or(...others.map((x) => x.f)));
    const noApproval = not(or(...appliesA.map((x) => x.f)));
    const sectionIs = (id: string | undefined): Fm => {
      if (id === undefined) return simplify(and(noOther, noApproval, not(or(...scoped.map((x) => x.f)))));
      const alts: Fm[] = [];
      others.forEach((o, k) => { if (approvals[o.i].s.id === id) alts.push(and(o.f, not(or(...others.slice(k + 1).map((x) => x.f))))); });
      appliesA.forEach((a, k) => { if (approvals[a.i].s.id === id) alts.push(and(noOther, a.f, not(or(...appliesA.slice(k + 1).map((x) => x.f))))); });
      scoped.forEach((x, k) => { if (x.s.id === id) alts.push(and(noOther, noApproval, x.f, not(or(...scoped.slice(0, k).map((y) => y.f))))); });
      return simplify(or(...alts));
    };
    const supportTerms = new Map<string, Fm[]>();
    for (const o of others) for (const st of this.catalogue) {
      const fit = this.fitsAs(approvals[o.i].r.studies, st);
      if (fit === FALSE) continue;
      const a = supportTerms.get(st.cpt) ?? [];
      a.push(x(and(o.f, fit)));
      supportTerms.set(st.cpt, a);
    }
    const sectionsHere = new Set<string | undefined>([undefined]);
    for (const o of others) sectionsHere.add(approvals[o.i].s.id);
    for (const a of appliesA) sectionsHere.add(approvals[a.i].s.id);
    for (const x of scoped) sectionsHere.add(x.s.id);
    return {
      entries, zone, sectionIs,
      supports: (cpt) => simplify(or(...(supportTerms.get(cpt) ?? []))),
      supportable: [...supportTerms.keys()],
      sections: [...sectionsHere],
    };
  }
}

/** Flatten constant children: TRUE/FALSE identities, so pruned formulas stay small. */
export function simplify(fm: Fm): Fm {
  if (fm.k === "and" || fm.k === "or") {
    const xs: Fm[] = [];
    for (const x0 of fm.xs) {
      const x = simplify(x0);
      if (fm.k === "and") { if (x === FALSE || isFalse(x)) return FALSE; if (isTrue(x)) continue; }
      else { if (isTrue(x)) return TRUE; if (isFalse(x)) continue; }
      if (x.k === fm.k) xs.push(...x.xs); else xs.push(x);
    }
    if (xs.length === 0) return fm.k === "and" ? TRUE : FALSE;
    if (xs.length === 1) return xs[0];
    return { k: fm.k, xs };
  }
  if (fm.k === "not") {
    const x = simplify(fm.x);
    if (isTrue(x)) return FALSE;
    if (isFalse(x)) return TRUE;
    return { k: "not", x };
  }
  return fm;
}
const isTrue = (f: Fm) => f.k === "and" && f.xs.length === 0;
const isFalse = (f: Fm) => f.k === "or" && f.xs.length === 0;
