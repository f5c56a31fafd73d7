// Two checked versions -> every region of the case space where their determinations differ (outcome,
// governing section, or the studies supported), each with a small Case the interpreter confirms under both.
// Exact over documented cases (every fact the versions ask about is given), by the threshold partitioning of
// `check --strict` (analyze/space.ts) and its Solver (analyze/search.ts), never by sampling:
//  1. The joint case space of both versions (joint.ts); one cell per indication and requested study.
//  2. In each cell, each version's decision list (decision.ts), pruned to the rules that can fire there. A cell
//     whose two lists are the same formulas is skipped: identical formulas decide identically.
//  3. Otherwise, for each pair of an old and a new list entry that decide differently, the Solver searches for
//     a case in both; the deny-by-default zone is split further by its section and supported studies.
//  4. Each region found gets a witness Case, shrunk, decided by the reference interpreter under each version.
//     A region whose difference depends on a fact the new version removed (without `replaces`), or on a value
//     one version does not accept, is "not compared", with the reason.
import { interpret } from "../interpret.ts";
import type { Determination } from "../../runtime/decide.ts";
import { buildSpace, type CaseJson, type Space } from "../analyze/space.ts";
import { Capped, Solver, and, not, type Fm } from "../analyze/search.ts";
import { caseOf, describe } from "../analyze/case.ts";
import { DEFAULT_BUDGET } from "../analyze/context.ts";
import { Encoder, TRUE, keyText, sameKey, simplify, type Decision, type Entry, type Key } from "./decision.ts";
import type { Joint } from "./joint.ts";
import type { Model, NodeOp } from "../model.ts";
import type { PlanStudy, StudyPattern } from "../../runtime/plan.ts";

export interface Side extends Key { rule?: string; what: Entry["what"] | "default"; summary?: string; version?: string }
export interface Region {
  status: "changed" | "not-compared";
  before: Side;
  after: Side;
  /** The case in the new version's vocabulary (old names where only the old version has the fact). */
  case: CaseJson;
  oldCase: CaseJson;
  newCase: CaseJson;
  /** The values that define the region (the search's assignment), in words. */
  where: string;
  sentence: string;
  /** Every requested study this region holds for (studies every pattern treats alike), the case's first. */
  studies: string[];
  why?: string;
  confirmed: boolean;
}
export interface SemanticDiff { regions: Region[]; cells: number; changedCells: number; capped: string[]; budget: number }

export interface SemanticOptions {
  /** Search only these indications (diffScope), not every one: the regions found are exact within them. */
  indications?: string[];
  /** Called before each cell (indication and requested study) is searched and once at the end, for a progress bar. */
  progress?: (done: number, total: number) => void;
}

