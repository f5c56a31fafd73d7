// Pends that ask the fewest questions: in a pended case and the facts its undecided conditions read (today's
// `missing`), out a smallest set of those facts whose answers decide the request, ordered by how many of its
// answers each fact decides the request with on its own; undefined when the search is over its budget.
//
// Each fact's candidate answers: yes and no; each value of a one-of fact; the empty set and each tested value of a
// set-of fact; each indication; for numbers, durations, dates and the patient's age, the plan's samples (one on
// each side of every threshold the guideline compares the fact with: compiler/analyze/space.ts addSamples). An
// answer is tried by deciding a copy of the already validated case with the answer added (facts the answer
// implies through `yes when` / `no when` clauses derived as validation does), reusing the values of every
// condition node that does not read an answered fact.
//
// "Decided" means the outcome is not pend. Deciding is monotone in what a case documents (conditions are
// three-valued, and an outcome other than pend stays decided when an unknown becomes known), which the search
// relies on: answers under which one fact alone decides need not be tried with other facts, and the full list
// decides at least as many combinations of answers as any part of it.
import type { Plan, PlanFact } from "./plan.ts";
import type { Env } from "./decide.ts";
import type { FactLookup, FactSpec, FactValue, ValidCase } from "./validate.ts";
import type { Age } from "./age.ts";
import { MAX_AGE_YEARS } from "./age.ts";
import type { Span } from "./span.ts";
import { readFactValue } from "./facts.ts";
import { deriveFacts, derivedFacts } from "./derive.ts";
import { addSpan, dayNumber, fromDayNumber, spanDayNumber, type Ymd } from "./dates.ts";

/** At most this many decisions are re-run for one pend; past it `missing` stays the full list. */
export const MAX_EVALUATIONS = 256;

/** One fact of the fewest to ask, and the number of its candidate answers that decide the request on their own. */
export interface FewestFact { fact: string; settles: number }

/** The facts a copy of the case answers: the case's own, then the answers tried (which win). */
class Answered implements FactLookup {
  constructor(readonly base: FactLookup, readonly extra: Map<string, FactValue>) {}
  get(name: string): FactValue | undefined { const v = this.extra.get(name); return v !== undefined ? v : this.base.get(name); }
  has(name: string): boolean { return this.extra.has(name) || this.base.has(name); }
  get size(): number { let n = this.base.size; for (const k of this.extra.keys()) if (!this.base.has(k)) n++; return n; }
  *keys(): IterableIterator<string> { yield* this.base.keys(); for (const k of this.extra.keys()) if (!this.base.has(k)) yield k; }
}

/** The condition nodes that read each fact (or age, or indication), directly or through their kids, per plan. */
const readersCache = new WeakMap<Plan, Map<string, Int32Array>>();
function readersOf(plan: Plan): Map<string, Int32Array> {
  let readers = readersCache.get(plan);
  if (readers) return readers;
  const nodes = plan.nodes;
  const parents: number[][] = nodes.map(() => []);
  nodes.forEach((n, id) => { for (const k of n.kids) parents[k].push(id); });
  const sets = new Map<string, Set<number>>();
  nodes.forEach((n, id) => {
    for (const f of n.facts) {
      let s = sets.get(f);
      if (!s) sets.set(f, (s = new Set()));
      const stack = [id];
      while (stack.length) {
        const x = stack.pop()!;
        if (s.has(x)) continue;
        s.add(x);
        for (const p of parents[x]) stack.push(p);
      }
    }
  });
  readers = new Map([...sets].map(([f, s]) => [f, Int32Array.from([...s].sort((a, b) => a - b))]));
  readersCache.set(plan, readers);
  return readers;
}

/** The last birth day (a day number) at which the patient is at least `t` old on asOf. */
function lastBirthReaching(asOf: Ymd, t: Span): number {
  const a = dayNumber(asOf);
  const reach = (b: number): number => spanDayNumber(fromDayNumber(b), t);
  let b = dayNumber(addSpan(asOf, t, -1));
  // The calendar estimate is off by a few days at most (month-end clamping); the walks are bounded all the same.
  for (let i = 0; i < 64 && reach(b + 1) <= a; i++) b++;
  for (let i = 0; i < 64 && reach(b) > a; i++) b--;
  return b;
}

/** The first declaration of each fact name, per plan. */
const factsCache = new WeakMap<Plan, Map<string, PlanFact>>();

/** A candidate answer: a fact's value as a validated case holds it, an indication, or the patient's age. */
export type CandidateAnswer = FactValue | Age;

/**
 * The candidate answers of one fact (or "age", or "indication") for a case decided as of `asOf`: empty when the plan
 * gives none (a number, duration or date fact without samples, as in a plan compiled before them: then no search).
 */
