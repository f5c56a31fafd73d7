// The checked form of a guideline: the runtime Plan (sections, rules, condition nodes) plus what the
// interpreter needs to evaluate each node, and the examples turned into Cases. Built by check/index.ts.
import type { Plan, StudyPattern } from "../runtime/plan.ts";
import type { Span } from "../runtime/span.ts";
import type { Op } from "../runtime/leaves.ts";
import type { GuideFile } from "../grammar/ast.ts";
import type { Outcome } from "../runtime/decide.ts";

/** What a condition node computes. `kids` of and/or/not/atLeast/def are node ids. */
export type NodeOp =
  // origin "elsewhere": `supported elsewhere`, an `or` of every approve rule's firing (built by the checker).
  | { op: "and" | "or"; kids: number[]; origin?: "any" | "all" | "none" | "elsewhere" }
  | { op: "not"; kid: number }
  | { op: "atLeast"; n: number; kids: number[] }
  | { op: "bool"; fact: string }
  | { op: "num"; fact: string; cmp: Op; value: number }
  | { op: "age"; cmp: Op; span: Span }
  | { op: "dur"; fact: string; cmp: Op; span: Span }
  | { op: "within"; fact: string; span: Span }
  | { op: "is"; fact: string; values: string[]; negated: boolean }
  | { op: "has"; fact: string; values: string[]; mode: "any" | "all" }
  | { op: "req"; pattern: StudyPattern }
  | { op: "def"; name: string; kid: number }
  | { op: "const"; value: boolean };

export interface ExampleCase {
  title: string;
  section: string;
  line: number;
  case: { asOf: string; patient?: { birthDate?: string }; request: { cpt: string; indication?: string }; facts: Record<string, unknown> };
  expect: { outcome: Outcome; target?: string; missing?: string[] };
}

export interface Model {
  file: string;
  plan: Plan;
  ops: NodeOp[];
  examples: ExampleCase[];
  /** Rule ids by the `any of` items they contain, for coverage. */
  anyItems: { node: number; parent: number; rule: string }[];
  /**
   * One condition node per `yes when` / `no when` clause, true on every case that does not contradict it
   * (`not COND or FACT`, `not COND or not FACT`). The analyses and `guide diff` search only such cases: a case
   * that contradicts a clause is refused by the runtime, so it is no case at all.
   */
  consistency?: number[];
  sourceText?: string;
  ast: GuideFile;
}