export function semanticDiff(joint: Joint, budget = DEFAULT_BUDGET, options: SemanticOptions = {}): SemanticDiff {
  const space = buildSpace(joint.model);
  const solver = new Solver(joint.model, space, budget);
  const encOld = new Encoder(solver, space, joint.oldModel.plan.studies);
  const encNew = new Encoder(solver, space, joint.newModel.plan.studies);
  const canon = canonizer(joint.model);
  const capped: string[] = [];
  const solve = (fm: Fm, what: string): Int32Array | undefined | "capped" => {
    solver.visited = 0;
    try { return solver.solve(simplify(fm)); } catch (e) { if (e instanceof Capped) { capped.push(what); return "capped"; } throw e; }
  };
  const ind = space.index.get("indication"), cpt = space.index.get("cpt");
  const range = (v: number | undefined) => (v === undefined || space.vars[v].values.length === 0 ? [-1] : space.vars[v].values.map((_, i) => i));
  const regions: Region[] = [];
  const witness = new Witness(joint, space, solver);
  let cells = 0, changedCells = 0;
  const twins = cptClasses(joint, space, encOld, encNew, canon);
  const only = options.indications && ind !== undefined ? new Set(options.indications) : undefined;
  const xs = range(ind).filter((x) => !only || x < 0 || only.has(space.vars[ind!].values[x].json as string));
  const cs = range(cpt).filter((c) => c < 0 || twins.of[c] === c); // a class's other studies are decided exactly as its first
  let done = 0;
  for (const x of xs) {
    for (const c of cs) {
      options.progress?.(done++, xs.length * cs.length);
      cells++;
      const head = new Int32Array(space.vars.length).fill(-1);
      if (ind !== undefined && x >= 0) head[ind] = x;
      if (cpt !== undefined && c >= 0) head[cpt] = c;
      const dOld = encOld.decision(joint.oldSections, head), dNew = encNew.decision(joint.newSections, head);
      if (signature(dOld, canon) === signature(dNew, canon)) continue;
      changedCells++;
      const headFm: Fm = and(ind !== undefined && x >= 0 ? { k: "fix", v: ind, vals: [x] } : undefined, cpt !== undefined && c >= 0 ? { k: "fix", v: cpt, vals: [c] } : undefined);
      const cellName = [ind !== undefined && x >= 0 ? `indication ${space.vars[ind].values[x].label}` : "", cpt !== undefined && c >= 0 ? `study ${space.vars[cpt].values[c].label}` : ""].filter(Boolean).join(", ");
      const oldKnows = knows(joint.oldModel, space, x, c, ind, cpt), newKnows = knows(joint.newModel, space, x, c, ind, cpt);
      if (oldKnows || newKnows) {
        // A request one version cannot take at all: one region, not compared.
        const asg = solve(headFm, "a case of " + cellName);
        const r = asg && asg !== "capped" ? witness.region(asg, undefined, undefined) : undefined;
        if (r) regions.push({ ...r, studies: twins.members.get(c) ?? r.studies, status: "not-compared", why: (oldKnows ?? newKnows)! });
        continue;
      }
      const clsO = classes(dOld), clsN = classes(dNew);
      const feasible = (f: Fm, what: string) => { const r = solve(and(headFm, f), what); return r !== undefined; };
      const okO = clsO.map((k, i) => feasible(k.fm, `whether old entry ${i} decides ${cellName}`));
      const okN = clsN.map((k, j) => feasible(k.fm, `whether new entry ${j} decides ${cellName}`));
      for (let i = 0; i < clsO.length; i++) for (let j = 0; j < clsN.length; j++) {
        if (!okO[i] || !okN[j]) continue;
        const a = clsO[i], b = clsN[j];
        if (a.entry && b.entry && sameKey(a.entry.key, b.entry.key)) continue;
        // Where the two decide differently: anywhere, for two rules of different outcome or section; in the
        // deny-by-default zone, where its governing section or its supported studies differ (one atom each).
        const what = `${a.entry?.rule ?? "deny by default"} (old) against ${b.entry?.rule ?? "deny by default"} (new) for ${cellName}`;
        for (const atom of differences(dOld, dNew, a.entry, b.entry, canon)) {
          const asg = solve(and(headFm, a.fm, b.fm, atom), what);
          if (asg === undefined) continue;
          if (asg === "capped") break;
          const r = witness.region(asg, a.entry, b.entry);
          if (r) { regions.push({ ...r, studies: twins.members.get(c) ?? r.studies }); break; }
        }
      }
    }
  }
  options.progress?.(done, xs.length * cs.length);
  return { regions, cells, changedCells, capped: [...new Set(capped)], budget };
}

/** Why one version cannot take requests of this cell (an indication or study it does not declare), or undefined. */
function knows(m: Model, space: Space, x: number, c: number, ind: number | undefined, cpt: number | undefined): string | undefined {
  const v = m.plan.guideline.version ? `version ${m.plan.guideline.version}` : m.file;
  if (ind !== undefined && x >= 0) { const i = space.vars[ind].values[x].json as string; if (!m.plan.indications.some((y) => y.name === i)) return `indication ${i} is not in ${v}`; }
  if (cpt !== undefined && c >= 0) { const s = space.vars[cpt].values[c].json as string; if (!m.plan.studies.some((y) => y.cpt === s)) return `study ${s} is not in ${v}'s catalogue`; }
  return undefined;
}

/**
 * Requested studies that every study pattern of both versions (rules, prerequisites, `requested is`) treats
 * alike: one is decided exactly as another, so each class is searched once and its regions name them all.
 */
