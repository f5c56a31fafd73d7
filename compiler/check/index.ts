// check(ast) -> { model, diagnostics }: the checker as an ordered table of named passes.
// A new check is one file and one line here. No pass throws on a user's mistake.
import type { GuideFile } from "../../grammar/ast.ts";
import { compareDiagnostics, type Diagnostic } from "../../grammar/diagnostics.ts";
import type { Model } from "../model.ts";
import { CheckContext, type CheckOptions } from "./context.ts";
import { declarations } from "./declarations.ts";
import { expressions } from "./expressions.ts";
import { citations } from "./citations.ts";
import { examples } from "./examples.ts";
import { versions } from "./versions.ts";

export const passes: { name: string; run: (ctx: CheckContext) => void }[] = [
  { name: "declarations", run: declarations },
  { name: "expressions", run: expressions },
  { name: "citations", run: citations },
  { name: "examples", run: examples },
  { name: "versions", run: versions },
];

export function check(ast: GuideFile, file: string, text: string, options: CheckOptions = {}): { model: Model; diagnostics: Diagnostic[] } {
  const ctx = new CheckContext(ast, file, text, withSource(ast, options));
  for (const p of passes) p.run(ctx);
  const model: Model = { file, plan: ctx.plan, ops: ctx.ops, examples: ctx.examples, anyItems: ctx.anyItems, ...(ctx.consistency.length ? { consistency: ctx.consistency } : {}), sourceText: ctx.options.sourceText, ast };
  return { model, diagnostics: ctx.diagnostics.sort(compareDiagnostics) };
}
export type { CheckOptions };

/** The options with the source text the parsed header names, read once through `readSource` (never found by searching the text). */
function withSource(ast: GuideFile, options: CheckOptions): CheckOptions {
  const name = ast.header?.source?.value;
  if (options.sourceText !== undefined || !options.readSource || name === undefined) return options;
  let got: string | { problem: string };
  try { got = options.readSource(name); } catch (e) { got = { problem: e instanceof Error ? e.message : String(e) }; }
  return typeof got === "string" ? { ...options, sourceText: got } : { ...options, sourceProblem: got.problem };
}
