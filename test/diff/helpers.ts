// Shared by the diff tests: check a guideline text against PEDSP's source (test/fixtures), and diff two texts.
import { readFileSync } from "node:fs";
import { checkText } from "../../compiler/compile.ts";
import type { Model } from "../../compiler/model.ts";
import { diffGuidelines } from "../../compiler/diff/index.ts";

export const SOURCE = readFileSync("test/fixtures/000_f1f69f597256be6d.txt", "utf8");

export function model(text: string, file: string): Model {
  const r = checkText(text, file, { sourceText: SOURCE });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.model || errors.length) throw new Error(`${file}: ${errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`).join("; ")}`);
  return r.model;
}

export function diffTexts(a: string, b: string, files = ["old.guide", "new.guide"]) {
  return diffGuidelines(model(a, files[0]), model(b, files[1]), { old: a, new: b });
}
