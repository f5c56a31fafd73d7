// `guide check FILES… [--json] [--strict]`: every diagnostic of every file; exit 0 clean, 1 findings.
// --strict adds the analyses (dead rules, conflicts, gaps, unused) for files without errors.
import { hasErrors } from "../compile.ts";
import type { Diagnostic } from "../../grammar/diagnostics.ts";
import { compareDiagnostics } from "../../grammar/diagnostics.ts";
import { loadGuide } from "./io.ts";
import { renderDiagnostic, summary } from "./render.ts";
import type { Out } from "./main.ts";

export async function runCheck(files: string[], opts: { json?: boolean; strict?: boolean; verbose?: boolean }, out: Out): Promise<number> {
  // The analyses run only with --strict: load them only then.
  const analyze = opts.strict ? (await import("../analyze/index.ts")).analyze : undefined;
  const all: Diagnostic[] = [];
  let failed = false;
  for (const f of files) {
    const g = loadGuide(f);
    let ds = g.diagnostics.filter((d) => opts.strict || d.severity !== "info");
    if (analyze && g.model && !hasErrors(g.diagnostics)) ds = [...ds, ...analyze(g.model)].sort(compareDiagnostics);
    all.push(...ds);
    // Info findings (e.g. conflicts a precedence note explains) are reported but are not failures.
    if (hasErrors(ds) || (opts.strict && ds.some((d) => d.severity !== "info"))) failed = true;
    if (!opts.json) for (const d of ds) if (d.severity !== "info" || opts.verbose) out.stdout(renderDiagnostic(d, g.text));
  }
  if (opts.json) out.stdout(JSON.stringify(all, null, 2));
  else out.stderr(`${files.length} file${files.length === 1 ? "" : "s"} checked: ${summary(all)}`);
  return failed ? 1 : 0;
}
