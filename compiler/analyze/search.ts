// Formulas over the case space (condition nodes, study matches, and/or/not) -> three-valued evaluation
// under a partial assignment, and an exhaustive backtracking search for an assignment that makes one true.
import type { Model, NodeOp } from "../model.ts";
import type { StudyPattern, PlanStudy } from "../../runtime/plan.ts";
import type { Env } from "../../runtime/decide.ts";
import { F, T, U, type T3, factNumber, ageCompare, durationCompare, dateWithin, studyFit } from "../../runtime/leaves.ts";
import type { Space } from "./space.ts";

export type Fm =
  | { k: "node"; id: number }
  | { k: "match"; ps: StudyPattern[] }
  | { k: "and" | "or"; xs: Fm[] }
  | { k: "not"; x: Fm }
  | { k: "fix"; v: number; vals: number[] }; // variable v takes one of these values

export const and = (...xs: (Fm | undefined)[]): Fm => ({ k: "and", xs: xs.filter((x): x is Fm => x !== undefined) });
export const or = (...xs: Fm[]): Fm => ({ k: "or", xs });
export const not = (x: Fm): Fm => ({ k: "not", x });

/** Thrown when a search visits more assignments than its budget allows. */
export class Capped extends Error {}

export class Solver {
  private readonly leafMemo = new Map<number, Int8Array>();
  private readonly studies: Map<string, PlanStudy>;
  visited = 0;

  constructor(readonly model: Model, readonly space: Space, readonly budget: number) {
    this.studies = new Map(model.plan.studies.map((s) => [s.cpt, s]));
  }

  /** The variables (indices) a formula depends on, in the order the search should try them. */
  varsOf(fm: Fm): number[] {
    const seen = new Set<number>(); // insertion order = first appearance in the formula
    const nodes = new Set<number>();
    const { index } = this.space;
    const addKey = (k: string) => { const i = index.get(k); if (i !== undefined) seen.add(i); };
    const addPatterns = (ps: StudyPattern[]) => {
      addKey("cpt");
      for (const p of ps) if (p.kind === "pattern" && p.region.kind === "fact") {
        const f = p.region.fact;
        addKey(f);
        for (const v of this.space.vars) if (v.kind === "member" && v.fact === f) seen.add(index.get(v.key)!);
      }
    };
    const walkNode = (id: number) => {
      if (nodes.has(id)) return;
      nodes.add(id);
      const op = this.model.ops[id];
      switch (op.op) {
        case "and": case "or": case "atLeast": op.kids.forEach(walkNode); break;
        case "not": case "def": walkNode(op.kid); break;
        case "bool": case "num": case "dur": case "within": addKey(op.fact); break;
        case "age": addKey("age"); break;
        case "is": addKey(op.fact); break;
        case "has": for (const v of op.values) addKey(`${op.fact}∋${v}`); break;
        case "req": addPatterns([op.pattern]); break;
        case "const": break;
      }
    };
    const walk = (f: Fm): void => {
      if (f.k === "node") walkNode(f.id);
      else if (f.k === "match") addPatterns(f.ps);
      else if (f.k === "not") walk(f.x);
      else if (f.k === "fix") seen.add(f.v);
      else f.xs.forEach(walk);
    };
    walk(fm);
    // Most discriminating first: indication, the requested study, age; then the rest in the order the
    // formula mentions them, so facts tested together are chosen together and a false branch shows early.
    const rank = (i: number) => { const k = this.space.vars[i].kind; return k === "indication" ? 0 : k === "cpt" ? 1 : k === "age" ? 2 : 3; };
    const first = [...seen];
    return first.sort((a, b) => rank(a) - rank(b) || first.indexOf(a) - first.indexOf(b));
  }

  eval(fm: Fm, asg: Int32Array): T3 {
    switch (fm.k) {
      case "node": return this.node(fm.id, asg);
      case "match": return this.matchAny(fm.ps, asg);
      case "not": { const v = this.eval(fm.x, asg); return v === U ? U : v === T ? F : T; }
      case "fix": { const x = asg[fm.v]; return x < 0 ? U : fm.vals.includes(x) ? T : F; }
      case "and": {
        let u = false;
        for (const x of fm.xs) { const v = this.eval(x, asg); if (v === F) return F; if (v === U) u = true; }
        return u ? U : T;
      }
      case "or": {
        let u = false;
        for (const x of fm.xs) { const v = this.eval(x, asg); if (v === T) return T; if (v === U) u = true; }
        return u ? U : F;
      }
    }
  }

