// The one driver the CLI and the editor call: text -> parse -> check -> { model, diagnostics }.
import { parse } from "../grammar/parse.ts";
import { compareDiagnostics, type Diagnostic } from "../grammar/diagnostics.ts";
import { check, type CheckOptions } from "./check/index.ts";
import type { Model } from "./model.ts";
import { addSamples } from "./analyze/space.ts";

export interface CheckResult { model: Model | undefined; diagnostics: Diagnostic[] }

/** Parse and check one guideline. `sourceText` is the text its citations are checked against. */
export function checkText(text: string, file: string, options: CheckOptions = {}): CheckResult {
  const parsed = parse(text, file, options.limits);
  if (!parsed.ast) return { model: undefined, diagnostics: parsed.diagnostics };
  const checked = check(parsed.ast, file, text, options);
  // The answers a pend tries, to ask for the fewest facts (runtime/fewest.ts): they need the lowered conditions.
  addSamples(checked.model);
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics].sort(compareDiagnostics);
  return { model: checked.model, diagnostics };
}

export const hasErrors = (ds: Diagnostic[]): boolean => ds.some((d) => d.severity === "error");
