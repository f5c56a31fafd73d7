// `guide schema FILE`: the JSON Schema of the guideline's Case on standard output.
import { hasErrors } from "../compile.ts";
import { caseSchema } from "../emit/schema.ts";
import { loadGuide } from "./io.ts";
import { renderDiagnostic } from "./render.ts";
import type { Out } from "./main.ts";

export function runSchema(file: string, out: Out): number {
  const g = loadGuide(file);
  if (hasErrors(g.diagnostics) || !g.model) {
    for (const d of g.diagnostics.filter((x) => x.severity === "error")) out.stderr(renderDiagnostic(d, g.text));
    return 1;
  }
  out.stdout(JSON.stringify(caseSchema(g.model.plan), null, 2));
  return 0;
}
