// The front door of the toolchain, for the CLI, the playground and anyone embedding the compiler
// (`import … from "guideline-dsl"`): guideline text in; diagnostics, a checked model, compiled modules,
// JSON Schemas, determinations and formatted text out. Nothing here reads files or the clock.
import { parse as parseGuide } from "../grammar/parse.ts";
import type { Limits } from "../grammar/limits.ts";
import type { GuideFile } from "../grammar/ast.ts";
import type { Diagnostic } from "../grammar/diagnostics.ts";
import { checkText, hasErrors, type CheckResult } from "./compile.ts";
import type { CheckOptions } from "./check/index.ts";
import { emitDeclarations, emitJavaScript, emitModule, emitTypeScript, type EmitOptions } from "./emit/typescript.ts";
import { caseSchema } from "./emit/schema.ts";
import type { Model } from "./model.ts";

export { checkText, hasErrors, type CheckResult, type CheckOptions };
export { interpret } from "./interpret.ts";
export { explain } from "./explain.ts";
export { notice, noticeText, noticeMarkdown, type Notice, type NoticeCriterion } from "./notice.ts";
export { runExamples, compareToExpectation, type ExampleResult, type Coverage, type Evaluator } from "./run-examples.ts";
export { emitTypeScript, emitJavaScript, emitDeclarations, emitModule, GENERATED_MARK, type EmitOptions } from "./emit/typescript.ts";
export { caseSchema } from "./emit/schema.ts";
export { questionnaireOf, questionnaireItems, QuestionnaireError, type QuestionnaireOptions, type Questionnaire, type QuestionnaireItem, type CodeSystem } from "./interop/questionnaire.ts";
export { claimResponseOf, reviewActionOf, type ClaimResponse, type ClaimResponseOptions } from "./interop/pas.ts";
export { diffGuidelines, diffStructure, diffScope, groupRegions, renderDiff, type GuidelineDiff, type DiffScope, type Region, type Change, type FactChange, type Group, type SemanticOptions } from "./diff/index.ts";
export { findQuote, normaliseQuote, normaliseSource, type NormalisedSource } from "./check/citations.ts";
export { compareDiagnostics, diagnosticCodes, type Diagnostic, type DiagnosticCode, type Severity } from "../grammar/diagnostics.ts";
export type * as Ast from "../grammar/ast.ts";
export type { Model, ExampleCase, NodeOp } from "./model.ts";
export type { Plan, PlanFact, PlanRule, PlanSection, PlanStudy } from "../runtime/plan.ts";
export type { Determination, EvaluateOptions, Outcome, Reason, Criterion, WhyNot } from "../runtime/decide.ts";

/**
 * The canonical layout of a .guide text (rejects with a syntax error on a file with syntax errors). prettier and
 * the plugin load on the first call, so a tool that only checks (the playground's checker worker) never loads them.
 */
export async function format(text: string): Promise<string> {
  return (await import("./format/format.ts")).formatGuide(text);
}

/** Parse only: the syntax tree (undefined when the text cannot be read at all) and the syntax diagnostics. */
export function parse(text: string, file = "<input>", limits: Partial<Limits> = {}): { ast: GuideFile | undefined; diagnostics: Diagnostic[] } {
  const r = parseGuide(text, file, limits);
  return { ast: r.ast, diagnostics: r.diagnostics };
}

/** Parse and check (names, types, units, citations, examples): the checked model and every diagnostic. */
export function check(text: string, file: string, options: CheckOptions = {}): CheckResult {
  return checkText(text, file, options);
}

export type Target = "ts" | "js";
export interface CompileOptions extends EmitOptions {
  /** "ts" (default): NAME.ts; "js": NAME.js and NAME.d.ts, for plain Node and tsc-built apps. */
  target?: Target;
  /** Format the TypeScript module with prettier (default true; ignored for "js"). */
  prettier?: boolean;
}
/** A compiled guideline: file name suffix (".ts", ".js", ".d.ts", ".schema.json") to contents, and notes. */
export interface Compiled { files: Record<string, string>; notes: string[] }

/** A checked model as the files `guide compile` writes. */
export async function compile(model: Model, options: CompileOptions = {}): Promise<Compiled> {
  const files: Record<string, string> = {};
  const notes: string[] = [];
  if ((options.target ?? "ts") === "js") {
    files[".js"] = emitJavaScript(model, options);
    files[".d.ts"] = emitDeclarations(model, options);
  } else if (options.prettier === false) {
    files[".ts"] = emitTypeScript(model, options);
  } else {
    const m = await emitModule(model, options);
    files[".ts"] = m.code;
    if (m.note) notes.push(m.note);
  }
  files[".schema.json"] = JSON.stringify(caseSchema(model.plan, model), null, 2) + "\n";
  return { files, notes };
}

/** Check and compile in one step: the files, or the diagnostics that stopped it. */
export async function compileText(text: string, file: string, options: CompileOptions & CheckOptions = {}): Promise<CheckResult & Partial<Compiled>> {
  const r = checkText(text, file, options);
  if (!r.model || hasErrors(r.diagnostics)) return r;
  return { ...r, ...(await compile(r.model, options)) };
}
