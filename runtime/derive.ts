// Facts answered by other evidence, and "not documented" answers: in the facts a case gives (already read
// and typed) and the guideline's declarations, out the facts the rules read, or the contradictions found.
//
// A yes/no fact may declare `yes when COND` / `no when COND` (fever: `yes when temperature >= 100 °F`). When
// the case does not answer the fact, the first clause whose condition is surely true answers it; when the
// case answers it and a clause's condition surely says otherwise, the case contradicts itself and is refused
// (the fact's field is named). A fact may also declare `not documented means no|yes|VALUE`: a case that answers
// "not documented" (or a case whose `documentation` is "complete", for every fact it leaves out) then gets
// that value; for any other fact "not documented" stays unknown, never false.
//
// A clause that is one yes/no fact also works backwards: `altered_mental_status` given no with `yes when
// no_eye_opening` gives no_eye_opening no, when the case leaves it out.
//
// Shared by validateCase and the fast path (fast-read.ts), so both give the same facts.
import type { Span } from "./span.ts";
import type { Ymd } from "./dates.ts";
import type { CompareOp } from "./ops.ts";
import type { Env } from "./decide.ts";
import { F, T, U, type T3, factBool, factNumber, durationCompare, dateWithin, factIs } from "./leaves.ts";
import type { CaseIssue } from "./errors.ts";
import { childPath } from "./keys.ts";
import type { FactSpec, FactValue } from "./validate.ts";

/** A condition on other facts, as the checker lowers a `yes when` / `no when` clause (numbers in the fact's declared unit). */
export type FactCond =
  | { k: "bool"; fact: string }
  | { k: "num"; fact: string; cmp: CompareOp; value: number }
  | { k: "dur"; fact: string; cmp: CompareOp; span: Span }
  | { k: "within"; fact: string; span: Span }
  | { k: "is"; fact: string; values: string[]; negated: boolean }
  | { k: "not"; x: FactCond }
  | { k: "and" | "or"; xs: FactCond[] };

/** One `yes when` / `no when` clause: `text` is the condition as written, for messages. */
export interface FactImplication { value: boolean; when: FactCond; text: string }

/** How a fact the case did not give got its value: the record's silence, or other facts (named). */
export type Derivation = { how: "not documented" } | { how: "answered by"; facts: string[] };

/** The facts a condition reads. */
export const condFactNames = (c: FactCond): string[] => ("fact" in c ? [c.fact] : c.k === "not" ? condFactNames(c.x) : c.xs.flatMap(condFactNames));

/** The answer a case gives for "the record does not document this". */
export const NOT_DOCUMENTED = "not documented";

/**
 * A clause's condition on the facts at hand, in three-valued logic, by the runtime's own leaf tests (leaves.ts), so
 * a clause compares exactly as a rule does. The leaves read only `c.facts`, `c.asOf` and `c.indication` of a case.
 */
function evalCond(c: FactCond, env: Env): T3 {
  const asOf = env.c.asOf as Ymd | undefined;
  const ev = (x: FactCond): T3 => {
    switch (x.k) {
      case "bool": return factBool(env, x.fact);
      case "num": return factNumber(env, x.fact, x.cmp, x.value);
      case "dur": return durationCompare(env, x.fact, x.cmp, x.span);
      case "within": return asOf === undefined ? U : dateWithin(env, x.fact, x.span);
      case "is": return factIs(env, x.fact, x.values, x.negated);
      case "not": { const v = ev(x.x); return v === U ? U : v === T ? F : T; }
      case "and": { let u = false; for (const y of x.xs) { const v = ev(y); if (v === F) return F; if (v === U) u = true; } return u ? U : T; }
      case "or": { let u = false; for (const y of x.xs) { const v = ev(y); if (v === T) return T; if (v === U) u = true; } return u ? U : F; }
    }
  };
  return ev(c);
}

/** The facts of a spec that need deriving (clauses or a "not documented" meaning), worked out once per spec. */
const derivedCache = new WeakMap<readonly FactSpec[], readonly FactSpec[]>();
export function derivedFacts(facts: readonly FactSpec[]): readonly FactSpec[] {
  let d = derivedCache.get(facts);
  if (!d) {
    const seen = new Set<string>();
    d = facts.filter((f) => { const first = !seen.has(f.name); seen.add(f.name); return first && (f.implied?.length || f.notDocumented !== undefined); });
    derivedCache.set(facts, d);
  }
  return d;
}

const yesNo = (v: boolean): string => (v ? "yes" : "no");

/**
 * Complete the facts a case gives: clauses answer what the case leaves out, "not documented" answers take the
 * declared meaning. `notDocumented(name)`: the case answered "not documented" (or its documentation is complete
 * and it left the fact out). Returns the contradictions (empty when none); `issues` undefined: stop at the first.
 * Clauses read only facts without clauses (the checker holds guidelines to that), so one pass suffices.
 */
export function deriveFacts(
  spec: readonly FactSpec[],
  get: (name: string) => FactValue | undefined,
  set: (name: string, v: FactValue) => void,
  notDocumented: (name: string) => boolean,
  issues?: CaseIssue[],
  derived?: Map<string, Derivation>,
  asOf?: Ymd,
): boolean {
  let ok = true;
  const all = derivedFacts(spec);
  // What the leaf tests read of a case: its facts (as they are being completed) and its date.
  const env = { c: { facts: { get }, asOf, indication: undefined } } as unknown as Env;
  // First the plain "not documented" meanings (clauses may read those facts), then the facts with clauses.
  for (const f of all) {
    if (f.implied?.length || get(f.name) !== undefined || !notDocumented(f.name)) continue;
    set(f.name, f.notDocumented!);
    derived?.set(f.name, { how: "not documented" });
  }
  for (const f of all) {
    if (!f.implied?.length) continue;
    const given = get(f.name);
    if (given !== undefined) {
      for (const imp of f.implied) {
        // The contrapositive, where the clause is one yes/no fact: a child documented alert has eyes that open.
        const leaf = imp.when.k === "bool" ? imp.when : imp.when.k === "not" && imp.when.x.k === "bool" ? imp.when.x : undefined;
        if (given !== imp.value && leaf && get(leaf.fact) === undefined) {
          set(leaf.fact, imp.when.k !== "bool");
          derived?.set(leaf.fact, { how: "answered by", facts: [f.name] });
        }
        if (given !== imp.value && evalCond(imp.when, env) === T) {
          ok = false;
          if (!issues) return false;
          issues.push({ field: childPath("facts", f.name), message: `is given as ${yesNo(given === true)}, but the case also gives ${imp.text}, which means ${yesNo(imp.value)}; correct one of them` });
        }
      }
      continue;
    }
    let answer: boolean | undefined, by: FactImplication | undefined;
    for (const imp of f.implied) {
      if (evalCond(imp.when, env) !== T) continue;
      if (answer !== undefined && answer !== imp.value) {
        ok = false;
        if (!issues) return false;
        issues.push({ field: childPath("facts", f.name), message: `is answered both yes and no by the other facts the case gives (${f.implied.map((i) => `${yesNo(i.value)} when ${i.text}`).join("; ")}); correct them` });
        answer = undefined;
        break;
      }
      answer = imp.value;
      by = imp;
    }
    if (answer !== undefined) {
      set(f.name, answer);
      derived?.set(f.name, { how: "answered by", facts: condFactNames(by!.when) });
    } else if (f.notDocumented !== undefined && notDocumented(f.name)) {
      set(f.name, f.notDocumented);
      derived?.set(f.name, { how: "not documented" });
    }
  }
  return ok;
}
