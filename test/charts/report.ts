// The chart-style evaluation set (examples/charts/): notes written from the guideline text by a reader who had
// not seen the rules, each with the determination fixed from the text; cases filled from the notes by someone
// who saw only the case form. This decides every case with the reference interpreter and compares.
// `npm run charts` prints the table that examples/charts/README.md quotes.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret } from "../../compiler/interpret.ts";
import type { Outcome } from "../../runtime/decide.ts";

export interface ChartRow { id: string; expected: Outcome; section: string; actual: Outcome; actualSection?: string; missing: string[]; errors: number }
const OUTCOMES: Outcome[] = ["not-applicable", "review", "deny", "pend", "approve"];

export function readExpected(note: string): { outcome: Outcome; section: string } {
  const o = /^- Outcome:\s*\**\s*([a-z-]+)/m.exec(note);
  const s = /^- Governing section:\s*(.*)$/m.exec(note);
  const outcome = o?.[1] as Outcome;
  if (!OUTCOMES.includes(outcome)) throw new Error(`no expected outcome in note: ${note.slice(0, 80)}`);
  return { outcome, section: s?.[1].trim() ?? "" };
}

export function chartRows(dir = "examples/charts", guide = "guidelines/pedsp/pedsp.guide"): ChartRow[] {
  const g = loadGuide(guide);
  if (!g.model) throw new Error(`${guide} does not check`);
  const rows: ChartRow[] = [];
  for (const f of readdirSync(`${dir}/notes`).filter((x) => /^\d+-.*\.md$/.test(x)).sort()) {
    const id = f.slice(0, f.indexOf("-"));
    const casePath = `${dir}/cases/${id}.json`;
    if (!existsSync(casePath)) continue;
    const exp = readExpected(readFileSync(`${dir}/notes/${f}`, "utf8"));
    const d = interpret(g.model, JSON.parse(readFileSync(casePath, "utf8")));
    rows.push({ id, expected: exp.outcome, section: exp.section, actual: d.outcome, actualSection: d.section, missing: d.missing.map((m) => m.fact), errors: d.errors?.length ?? 0 });
  }
  return rows;
}

export function summary(rows: ChartRow[]) {
  const agree = rows.filter((r) => r.actual === r.expected).length;
  return {
    n: rows.length,
    agree,
    falseApprovals: rows.filter((r) => r.actual === "approve" && r.expected !== "approve"),
    falseDenials: rows.filter((r) => r.actual === "deny" && r.expected === "approve"),
    unnecessaryPends: rows.filter((r) => r.actual === "pend" && r.expected !== "pend"),
    missedPends: rows.filter((r) => r.expected === "pend" && r.actual !== "pend"),
    invalid: rows.filter((r) => r.errors > 0),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = chartRows();
  const s = summary(rows);
  const pct = (k: number) => `${((100 * k) / s.n).toFixed(1)} %`;
  console.log(`| measure | count | share |\n|---|---|---|`);
  console.log(`| requests | ${s.n} | |\n| agreement (same outcome) | ${s.agree} | ${pct(s.agree)} |\n| false approvals | ${s.falseApprovals.length} | ${pct(s.falseApprovals.length)} |\n| denials where the text approves | ${s.falseDenials.length} | ${pct(s.falseDenials.length)} |\n| unnecessary pends | ${s.unnecessaryPends.length} | ${pct(s.unnecessaryPends.length)} |\n| decided where the text needs more information | ${s.missedPends.length} | ${pct(s.missedPends.length)} |\n| invalid cases | ${s.invalid.length} | |`);
  console.log(`\n| case | expected | engine | engine asks for |\n|---|---|---|---|`);
  for (const r of rows.filter((x) => x.actual !== x.expected)) console.log(`| ${r.id} | ${r.expected} ${r.section} | ${r.actual} ${r.actualSection ?? ""} | ${r.missing.join(", ")} |`);
}
