// Small guidelines for the analysis tests: a common header and catalogue, sections given by each test,
// citations checked against a source text made of the quotes themselves.
import { checkText } from "../../compiler/compile.ts";
import type { Model } from "../../compiler/model.ts";
import { analyze, type Finding } from "../../compiler/analyze/index.ts";

export const HEAD = `guideline T "Analysis test" source "src.txt"
external ADULT-SPINE "Adult"
indications { back_pain "Back pain" scoliosis "Scoliosis" }
enum region { cervical "Cervical", lumbar "Lumbar" }
studies {
  72141 "MRI Cervical without contrast" = MRI cervical without contrast
  72148 "MRI Lumbar without contrast" = MRI lumbar without contrast
}
facts {
  pain: yes/no "Pain?"
  trauma: yes/no "Trauma?"
  temperature: number °F "Temperature?"
  region_of_pain: set of region "Where?"
}
`;

export function load(text: string): Model {
  const quotes = [...text.matchAll(/cite "([^"]*)"/g)].map((m) => m[1]).join("\n");
  const r = checkText(text, "t.guide", { sourceText: quotes });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.model) throw new Error(errors.map((d) => `${d.range.start.line}: ${d.message}`).join("\n"));
  return r.model;
}

export const findings = (text: string, code?: string): Finding[] => analyze(load(text)).filter((d) => !code || d.code === code);
