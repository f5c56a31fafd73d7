// `guide check FILES… [--format text|json|github|sarif] [--strict] [--watch]`: every diagnostic of every file;
// exit 0 clean, 1 findings. --strict adds the analyses (dead rules, conflicts, gaps, unused) for files without errors.
// FILES may be `-` (standard input), folders and quoted globs (files.ts). --watch checks again on every change.
import { compareDiagnostics, hasErrors, type Diagnostic } from "../index.ts";
import { loadGuide } from "./io.ts";
import { renderDiagnostic, summary } from "./render.ts";
import { colorDiagnostic, githubAnnotation, sarif, type Format } from "./report.ts";
import { guideVersion } from "./version.ts";
import type { Out } from "./main.ts";

export interface CheckOptions { json?: boolean; format?: Format; strict?: boolean; verbose?: boolean }

export async function runCheck(files: string[], opts: CheckOptions, out: Out): Promise<number> {
  const format: Format = opts.format ?? (opts.json ? "json" : "text");
  // The analyses run only with --strict: load them only then.
  const analyze = opts.strict ? (await import("../analyze/index.ts")).analyze : undefined;
  const all: Diagnostic[] = [];
  let failed = false;
  const checked: { model: NonNullable<ReturnType<typeof loadGuide>["model"]>; text: string }[] = [];
  for (const f of files) {
    const g = loadGuide(f);
    if (g.model && !hasErrors(g.diagnostics)) checked.push({ model: g.model, text: g.text });
    let ds = g.diagnostics.filter((d) => opts.strict || d.severity !== "info");
    if (analyze && g.model && !hasErrors(g.diagnostics)) ds = [...ds, ...analyze(g.model)].sort(compareDiagnostics);
    all.push(...ds);
    // Info findings (e.g. conflicts a precedence note explains) are reported but are not failures.
    if (hasErrors(ds) || (opts.strict && ds.some((d) => d.severity !== "info"))) failed = true;
    const shown = ds.filter((d) => d.severity !== "info" || opts.verbose);
    if (format === "text") for (const d of shown) out.stdout(out.color ? colorDiagnostic(renderDiagnostic(d, g.text), d.severity) : renderDiagnostic(d, g.text));
    else if (format === "github") for (const d of shown) out.stdout(githubAnnotation(d));
  }
  // Versions of one guideline checked together: their effective dates must neither overlap nor leave gaps.
  const dated = checked.filter((c) => c.model.plan.guideline.effective);
  if (dated.length > 1) {
    for (const s of (await import("../versions.ts")).versionSets(dated.map((c) => c.model))) for (const d of s.diagnostics) {
      all.push(d);
      failed = true;
      if (format === "text") out.stdout(renderDiagnostic(d, dated.find((c) => c.model.file === d.file)?.text ?? ""));
      else if (format === "github") out.stdout(githubAnnotation(d));
    }
  }
  if (format === "json") out.stdout(JSON.stringify(all, null, 2));
  else if (format === "sarif") out.stdout(JSON.stringify(sarif(all, guideVersion()), null, 2));
  else out.stderr(`${files.length} file${files.length === 1 ? "" : "s"} checked: ${summary(all)}`);
  return failed ? 1 : 0;
}