export function candidateAnswers(plan: Plan, asOf: Ymd, fact: string): CandidateAnswer[] {
  const today = dayNumber(asOf);
  if (fact === "indication") return plan.indications.map((i) => i.name);
  if (fact === "age") {
    const oldest = dayNumber(addSpan(asOf, { months: MAX_AGE_YEARS * 12, days: 0 }, -1));
    const out: CandidateAnswer[] = [], seen = new Set<number>();
    for (const s of plan.ageSamples ?? []) {
      const b = lastBirthReaching(asOf, s.ago) - (s.days ?? 0);
      if (b > today || b < oldest || seen.has(b)) continue;
      seen.add(b);
      out.push({ kind: "birth", birth: fromDayNumber(b), asOf });
    }
    return out;
  }
  let byName = factsCache.get(plan);
  if (!byName) {
    byName = new Map();
    for (const x of plan.facts) if (!byName.has(x.name)) byName.set(x.name, x);
    factsCache.set(plan, byName);
  }
  const f = byName.get(fact);
  if (!f) return [];
  const t = f.type;
  switch (t.kind) {
    case "bool": return [true, false];
    case "enum": return [...t.values];
    case "date": {
      const out: CandidateAnswer[] = [], seen = new Set<number>();
      for (const s of (f.samples ?? []) as { ago: Span; days?: number }[]) {
        const d = dayNumber(addSpan(asOf, s.ago, -1)) - (s.days ?? 0);
        if (d > today || seen.has(d)) continue;
        seen.add(d);
        out.push(fromDayNumber(d));
      }
      return out;
    }
    default: {
      // Numbers, durations and sets as the case would give them, read as validation reads them.
      const samples = f.samples ?? (t.kind === "set" ? [[], ...t.values.map((v) => [v])] : []);
      const out: CandidateAnswer[] = [];
      for (const s of samples) {
        const v = readFactValue(s, t, asOf, fact, []);
        if (v !== undefined) out.push(v);
      }
      return out;
    }
  }
}

class OverBudget extends Error {}

/**
 * The fewest of `facts` (today's `missing`, in its order) to ask: the smallest set whose answers decide the request
 * whatever they are, or, when no set does, the smallest that decides it for as large a share of its answers as all
 * of them do (the empty set when no answer can lift the pend). Ordered by how many answers of each fact decide on
 * their own, most first (ties in the order given). `pends` decides a case and says whether it pends; `spec` is the
 * plan's declared facts (for the clauses that derive one fact from another). When the combinations are too many to
 * search within MAX_EVALUATIONS decisions, every fact, most decisive first. Undefined when a fact has no candidate
 * answers or even trying each fact alone is over the budget.
 */