  node(id: number, asg: Int32Array): T3 {
    const op: NodeOp = this.model.ops[id];
    switch (op.op) {
      case "and": {
        let u = false;
        for (const k of op.kids) { const v = this.node(k, asg); if (v === F) return F; if (v === U) u = true; }
        return u ? U : T;
      }
      case "or": {
        let u = false;
        for (const k of op.kids) { const v = this.node(k, asg); if (v === T) return T; if (v === U) u = true; }
        return u ? U : F;
      }
      case "not": { const v = this.node(op.kid, asg); return v === U ? U : v === T ? F : T; }
      case "atLeast": {
        let t = 0, u = 0;
        for (const k of op.kids) { const v = this.node(k, asg); if (v === T) t++; else if (v === U) u++; }
        return t >= op.n ? T : t + u < op.n ? F : U;
      }
      case "def": return this.node(op.kid, asg);
      case "const": return op.value ? T : F;
      case "bool": { const x = this.val(op.fact, asg); return x === undefined ? U : this.space.vars[this.space.index.get(op.fact)!].values[x].json === true ? T : F; }
      case "is": {
        const x = this.val(op.fact, asg);
        if (x === undefined) return U;
        const v = this.space.vars[this.space.index.get(op.fact)!].values[x].json as string;
        return op.values.includes(v) !== op.negated ? T : F;
      }
      case "has": {
        let t = 0, u = 0;
        for (const m of op.values) {
          const x = this.val(`${op.fact}∋${m}`, asg);
          if (x === undefined) u++; else if (x === 1) t++;
        }
        if (op.mode === "any") return t > 0 ? T : u > 0 ? U : F;
        return t === op.values.length ? T : t + u < op.values.length ? F : U;
      }
      case "req": return this.matchAny([op.pattern], asg);
      case "num": case "age": case "dur": case "within": {
        const key = op.op === "age" ? "age" : op.fact;
        const x = this.val(key, asg);
        if (x === undefined) return U;
        return this.leaf(id, op, key, x);
      }
    }
  }

  /** A comparison leaf, computed by the runtime's own test on a case holding just that value. */
  private leaf(id: number, op: NodeOp, key: string, x: number): T3 {
    let memo = this.leafMemo.get(id);
    if (!memo) { memo = new Int8Array(this.space.vars[this.space.index.get(key)!].values.length).fill(-1); this.leafMemo.set(id, memo); }
    if (memo[x] >= 0) return memo[x] as T3;
    const valid = this.space.vars[this.space.index.get(key)!].values[x].valid!;
    const env: Env = { c: valid, plan: this.model.plan, study: undefined, v: new Int8Array(0) };
    const r: T3 = op.op === "num" ? factNumber(env, op.fact, op.cmp, op.value)
      : op.op === "age" ? ageCompare(env, op.cmp, op.span)
      : op.op === "dur" ? durationCompare(env, op.fact, op.cmp, op.span)
      : op.op === "within" ? dateWithin(env, op.fact, op.span) : U;
    memo[x] = r;
    return r;
  }

  private val(key: string, asg: Int32Array): number | undefined {
    const i = this.space.index.get(key);
    if (i === undefined) return undefined;
    const x = asg[i];
    return x < 0 ? undefined : x;
  }

  /** The requested study fits one of the patterns (the runtime's studyFit, region facts as variables). */
  matchAny(ps: StudyPattern[], asg: Int32Array): T3 {
    const c = this.val("cpt", asg);
    if (c === undefined) return U;
    const s = this.studies.get(this.space.vars[this.space.index.get("cpt")!].values[c].json as string);
    if (!s) return F;
    let u = false;
    for (const p of ps) {
      let r: T3;
      const fit = studyFit(p, s);
      if (typeof fit === "boolean") r = fit ? T : F;
      else {
        const f = fit;
        const fv = this.space.index.get(f);
        if (fv !== undefined) { const x = asg[fv]; r = x < 0 ? U : this.space.vars[fv].values[x].json === s.region ? T : F; }
        else { const mv = this.space.index.get(`${f}∋${s.region}`); r = mv === undefined ? F : asg[mv] < 0 ? U : asg[mv] === 1 ? T : F; }
      }
      if (r === T) return T;
      if (r === U) u = true;
    }
    return u ? U : F;
  }

  /** An unassigned variable that an undecided part of the formula waits for (following unknown children). */
  private pick(fm: Fm, asg: Int32Array): number | undefined {
    switch (fm.k) {
      case "node": return this.pickNode(fm.id, asg);
      case "match": return this.pickMatch(fm.ps, asg);
      case "not": return this.pick(fm.x, asg);
      case "fix": return asg[fm.v] < 0 ? fm.v : undefined;
      case "and": case "or":
        for (const x of fm.xs) if (this.eval(x, asg) === U) { const v = this.pick(x, asg); if (v !== undefined) return v; }
        return undefined;
    }
  }

