// The static shape of a compiled guideline that the decision procedure (decide.ts) walks:
// sections, prerequisites and rules pointing at condition nodes by number. Plain JSON data,
// emitted verbatim into generated modules and built from the checked model by the interpreter.
import type { FactType } from "./validate.ts";
import type { FactImplication } from "./derive.ts";
import type { Span } from "./span.ts";

export type Contrast = "without" | "with" | "without_and_with";
export type StudyPattern =
  | { kind: "cpt"; cpt: string }
  | { kind: "any" }
  | { kind: "pattern"; modality: string; contrast: Contrast[]; region: { kind: "word"; word: string } | { kind: "fact"; fact: string } | { kind: "any" } };

export interface PlanStudy { cpt: string; description: string; modality: string; region: string; contrast?: Contrast; notes: string[] }
/** `labels`: the declared labels of a one-of / set-of fact's values, by value (answers in reasons show them). */
/** `implied`, `notDocumented`: the fact's `yes when` / `no when` clauses and `not documented means` value (derive.ts). */
/**
 * `samples`: answers a case could give on each side of every threshold the guideline compares the fact with,
 * filled by the compiler (compiler/analyze/space.ts); a pend tries them to ask for the fewest facts (fewest.ts).
 * Numbers in the fact's declared unit; durations as a case gives them ({"value": 6, "unit": "weeks"}); set-of
 * facts as arrays of values (the empty set and each value the guideline tests); dates as RelativeDays. Yes/no
 * and one-of facts need none (their answers are their values).
 */
export interface PlanFact {
  name: string; type: FactType; unit?: string; question: string; group?: string; labels?: Record<string, string>;
  implied?: FactImplication[]; notDocumented?: boolean | string;
  /** The earlier names of this fact (`replaces`, and names a note merges into it), for a case that still uses one. */
  replaces?: string[]; samples?: FactSample[];
}
export type FactSample = number | { value: number; unit: string } | readonly string[] | RelativeDay;
/**
 * A day relative to the case's asOf (a case's own asOf is known only when it is decided). For a date: the first
 * day of the window `within ago` (asOf minus the span, as `within` counts), then `days` days earlier (negative:
 * later). For a birth date: the last birth date at which the patient is at least `ago` old on asOf, then `days`
 * days earlier (older; negative: younger).
 */
export interface RelativeDay { ago: Span; days?: number }
export interface Cite { text: string; line: number }
export interface DslRef { file: string; line: number }

export type RuleOutcome = "approve" | "deny" | "review" | "pend" | "refer";
export interface PlanRule {
  id: string; section: string; outcome: RuleOutcome; studies: StudyPattern[]; target?: string;
  when?: number; cites: Cite[]; notes: string[]; dsl: DslRef; summary: string;
}
export interface PlanRequirement { id: string; section: string; cond: number; studies?: StudyPattern[]; cites: Cite[]; notes: string[]; dsl: DslRef; summary: string }
export interface PlanSection { id: string; title: string; applies?: number; notes: string[]; requires: PlanRequirement[]; rules: PlanRule[]; sees: string[]; dsl: DslRef }

/**
 * One condition node: what the trace shows, and what `missing` is computed from. `cite`: the sentence an item
 * of a list quotes (`item cite "…"`); `says`: what a leaf tests, in words (the fact's question and threshold);
 * `not`: the node negates its one kid. All three are for reasons (criteria.ts), never for deciding.
 */
export interface PlanNode { text: string; line: number; kids: number[]; facts: string[]; cite?: Cite; says?: string; not?: true }

export interface Plan {
  /** `effective` and `through`: the first and last day (inclusive) this version is in force, when the header states them. */
  guideline: { id: string; title: string; version?: string; effective?: string; through?: string; source?: string; file: string };
  externals: { id: string; title: string; in?: string }[];
  indications: { name: string; label?: string }[];
  studies: PlanStudy[];
  facts: PlanFact[];
  /** Birth dates on each side of every age the guideline compares with, for a pend's fewest questions (see PlanFact.samples). */
  ageSamples?: RelativeDay[];
  sections: PlanSection[];
  nodes: PlanNode[];
}