export function fewestMissing(env: Env, facts: readonly string[], spec: readonly FactSpec[], pends: (e: Env) => boolean): FewestFact[] | undefined {
  const n = facts.length;
  const answers = facts.map((f) => candidateAnswers(env.plan, env.c.asOf, f));
  if (answers.some((a) => a.length === 0) || answers.reduce((t, a) => t + a.length, 0) > MAX_EVALUATIONS) return undefined;
  const readers = readersOf(env.plan);
  const c = env.c;
  const base = env.v.slice();
  // One copy of the case, reused for every answer tried (a decision keeps no reference to it).
  const extra = new Map<string, FactValue>();
  const lookup = new Answered(c.facts, extra);
  const copy: ValidCase = { ...c, facts: lookup };
  const trial: Env = { c: copy, plan: env.plan, study: env.study, v: new Int8Array(base.length) };
  const get = (f: string): FactValue | undefined => lookup.get(f), set = (f: string, x: FactValue): void => { extra.set(f, x); }, never = (): boolean => false;
  const derives = derivedFacts(spec).length > 0;
  const reset = (k: string): void => { const ids = readers.get(k); if (ids) for (let j = 0; j < ids.length; j++) trial.v[ids[j]] = -1; };
  // Memo keys: the answers as one number in mixed radix, or as text when that number could be inexact.
  const radix: number[] = [];
  let place = 1;
  for (const a of answers) { radix.push(place); place *= a.length + 1; }
  const keyOf = place <= Number.MAX_SAFE_INTEGER
    ? (assign: readonly number[]): number | string => { let k = 0; for (let i = 0; i < n; i++) k += (assign[i] + 1) * radix[i]; return k; }
    : (assign: readonly number[]): number | string => assign.join(",");
  const memo = new Map<number | string, 0 | 1 | 2>();
  let evaluations = 0;

  /** The case with these answers (per fact: an answer's index, or -1 for unanswered): 0 pends, 1 is decided, 2 is no case (the answers contradict it). */
  const status = (assign: readonly number[]): 0 | 1 | 2 => {
    const key = keyOf(assign);
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (evaluations >= MAX_EVALUATIONS) throw new OverBudget();
    evaluations++;
    extra.clear();
    let age = c.age, indication = c.indication;
    for (let i = 0; i < n; i++) {
      if (assign[i] < 0) continue;
      const a = answers[i][assign[i]];
      if (facts[i] === "age") age = a as Age;
      else if (facts[i] === "indication") indication = a as string;
      else extra.set(facts[i], a as FactValue);
    }
    // What the answers imply through `yes when` / `no when`; answers that contradict the case are no case at all.
    const possible = !derives || extra.size === 0 || deriveFacts(spec, get, set, never, undefined, undefined, c.asOf);
    let r: 0 | 1 | 2 = 2;
    if (possible) {
      trial.v.set(base);
      for (const k of extra.keys()) reset(k);
      if (age !== c.age) reset("age");
      if (indication !== c.indication) reset("indication");
      copy.age = age;
      copy.indication = indication;
      r = pends(trial) ? 0 : 1;
    }
    memo.set(key, r);
    return r;
  };
  /** Answers that are no case need no deciding. */
  const decided = (assign: readonly number[]): boolean => status(assign) !== 0;

  /** Each combination of the given answers of the facts at `at` (odometer order); stops when `visit` says so. */
  const combos = (at: readonly number[], choices: readonly (readonly number[])[], visit: (assign: number[]) => boolean): void => {
    const assign = new Array<number>(n).fill(-1);
    const digit = at.map(() => 0);
    for (;;) {
      for (let j = 0; j < at.length; j++) assign[at[j]] = choices[at[j]][digit[j]];
      if (!visit(assign)) return;
      let j = at.length - 1;
      while (j >= 0 && ++digit[j] === choices[at[j]].length) digit[j--] = 0;
      if (j < 0) return;
    }
  };
  /** Each set of k of the positions 0..n-1 of `order`, in lexicographic order; stops when `visit` says so. */
  const subsets = (k: number, visit: (s: number[]) => boolean): boolean => {
    const pos = Array.from({ length: k }, (_, j) => j);
    for (;;) {
      if (!visit(pos.map((p) => order[p]))) return false;
      let j = k - 1;
      while (j >= 0 && pos[j] === n - k + j) j--;
      if (j < 0) return true;
      pos[j]++;
      for (let m = j + 1; m < k; m++) pos[m] = pos[m - 1] + 1;
    }
  };

  let order: number[] = [];
  try {
    // Each fact alone: how many of its answers decide, and which do not (only those need trying with others).
    // An answer that contradicts the case (through `yes when` / `no when`) is not a candidate.
    const open: number[][] = [], settles: number[] = [], count: number[] = [];
    for (let i = 0; i < n; i++) {
      const assign = new Array<number>(n).fill(-1);
      open.push([]);
      settles.push(0);
      count.push(0);
      for (let a = 0; a < answers[i].length; a++) {
        assign[i] = a;
        const st = status(assign);
        if (st !== 2) count[i]++;
        if (st === 0) open[i].push(a);
        else if (st === 1) settles[i]++;
      }
      if (count[i] === 0) return undefined;
    }
    order = facts.map((_, i) => i).sort((a, b) => settles[b] - settles[a] || a - b);
    // Every combination of two or more undecided answers may need deciding: give up now, not half-way, if they are too many.
    let combinations = 1;
    for (const o of open) combinations *= o.length + 1;
    const result = (s: readonly number[]): FewestFact[] => [...s].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((i) => ({ fact: facts[i], settles: settles[i] }));
    // Too many combinations to find the smallest set: every fact, but the most decisive first (a form asking a few
    // at a time, such as DTR's $next-question, then asks first what is likeliest to decide).
    if (combinations - 1 - open.reduce((t, o) => t + o.length, 0) > MAX_EVALUATIONS - evaluations) return result(facts.map((_, i) => i));

    // The smallest set that decides under every combination of its answers.
    for (let k = 1; k <= n; k++) {
      let found: number[] | undefined;
      subsets(k, (s) => {
        if (s.some((i) => open[i].length === 0)) { found = [s.find((i) => open[i].length === 0)!]; return false; }
        let all = true;
        combos(s, open, (assign) => (all = decided(assign)));
        if (all) found = s;
        return !all;
      });
      if (found) return result(found);
    }

    // None does: the smallest set that decides for as large a share of its answers as all the facts do.
    const total = (s: readonly number[]): bigint => s.reduce((p, i) => p * BigInt(count[i]), 1n);
    const undecided = (s: readonly number[], limit: (u: bigint) => boolean): bigint | undefined => {
      let u = 0n, over = false;
      combos(s, open, (assign) => { if (!decided(assign)) u++; over = limit(u); return !over; });
      return over ? undefined : u;
    };
    const everyFact = facts.map((_, i) => i);
    const uAll = undecided(everyFact, () => false)!, tAll = total(everyFact);
    // Asking nothing is as good when no answer lifts the pend.
    if (uAll === tAll) return [];
    for (let k = 1; k < n; k++) {
      let found: number[] | undefined;
      subsets(k, (s) => {
        const ts = total(s);
        const u = undecided(s, (x) => x * tAll > uAll * ts);
        if (u !== undefined && u * tAll === uAll * ts) found = s;
        return found === undefined;
      });
      if (found) return result(found);
    }
    return result(everyFact);
  } catch (e) {
    // Not reached (the count above bounds every decision the search makes), but a bound all the same.
    if (e instanceof OverBudget) return undefined;
    throw e;
  }
}