  private pickNode(id: number, asg: Int32Array): number | undefined {
    const op = this.model.ops[id];
    const key = (k: string) => { const i = this.space.index.get(k); return i !== undefined && asg[i] < 0 ? i : undefined; };
    switch (op.op) {
      case "and": case "or": case "atLeast":
        for (const k of op.kids) if (this.node(k, asg) === U) { const v = this.pickNode(k, asg); if (v !== undefined) return v; }
        return undefined;
      case "not": case "def": return this.pickNode(op.kid, asg);
      case "bool": case "num": case "dur": case "within": case "is": return key(op.fact);
      case "age": return key("age");
      case "has": for (const m of op.values) { const v = key(`${op.fact}∋${m}`); if (v !== undefined) return v; } return undefined;
      case "req": return this.pickMatch([op.pattern], asg);
      case "const": return undefined;
    }
  }

  private pickMatch(ps: StudyPattern[], asg: Int32Array): number | undefined {
    const c = this.space.index.get("cpt")!;
    if (asg[c] < 0) return c;
    const s = this.studies.get(this.space.vars[c].values[asg[c]].json as string);
    for (const p of ps) if (p.kind === "pattern" && p.region.kind === "fact" && s) {
      for (const k of [p.region.fact, `${p.region.fact}∋${s.region}`]) { const i = this.space.index.get(k); if (i !== undefined && asg[i] < 0) return i; }
    }
    return undefined;
  }

  /**
   * The consistency nodes (Model.consistency) a search for `fm` must respect: a clause whose fact and one of
   * whose condition's facts the formula both reads (reading one side only, the runtime derives the other).
   */
  private constraintsFor(fm: Fm): Fm[] {
    const sides = this.clauseSides();
    if (!sides.length) return [];
    const vars = new Set(this.varsOf(fm));
    return sides.filter((c) => c.answer.some((v) => vars.has(v)) && c.cond.some((v) => vars.has(v))).map((c) => ({ k: "node", id: c.id }));
  }

  private sides?: { id: number; answer: number[]; cond: number[] }[];
  /** For each consistency node `or(not COND, FACT | not FACT)`: the fact's variables and the condition's, worked out once. */
  private clauseSides(): { id: number; answer: number[]; cond: number[] }[] {
    this.sides ??= (this.model.consistency ?? []).map((id) => {
      const op = this.model.ops[id];
      return op.op === "or" && op.kids.length === 2
        ? { id, answer: this.varsOf({ k: "node", id: op.kids[1] }), cond: this.varsOf({ k: "node", id: op.kids[0] }) }
        : { id, answer: [], cond: [] };
    });
    return this.sides;
  }

  /**
   * The variables of every fact a `yes when` / `no when` clause relates, on either side. A case filled in at first
   * values leaves them alone (a GCS of 3 with alertness "no" is a case the runtime refuses); the runtime derives them.
   */
  clauseVars(): Set<number> {
    return (this.related ??= new Set(this.clauseSides().flatMap((c) => [...c.answer, ...c.cond])));
  }
  private related?: Set<number>;

  /** An assignment of the formula's variables that makes it true, or undefined when none exists.
   *  Exhaustive: every branch assigns one more variable over all its values, and a branch is dropped only
   *  when the formula is already false whatever the rest is (Kleene logic is monotone: an unknown never
   *  turns into true by itself). The next variable is one an undecided part of the formula waits for,
   *  with indication, study and age first. Throws Capped past the budget. */
  solve(fm: Fm, order?: number[]): Int32Array | undefined {
    const cons = this.constraintsFor(fm);
    if (cons.length) fm = and(fm, ...cons);
    order ??= this.varsOf(fm);
    const asg = new Int32Array(this.space.vars.length).fill(-1);
    const head = order.filter((i) => this.space.vars[i].kind === "indication" || this.space.vars[i].kind === "cpt" || this.space.vars[i].kind === "age");
    const rec = (): boolean => {
      if (++this.visited > this.budget) throw new Capped();
      const v = this.eval(fm, asg);
      if (v === F) return false;
      if (v === T) return true;
      const vi = head.find((i) => asg[i] < 0) ?? this.pick(fm, asg) ?? order.find((i) => asg[i] < 0);
      if (vi === undefined) return false;
      const n = this.space.vars[vi].values.length;
      for (let x = 0; x < n; x++) { asg[vi] = x; if (rec()) return true; }
      asg[vi] = -1;
      return false;
    };
    return rec() ? asg : undefined;
  }
}