function cptClasses(joint: Joint, space: Space, encOld: Encoder, encNew: Encoder, canon: (fm: Fm) => string): { of: number[]; members: Map<number, string[]> } {
  const cv = space.index.get("cpt");
  if (cv === undefined) return { of: [], members: new Map() };
  const patterns: StudyPattern[] = [];
  for (const s of [...joint.oldSections, ...joint.newSections]) {
    for (const r of s.rules) patterns.push(...r.studies);
    for (const q of s.requires) patterns.push(...(q.studies ?? []));
  }
  for (const op of joint.model.ops) if (op.op === "req") patterns.push(op.pattern);
  const uniq = [...new Map(patterns.map((p) => [JSON.stringify(p), p])).values()];
  const find = (ps: PlanStudy[], cpt: string) => ps.find((x) => x.cpt === cpt);
  const bySig = new Map<string, number>();
  const of: number[] = [], members = new Map<number, string[]>();
  space.vars[cv].values.forEach((v, i) => {
    const cpt = v.json as string;
    const so = find(joint.oldModel.plan.studies, cpt), sn = find(joint.newModel.plan.studies, cpt), sj = find(joint.model.plan.studies, cpt);
    const sig = [so ? "o" : "-", sn ? "n" : "-", ...uniq.map((p) => `${so ? canon(encOld.fitsAs([p], so)) : ""}/${sn ? canon(encNew.fitsAs([p], sn)) : ""}/${sj ? canon(encNew.fitsAs([p], sj)) : ""}`)].join("|");
    const first = bySig.get(sig);
    if (first === undefined) { bySig.set(sig, i); of[i] = i; members.set(i, [cpt]); }
    else { of[i] = first; members.get(first)!.push(cpt); }
  });
  return { of, members };
}

interface Cls { fm: Fm; entry?: Entry }
/** Entry i decides when its guard holds and no earlier one's does; the last class is the deny-by-default zone. */
function classes(d: Decision): Cls[] {
  const out: Cls[] = d.entries.map((e, i) => ({ fm: simplify(and(e.guard, not({ k: "or", xs: d.entries.slice(0, i).map((x) => x.guard) }))), entry: e }));
  out.push({ fm: d.zone });
  return out;
}

/** Formulas whose disjunction says "the two decide differently", given which entries decide (undefined: the zone). */
function differences(o: Decision, n: Decision, a: Entry | undefined, b: Entry | undefined, canon: (fm: Fm) => string): Fm[] {
  if (a && b) return [TRUE];
  const zoneVsKey = (d: Decision, k: Key): Fm[] => {
    if (k.outcome !== "deny") return [TRUE];
    return [not(d.sectionIs(k.section)), ...d.supportable.map((c) => d.supports(c))];
  };
  if (a) return zoneVsKey(n, a.key);
  if (b) return zoneVsKey(o, b.key);
  const atoms: Fm[] = [];
  // The same formula on both sides cannot differ: only changed ones are searched.
  for (const s of new Set([...o.sections, ...n.sections])) { const x = o.sectionIs(s), y = n.sectionIs(s); if (canon(x) !== canon(y)) atoms.push(and(x, not(y))); }
  for (const c of new Set([...o.supportable, ...n.supportable])) { const x = o.supports(c), y = n.supports(c); if (canon(x) !== canon(y)) atoms.push(and(x, not(y)), and(y, not(x))); }
  return atoms;
}


export const keyOf = (d: Determination): Key => ({ outcome: d.outcome, section: d.section || undefined, supported: d.supported.map((s) => s.cpt).sort() });

/**
 * Every variable the search left open at its first value, except those of facts a `yes when` / `no when` clause
 * relates (`skip`): first values picked for both sides (a GCS of 3, alertness "no") would make a case both
 * versions refuse. Left unknown, the runtime derives them from what is given.
 */
function fillAll(asg: Int32Array, skip: ReadonlySet<number>): Int32Array {
  const a = Int32Array.from(asg);
  for (let i = 0; i < a.length; i++) if (a[i] < 0 && !skip.has(i)) a[i] = 0;
  return a;
}

/** A string that is equal for two decisions only if their formulas are the same (node ids replaced by what they test). */
function signature(d: Decision, canon: (fm: Fm) => string): string {
  const parts = d.entries.map((e) => `${e.what}:${keyText(e.key)}:${canon(e.guard)}`);
  parts.push(`zone:${canon(d.zone)}`);
  for (const s of d.sections) parts.push(`sec ${s}:${canon(d.sectionIs(s))}`);
  for (const c of [...d.supportable].sort()) parts.push(`sup ${c}:${canon(d.supports(c))}`);
  return parts.join("\n");
}

