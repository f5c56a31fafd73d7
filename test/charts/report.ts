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

/**
 * `reading`: "record" decides each case as the whole record of its request (`documentation: "complete"`, so what the
 * note does not mention is not documented, read as each fact declares); "stated" decides it on the facts the note
 * states alone (everything else unknown), the "only the facts the notes state" measure.
 */
export type Reading = "record" | "stated";
export function chartRows(dir = "examples/charts", guide = "guidelines/pedsp/pedsp.guide", reading: Reading = "record", cases = "cases"): ChartRow[] {
  const g = loadGuide(guide);
  if (!g.model) throw new Error(`${guide} does not check`);
  const rows: ChartRow[] = [];
  for (const f of readdirSync(`${dir}/notes`).filter((x) => /^\d+-.*\.md$/.test(x)).sort()) {
    const id = f.slice(0, f.indexOf("-"));
    const casePath = `${dir}/${cases}/${id}.json`;
    if (!existsSync(casePath)) continue;
    const exp = readExpected(readFileSync(`${dir}/notes/${f}`, "utf8"));
    const c = JSON.parse(readFileSync(casePath, "utf8"));
    const d = interpret(g.model, reading === "record" ? { ...c, documentation: "complete" } : statedOnly(c));
    rows.push({ id, expected: exp.outcome, section: exp.section, actual: d.outcome, actualSection: d.section, missing: d.missing.map((m) => m.fact), errors: d.errors?.length ?? 0 });
  }
  return rows;
}

/** The case without its "not documented" answers and without `documentation`: only what the note states. */
function statedOnly(c: Record<string, unknown>): Record<string, unknown> {
  const { documentation: _, facts, ...rest } = c as { documentation?: unknown; facts?: Record<string, unknown> };
  return { ...rest, facts: Object.fromEntries(Object.entries(facts ?? {}).filter(([, v]) => v !== "not documented")) };
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
  // npm run charts [-- GUIDE [CASES]]: CASES is a folder of examples/charts (cases-1.1 holds the cases filled against 1.1's form).
  const guide = process.argv[2] ?? "guidelines/pedsp/pedsp.guide", cases = process.argv[3] ?? "cases";
  const record = chartRows(undefined, guide, "record", cases), stated = chartRows(undefined, guide, "stated", cases);
  const a = summary(record), b = summary(stated);
  const cell = (s: ReturnType<typeof summary>, k: number) => `${k} (${((100 * k) / s.n).toFixed(1)} %)`;
  const row = (what: string, f: (s: ReturnType<typeof summary>) => number) => `| ${what} | ${cell(a, f(a))} | ${cell(b, f(b))} |`;
  console.log(`${guide}, examples/charts/${cases}\n\n| measure | the note is the whole record | only the facts the note states |\n|---|---|---|`);
  console.log([
    `| requests | ${a.n} | ${b.n} |`,
    row("agreement (same outcome)", (s) => s.agree),
    row("false approvals", (s) => s.falseApprovals.length),
    row("denials where the text approves", (s) => s.falseDenials.length),
    row("unnecessary pends", (s) => s.unnecessaryPends.length),
    row("decided where the text needs more information", (s) => s.missedPends.length),
    `| invalid cases | ${a.invalid.length} | ${b.invalid.length} |`,
  ].join("\n"));
  console.log(`\nDisagreements, the note as the whole record:\n\n| case | expected | engine | engine asks for |\n|---|---|---|---|`);
  for (const r of record.filter((x) => x.actual !== x.expected)) console.log(`| ${r.id} | ${r.expected} ${r.section} | ${r.actual} ${r.actualSection ?? ""} | ${r.missing.join(", ")} |`);
}
