// `guide test FILES [--coverage] [--json]`: runs every example; failures show expected and actual and the trace.
import { runExamples } from "../index.ts";
import { traceability } from "../traceability.ts";
import { auditCoverage } from "../audit.ts";
import { loadChecked } from "./io.ts";
import type { Out } from "./main.ts";

export function runTest(files: string[], opts: { coverage?: boolean; json?: boolean; verbose?: boolean; failUncovered?: boolean }, out: Out): number {
  let failed = 0, passed = 0, broken = false, uncovered = 0;
  const report: unknown[] = [];
  for (const f of files) {
    const g = loadChecked(f, "not tested", out.stderr);
    if (!g) {
      broken = true;
      continue;
    }
    const { results, coverage } = runExamples(g.model);
    for (const r of results) {
      if (r.pass) { passed++; if (opts.verbose && !opts.json) out.stdout(`  ok   ${f}:${r.example.line} ${r.example.section} "${r.example.title}"`); continue; }
      failed++;
      if (opts.json) continue;
      out.stdout(`  FAIL ${f}:${r.example.line} ${r.example.section} "${r.example.title}"`);
      for (const p of r.problems) out.stdout(`       ${p}`);
      out.stdout(`       reasons: ${r.actual.reasons.map((x) => `${x.rule}: ${x.text}`).join(" | ") || "none"}`);
      if (r.actual.missing.length) out.stdout(`       missing: ${r.actual.missing.map((m) => m.fact).join(", ")}`);
      if (r.actual.errors) out.stdout(`       case errors: ${r.actual.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
      for (const t of r.actual.trace ?? []) out.stdout(`       trace ${String(t.line).padStart(4)}: ${t.value.padEnd(7)} ${t.text.slice(0, 100)}`);
    }
    const trace = opts.coverage && g.sourceText !== undefined ? traceability(g.model, g.sourceText) : undefined;
    const audit = opts.coverage ? auditCoverage(f, coverage.rules.map((r) => r.id)) : undefined;
    if (opts.coverage) uncovered += coverage.rules.filter((r) => !r.hit).length + coverage.anyItems.filter((r) => !r.hit).length + (trace?.uncited.length ?? 0) + (audit ? audit.missing.length + audit.stale.length : 0);
    if (opts.json) report.push({ file: f, results: results.map((r) => ({ title: r.example.title, section: r.example.section, line: r.example.line, pass: r.pass, problems: r.problems, outcome: r.actual.outcome })), coverage,
      ...(audit ? { audit } : {}),
      ...(trace ? { source: { actionable: trace.actionable, cited: trace.cited, explained: trace.explained, sentences: trace.sentences.filter((x) => x.actionable).map((x) => ({ line: x.line, section: x.section, text: x.text, citedBy: x.citedBy, explainedBy: x.explainedBy })) } } : {}) });
    if (opts.coverage && !opts.json) {
      const rulesHit = coverage.rules.filter((r) => r.hit).length, itemsHit = coverage.anyItems.filter((r) => r.hit).length;
      out.stdout(`coverage ${f}: rules ${rulesHit}/${coverage.rules.length}, any-of items ${itemsHit}/${coverage.anyItems.length}`);
      for (const r of coverage.rules.filter((x) => !x.hit)) out.stdout(`  rule never decides an example: ${r.id} (line ${r.line})`);
      for (const a of coverage.anyItems.filter((x) => !x.hit)) out.stdout(`  any-of item never true in an example: ${a.rule}: ${a.text} (line ${a.line})`);
      if (audit) {
        out.stdout(`audit ${audit.file}: ${audit.covered.length}/${coverage.rules.length} rules and prerequisites have a row`);
        const line = new Map(coverage.rules.map((r) => [r.id, r.line]));
        for (const id of audit.missing) out.stdout(`  no audit row: ${id} (line ${line.get(id)})`);
        for (const id of audit.stale) out.stdout(`  audit row for a rule the guideline no longer has: ${id}`);
      }
      if (trace) {
        out.stdout(`source ${g.model.plan.guideline.source}: ${trace.actionable} actionable sentences, ${trace.cited} cited by rules, ${trace.explained} explained by section notes, ${trace.uncited.length} uncited`);
        for (const u of trace.uncited) out.stdout(`  uncited (source line ${u.line}, ${u.section}): ${u.text}`);
        if (opts.verbose) for (const x of trace.sentences.filter((y) => y.actionable && y.citedBy.length)) out.stdout(`  line ${x.line}: ${x.citedBy.join(", ")}: ${x.text.slice(0, 100)}`);
      }
    }
  }
  if (opts.json) out.stdout(JSON.stringify(report, null, 2));
  out.stderr(`examples: ${passed} passed, ${failed} failed`);
  return failed || broken || (opts.failUncovered && uncovered) ? 1 : 0;
}