function canonizer(model: Model): (fm: Fm) => string {
  const memo = new Map<number, string>();
  const node = (id: number): string => {
    let s = memo.get(id);
    if (s !== undefined) return s;
    const op: NodeOp = model.ops[id];
    switch (op.op) {
      case "and": case "or": s = `${op.op}(${op.kids.map(node).join(",")})`; break;
      case "atLeast": s = `atLeast${op.n}(${op.kids.map(node).join(",")})`; break;
      case "not": s = `not(${node(op.kid)})`; break;
      case "def": s = node(op.kid); break;
      default: s = JSON.stringify(op); break;
    }
    memo.set(id, s);
    return s;
  };
  const fm = (f: Fm): string => {
    switch (f.k) {
      case "node": return node(f.id);
      case "match": return `match${JSON.stringify(f.ps)}`;
      case "not": return `!(${fm(f.x)})`;
      case "fix": return `v${f.v}∈${f.vals.join("|")}`;
      default: return `${f.k}(${f.xs.map(fm).join(",")})`;
    }
  };
  return fm;
}

/** Witness cases: projected on each version's vocabulary, decided by the interpreter, shrunk. */
class Witness {
  private readonly oldNames: Map<string, string[]>; // joint name -> old names (several for merged facts)
  private readonly newNames: Set<string>;
  constructor(readonly joint: Joint, readonly space: Space, readonly solver: Solver) {
    this.oldNames = new Map();
    const oldFacts = new Set(joint.oldModel.plan.facts.map((f) => f.name));
    for (const f of joint.model.plan.facts) {
      const olds = f.name.endsWith("@old") ? [f.name.slice(0, -4)] : joint.renamed.get(f.name) ?? [f.name];
      const kept = olds.filter((o) => oldFacts.has(o) && !(joint.removed.has(`${o}@old`) && !f.name.endsWith("@old")));
      if (kept.length) this.oldNames.set(f.name, kept);
    }
    this.newNames = new Set(joint.newModel.plan.facts.map((f) => f.name));
  }

