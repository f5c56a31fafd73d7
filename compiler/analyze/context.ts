// What every analysis shares: the model, its case space, one solver (with the combination budget), the
// source ranges of rules and sections, and the counterexample helpers. Built once per `analyze` call.
import type { Model } from "../model.ts";
import type { Diagnostic } from "../../grammar/diagnostics.ts";
import type { Range, RuleDecl, SectionDecl } from "../../grammar/ast.ts";
import type { PlanRule, PlanSection } from "../../runtime/plan.ts";
import { interpret } from "../interpret.ts";
import type { Determination } from "../../runtime/decide.ts";
import { buildSpace, type CaseJson, type Space } from "./space.ts";
import { Capped, Solver, and, type Fm } from "./search.ts";
import { caseOf } from "./case.ts";

/** A finding with its evidence: the rules involved and, for case-based findings, a Case that shows it. */
export interface Finding extends Diagnostic { rules?: string[]; case?: CaseJson }

export const DEFAULT_BUDGET = 200_000;

export class AnalysisContext {
  readonly space: Space;
  readonly solver: Solver;
  readonly findings: Finding[] = [];
  /** Searches that hit the budget, by what they were looking for. */
  readonly capped: string[] = [];
  private readonly ruleDecls = new Map<string, RuleDecl>();
  private readonly sectionDecls = new Map<string, SectionDecl>();
  private readonly feasibleMemo = new Map<string, boolean | "capped">();

  constructor(readonly model: Model, readonly budget = DEFAULT_BUDGET) {
    this.space = buildSpace(model);
    this.solver = new Solver(model, this.space, budget);
    for (const s of model.ast.sections) {
      this.sectionDecls.set(s.id.text, s);
      s.rules.forEach((r, i) => this.ruleDecls.set(`${s.id.text}/${r.label?.text ?? `rule-${i + 1}`}`, r));
    }
  }

  get file(): string { return this.model.file; }
  ruleRange(id: string): Range { return this.ruleDecls.get(id)?.range ?? this.model.ast.range; }
  sectionRange(id: string): Range { const s = this.sectionDecls.get(id); return s ? { start: s.range.start, end: s.title.range.end } : this.model.ast.range; }
  sectionOf(rule: PlanRule): PlanSection { return this.model.plan.sections.find((s) => s.id === rule.section)!; }

  /** The rule fires: its section applies, the requested study fits it (refer rules fit any), its condition holds. */
  fire(rule: PlanRule): Fm {
    const s = this.sectionOf(rule);
    return and(
      s.applies !== undefined ? { k: "node", id: s.applies } : undefined,
      rule.outcome === "refer" ? undefined : { k: "match", ps: rule.studies },
      rule.when !== undefined ? { k: "node", id: rule.when } : undefined,
    );
  }

  /** solve() that records a hit budget instead of throwing; "capped" when the answer is not known. */
  solve(fm: Fm, what: string): Int32Array | undefined | "capped" {
    this.solver.visited = 0;
    try {
      return this.solver.solve(fm);
    } catch (e) {
      if (e instanceof Capped) { this.capped.push(what); return "capped"; }
      throw e;
    }
  }

  feasible(rule: PlanRule): boolean | "capped" {
    let f = this.feasibleMemo.get(rule.id);
    if (f === undefined) {
      const r = this.solve(this.fire(rule), `whether ${rule.id} can fire`);
      f = r === "capped" ? "capped" : r !== undefined;
      this.feasibleMemo.set(rule.id, f);
    }
    return f;
  }

  /** A Case from an assignment: the formula's other variables at their first value, or (`fill`) every variable. */
  caseFrom(asg: Int32Array, fm: Fm | undefined, fill: boolean): CaseJson {
    const a = Int32Array.from(asg);
    const vars = fill ? this.space.vars.map((_, i) => i) : fm ? this.solver.varsOf(fm) : [];
    // Filling every fact leaves alone those a `yes when` / `no when` clause relates: a first value picked for each
    // side (a GCS of 3 with alertness "no") would make a case the runtime refuses. Left unknown, the runtime derives them.
    const related = fill ? this.solver.clauseVars() : undefined;
    for (const i of vars) if (a[i] < 0 && !related?.has(i)) a[i] = 0;
    return caseOf(this.space, a, this.model.plan.studies[0]?.cpt ?? "00000");
  }

  // The analyses read outcomes, never a pend's questions: skip the search for the fewest (runtime/fewest.ts).
  decide(c: CaseJson): Determination { return interpret(this.model, c, { missing: "all" }); }

  /** The first of the candidate cases (the bare one, then every fact filled in) that passes `ok`. */
  bestCase(asg: Int32Array, fm: Fm, ok: (d: Determination) => boolean): { c: CaseJson; confirmed: boolean } {
    for (const fill of [false, true]) {
      const c = this.caseFrom(asg, fm, fill);
      if (ok(this.decide(c))) return { c, confirmed: true };
    }
    return { c: this.caseFrom(asg, fm, false), confirmed: false };
  }

  report(f: Omit<Finding, "file" | "severity"> & { severity?: Finding["severity"] }): void {
    this.findings.push({ severity: "warning", file: this.file, ...f });
  }
}

export const caseHint = (c: CaseJson): string => `Example case: ${JSON.stringify(c)}`;
