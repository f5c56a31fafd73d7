// Messages between the page and the checker worker, and the symbol index the worker builds from the AST
// for completion, hover, go-to-definition and the outline. Plain structured-clonable data only.
import type { Diagnostic } from "../grammar/diagnostics.ts";
import type { Range } from "../grammar/ast.ts";
import type { Model } from "../compiler/model.ts";
import type { Outcome } from "../runtime/decide.ts";

export interface CheckRequest { type: "check"; version: number; text: string; file: string }
/** Test hook: makes the worker die with an uncaught error, so the restart path can be exercised. */
export interface CrashRequest { type: "crash" }
export type ToWorker = CheckRequest | CrashRequest;

/** The checked model without its AST (the page never needs the tree, only the plan to evaluate). */
export type EvalModel = Omit<Model, "ast">;

export interface ExampleOutcome {
  title: string; section: string; line: number; pass: boolean; problems: string[];
  expected: string; actual: string; case: unknown;
}

export interface CheckResponse {
  type: "result";
  version: number;
  ms: number;
  diagnostics: Diagnostic[];
  /** undefined when the text could not be parsed at all (keep the last index for completion). */
  index: SymbolIndex | undefined;
  model: EvalModel | undefined;
  hasErrors: boolean;
  examples: ExampleOutcome[];
  coverage: { rules: number; rulesHit: number };
  compiled: string;
}
/** Sent first, as soon as the check is done: the diagnostics alone, so markers need not wait for the
 *  examples, the index and the compiled code (the CheckResponse that follows, unless a newer text came). */
export interface MarkersResponse { type: "markers"; version: number; ms: number; diagnostics: Diagnostic[] }
export interface CrashResponse { type: "crash"; version: number; message: string }
export type FromWorker = MarkersResponse | CheckResponse | CrashResponse;

export interface FactSymbol { name: string; type: string; values: string[]; question: string; group?: string; range: Range }
export interface DefinitionSymbol { name: string; section?: string; text: string; range: Range; scope: Range }
export interface SectionSymbol { id: string; title: string; range: Range; idRange: Range }
export interface StudySymbol { cpt: string; description: string; range: Range }
export interface NamedSymbol { name: string; label?: string; range: Range }
export interface RuleSymbol { label?: string; outcome: string; section: string; range: Range; labelRange?: Range }
export interface CiteSymbol { text: string; range: Range; section: string; line?: number; endLine?: number }

export interface SymbolIndex {
  guideline?: { id: string; title: string };
  sourceName?: string;
  facts: FactSymbol[];
  definitions: DefinitionSymbol[];
  sections: SectionSymbol[];
  studies: StudySymbol[];
  indications: NamedSymbol[];
  enums: { name: string; values: NamedSymbol[]; range: Range }[];
  externals: NamedSymbol[];
  cites: CiteSymbol[];
  examples: { title: string; section: string; range: Range }[];
  /** Every rule, labelled or not, for the outline. */
  rules: RuleSymbol[];
}

export const outcomeWords = (o: Outcome | string, target?: string): string => (target ? `${o} ${target}` : o);