  project(c: CaseJson, side: "old" | "new"): CaseJson {
    const facts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.facts)) {
      if (side === "new") { if (this.newNames.has(k)) facts[k] = v; }
      else for (const o of this.oldNames.get(k) ?? []) facts[o] = v;
    }
    return { ...c, request: { ...c.request }, facts };
  }

  decide(c: CaseJson): { old?: Determination; new?: Determination; valid: boolean; why?: string } {
    // Regions compare outcomes, never a pend's questions: no search for the fewest (runtime/fewest.ts).
    const all = { missing: "all" } as const;
    const o = interpret(this.joint.oldModel, this.project(c, "old"), all), n = interpret(this.joint.newModel, this.project(c, "new"), all);
    const bad = [o.errors?.length ? `the old version refuses this case (${o.errors.map((e) => `${e.field}: ${e.message}`).join("; ")})` : "", n.errors?.length ? `the new version refuses this case (${n.errors.map((e) => `${e.field}: ${e.message}`).join("; ")})` : ""].filter(Boolean);
    return { old: o, new: n, valid: bad.length === 0, why: bad.join("; ") || undefined };
  }

  region(asg: Int32Array, a: Entry | undefined, b: Entry | undefined): Region | undefined {
    const { space } = this;
    const fallback = space.vars[space.index.get("cpt") ?? 0]?.values[0]?.json as string ?? "00000";
    const full = caseOf(space, fillAll(asg, this.solver.clauseVars()), fallback);
    const target = this.decide(full);
    const want = (d: ReturnType<Witness["decide"]>) => d.old && d.new && target.old && target.new && sameKey(keyOf(d.old), keyOf(target.old)) && sameKey(keyOf(d.new), keyOf(target.new));
    // The smallest case first: only the values the search chose; else every value, then drop what is not needed.
    let c = caseOf(space, asg, fallback);
    let d = this.decide(c);
    if (!want(d)) {
      c = full; d = target;
      for (const k of Object.keys(full.facts)) {
        const v = space.index.get(k);
        if (v !== undefined && asg[v] >= 0) continue;
        const trial = { ...c, facts: { ...c.facts } };
        delete trial.facts[k];
        const td = this.decide(trial);
        if (want(td)) { c = trial; d = td; }
      }
    }
    if (!d.old || !d.new) return undefined;
    const before = keyOf(d.old), after = keyOf(d.new);
    let status: Region["status"] = "changed", why = d.why;
    if (!d.valid) status = "not-compared";
    else if (sameKey(before, after)) return undefined;
    else {
      // A difference that hangs on a fact the new version dropped is not a comparison of like with like.
      const removed = Object.keys(c.facts).filter((k) => this.joint.removed.has(k));
      if (removed.length) {
        const combos = product(removed.map((k) => space.vars[space.index.get(k)!]?.values.map((x) => x.json) ?? [c.facts[k]]));
        const alwaysDiffers = combos.slice(0, 64).every((vals) => {
          const t = { ...c, facts: { ...c.facts } };
          removed.forEach((k, i) => { if (vals[i] === undefined) delete t.facts[k]; else t.facts[k] = vals[i]; });
          const td = this.decide(t);
          return td.valid && td.old && td.new && !sameKey(keyOf(td.old), keyOf(td.new));
        });
        if (!alwaysDiffers) {
          status = "not-compared";
          why = `${this.joint.oldModel.plan.guideline.version ?? "the old version"} decides this by ${removed.map((k) => k.replace(/@old$/, "")).join(", ")}, which ${this.joint.newModel.plan.guideline.version ?? "the new version"} ${removed.some((k) => k.endsWith("@old")) ? "declares with another type" : "no longer has (no fact `replaces` it)"}`;
        }
      }
    }
    const keys = new Set<string>();
    for (const v of space.vars) {
      if (v.kind === "indication" && c.request.indication !== undefined) keys.add(v.key);
      else if (v.kind === "cpt") keys.add(v.key);
      else if (v.kind === "age" && c.patient) keys.add(v.key);
      else if (v.fact !== undefined && v.fact in c.facts) keys.add(v.key);
    }
    const shown = assignmentOf(space, c);
    const where = describe(space, shown, keys);
    const side = (k: Key, e: Entry | undefined, d: Determination, plan: Model["plan"]): Side => {
      const rule = e?.rule ?? (d.outcome === "deny" ? undefined : d.reasons[0]?.rule);
      const r = plan.sections.flatMap((s) => s.rules).find((x) => x.id === rule);
      return { ...k, rule, what: e?.what ?? "default", summary: r?.summary, version: plan.guideline.version };
    };
    const bs = side(before, a, d.old, this.joint.oldModel.plan), as = side(after, b, d.new, this.joint.newModel.plan);
    const because = as.rule ? `${as.rule} now decides${as.what === "prerequisite" ? " (its prerequisite is not met)" : ""}${as.summary ? ` (${as.summary})` : ""}` : "no rule of the new version supports it (deny by default)";
    const was = bs.rule ? `before, ${bs.rule} did${bs.what === "prerequisite" ? " (prerequisite not met)" : ""}` : "before, no rule supported it (deny by default)";
    const sentence = `${where}: ${keyText(before)} → ${keyText(after)}, because ${because}; ${was}.`;
    return {
      status, before: bs, after: as, studies: [c.request.cpt], case: c, oldCase: this.project(c, "old"), newCase: this.project(c, "new"), where, sentence,
      ...(status === "not-compared" && why ? { why } : {}), confirmed: (!a || sameKey(a.key, before)) && (!b || sameKey(b.key, after)),
    };
  }
}

/** The space assignment a case stands for (its values' indices), for describing it. */
function assignmentOf(space: Space, c: CaseJson): Int32Array {
  const a = new Int32Array(space.vars.length).fill(-1);
  space.vars.forEach((v, i) => {
    const eq = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    if (v.kind === "indication") a[i] = v.values.findIndex((x) => x.json === c.request.indication);
    else if (v.kind === "cpt") a[i] = v.values.findIndex((x) => x.json === c.request.cpt);
    else if (v.kind === "age") a[i] = c.patient ? v.values.findIndex((x) => x.json === c.patient!.birthDate) : -1;
    else if (v.kind === "member") { const s = c.facts[v.fact!]; a[i] = Array.isArray(s) ? (s.includes(v.member) ? 1 : 0) : -1; }
    else if (v.fact !== undefined && v.fact in c.facts) a[i] = v.values.findIndex((x) => eq(x.json, c.facts[v.fact!]));
  });
  return a;
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, x])), [[]]);
}
