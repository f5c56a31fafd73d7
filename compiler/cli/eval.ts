// `guide eval FILE --case CASE.json [--json | --explain] [--trace]`: one determination.
// An invalid case is exit 1 with every problem named by field; it is never approved.
import { explain, interpret, notice, noticeMarkdown, noticeText } from "../index.ts";
import { loadChecked, readStdin, readUtf8 } from "./io.ts";
import type { Out } from "./main.ts";

export function runEval(file: string, opts: { case: string; json?: boolean; explain?: boolean; notice?: boolean; markdown?: boolean; trace?: boolean }, out: Out): number {
  const g = loadChecked(file, "cannot evaluate", out.stderr);
  if (!g) return 1;
  const raw = opts.case === "-" ? readStdin() : readUtf8(opts.case);
  let input: unknown;
  try { input = JSON.parse(raw); } catch (e) {
    out.stderr(`${opts.case}: not valid JSON (${(e as Error).message}).`);
    return 1;
  }
  // A gallery file wraps the case with its description and expectation: evaluation unwraps it by the one rule
  // of runtime/wrapper.ts (any other key beside `case` is an error), so this decides exactly what evaluate() does.
  const d = interpret(g.model, input, { trace: opts.trace, whyNot: true });
  if (opts.notice) {
    // The determination notice: text, Markdown or its data as JSON (compiler/notice.ts).
    const n = notice(d, g.model.plan);
    out.stdout(opts.json ? JSON.stringify(n, null, 2) : (opts.markdown ? noticeMarkdown(n) : noticeText(n)).trimEnd());
  } else if (opts.json) out.stdout(JSON.stringify(d, null, 2));
  else if (opts.explain) out.stdout(explain(d, g.model.plan));
  else {
    out.stdout(`${d.outcome}${d.section ? ` ${d.section}` : ""}${d.cpt ? ` (CPT ${d.cpt}${d.study ? ` ${d.study}` : ""})` : ""}`);
    for (const r of d.reasons) out.stdout(`  reason: ${r.text}${r.cite ? `\n          "${r.cite}"` : ""}`);
    for (const r of d.needed) out.stdout(`  needed: ${r.text}`);
    for (const m of d.missing) out.stdout(`  missing: ${m.fact}: ${m.question}`);
    for (const s of d.supported) out.stdout(`  supported instead: ${s.cpt} ${s.description}`);
    for (const r of d.references) out.stdout(`  see: ${r.id} ${r.title}`);
    for (const w of d.whyNot ?? []) out.stdout(`  why not approved: ${w.text}`);
    for (const e of d.errors ?? []) out.stdout(`  case error: ${e.field}: ${e.message}`);
    for (const t of d.trace ?? []) out.stdout(`  trace ${String(t.line).padStart(4)}: ${t.value.padEnd(7)} ${t.text}`);
  }
  return d.errors?.length ? 1 : 0;
}
