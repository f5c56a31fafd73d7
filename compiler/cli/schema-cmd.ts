// `guide schema FILE`: the JSON Schema of the guideline's Case on standard output.
import { caseSchema } from "../index.ts";
import { loadChecked } from "./io.ts";
import type { Out } from "./main.ts";

export function runSchema(file: string, out: Out): number {
  const g = loadChecked(file, "no schema", out.stderr);
  if (!g) return 1;
  out.stdout(JSON.stringify(caseSchema(g.model.plan, g.model), null, 2));
  return 0;
}
