// A determination -> the determination notice a utilization-management reviewer sends: the decision, the
// requested service, each criterion applied (section, quote, met or not, the answer), the questions to answer
// (pend), the reasons and alternatives (deny), "why not approved", and the interpretation notes applied.
// As data (JSON), plain text or Markdown; deterministic, and with no identifier of the guideline in its text.
import type { Criterion, Determination, Outcome, Reason } from "../runtime/decide.ts";
import type { Plan } from "../runtime/plan.ts";
import { criteriaText, failed } from "../runtime/criteria.ts";

export interface NoticeCriterion {
  section: string;
  /** The criterion as the guideline states it (a quote when `quoted`). */
  text: string;
  quoted: boolean;
  status: Criterion["status"];
  /** The rule needs this criterion not met (an exclusion: "unless …"). */
  excluded?: boolean;
  answer?: string;
  /** The line of the guideline's source text the quote is on. */
  sourceLine?: number;
  /** Nesting: 0 for a criterion of a rule, 1 for an item that decided it. */
  level: number;
}
export interface Notice {
  decision: Outcome;
  /** The decision in words: "Approved", "Denied", … */
  heading: string;
  guideline: { id: string; title: string; version?: string };
  service: { cpt: string; description?: string };
  section?: { id: string; title: string };
  /** Each rule the decision rests on: its section, its own sentence and what it decided, in words. */
  basis: { section: string; quote: string; sourceLine?: number; text: string }[];
  criteria: NoticeCriterion[];
  /** Deny: each reason in one line: what was decided and the criteria that decided it (no items under them). */
  denial: { section: string; text: string }[];
  /** Pend: the questions whose answers would decide. */
  questions: string[];
  /** Pend: the prerequisites not yet met. */
  prerequisites: { section: string; quote: string; text: string }[];
  /** Deny: the studies the guideline supports for this case instead. */
  alternatives: { cpt: string; description: string }[];
  /** Deny or pend: each approval rule of the section and why it did not approve. */
  whyNot: { section: string; text: string }[];
  references: { id: string; title: string; in?: string }[];
  /** The interpretation notes of the rules applied (each once). */
  notes: string[];
  /** An invalid case: what must be corrected. */
  corrections: string[];
}

const HEADING: Record<Outcome, string> = {
  approve: "Approved",
  deny: "Denied: not supported as requested",
  pend: "Pended: more information is needed",
  review: "Forwarded for Medical Director review",
  "not-applicable": "Not applicable: another guideline governs this request",
};

export function notice(d: Determination, plan: Plan): Notice {
  const sectionTitle = (id: string): string => plan.sections.find((s) => s.id === id)?.title ?? "";
  const reasons = d.reasons.filter((r) => r.rule !== "case-validation");
  const criteria: NoticeCriterion[] = [];
  const add = (section: string, cs: readonly Criterion[] | undefined, level: number): void => {
    for (const c of cs ?? []) {
      criteria.push({
        section, text: c.text, quoted: c.quoted, status: c.status, level,
        ...(c.excluded ? { excluded: true } : {}), ...(c.answer !== undefined ? { answer: c.answer } : {}),
        ...(c.source?.line ? { sourceLine: c.source.line } : {}),
      });
      add(section, c.within, level + 1);
    }
  };
  for (const r of reasons) add(r.section, r.criteria, 0);
  const notes: string[] = [];
  for (const r of [...reasons, ...d.needed]) for (const n of r.notes.map(forPeople)) if (!notes.includes(n) && !n.startsWith("Precedence:")) notes.push(n);
  return {
    decision: d.outcome,
    heading: HEADING[d.outcome],
    guideline: { id: plan.guideline.id, title: plan.guideline.title, ...(plan.guideline.version ? { version: plan.guideline.version } : {}) },
    service: { cpt: d.cpt, ...(d.study ? { description: d.study } : {}) },
    ...(d.section ? { section: { id: d.section, title: sectionTitle(d.section) } } : {}),
    basis: reasons.map((r) => ({ section: r.section, quote: r.cite, ...(r.source.line ? { sourceLine: r.source.line } : {}), text: r.text })),
    criteria,
    denial: d.outcome === "deny" ? reasons.map((r) => ({ section: r.section, text: shortReason(r) })) : [],
    questions: d.missing.map((m) => m.question),
    prerequisites: d.needed.map((r: Reason) => ({ section: r.section, quote: r.cite, text: r.text })),
    alternatives: d.supported.map((s) => ({ ...s })),
    whyNot: (d.whyNot ?? []).map((w) => ({ section: w.section, text: w.text })),
    references: d.references.map((r) => ({ ...r })),
    notes,
    corrections: (d.errors ?? []).map((e) => `${e.field}: ${e.message}`),
  };
}

/** A reason's verdict and only the criteria that decided it (a denial rule: all; an approval rule: those that failed). */
export function shortReason(r: Reason): string {
  const cs = r.criteria ?? [];
  const suffix = `: ${criteriaText(cs)}.`;
  if (!cs.length || !r.text.endsWith(suffix)) return r.text;
  const lead = r.text.slice(0, -suffix.length);
  const decisive = r.outcome === "deny" ? cs : cs.filter(failed);
  return `${lead}: ${criteriaText(decisive.length ? decisive : cs, false)}.`;
}

/**
 * An interpretation note as a requester reads it: authors sometimes name a fact or rule (`symptomatic_region`) or
 * write a condition (`age <= 6 months`) in a note; the notice shows words ("symptomatic region", "age ≤ 6 months").
 */
export const forPeople = (note: string): string =>
  note.replace(/>=/g, "≥").replace(/<=/g, "≤").replace(/!=/g, "≠").replace(/\b([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)\b/g, (w) => w.replace(/_/g, " "));

const STATUS_WORDS = (c: NoticeCriterion): string => `${c.status}${c.answer !== undefined ? ` (answer: ${c.answer})` : ""}`;
const criterionWords = (c: NoticeCriterion): string =>
  `${c.excluded ? "Unless " : ""}${c.quoted ? `“${c.text.replace(/[:\s]+$/, "")}”` : c.text}${c.sourceLine ? ` [source line ${c.sourceLine}]` : ""}: ${STATUS_WORDS(c)}`;

/** The notice as plain text (what the playground's Notice tab shows and copies). */
export function noticeText(n: Notice): string {
  const out: string[] = [];
  out.push(`DETERMINATION: ${n.heading}`);
  out.push(`Guideline: ${n.guideline.title} (${n.guideline.id}${n.guideline.version ? `, version ${n.guideline.version}` : ""})`);
  out.push(`Requested service: CPT® ${n.service.cpt || "(none)"}${n.service.description ? ` ${n.service.description}` : ""}`);
  if (n.section) out.push(`Guideline section: ${n.section.id} ${n.section.title}`);
  const list = (title: string, items: string[]): void => {
    if (!items.length) return;
    out.push("", title);
    for (const x of items) out.push(`  - ${x}`);
  };
  list("The case must be corrected before it can be decided:", n.corrections);
  list("Basis of the decision:", n.basis.map((b) => `${b.section}: ${b.quote ? `“${b.quote}”` : b.text}${b.sourceLine ? ` [source line ${b.sourceLine}]` : ""}`));
  if (n.criteria.length) {
    out.push("", "Criteria applied:");
    for (const c of n.criteria) out.push(`${"  ".repeat(c.level + 1)}- ${c.section}: ${criterionWords(c)}`);
  }
  list("Questions to answer:", n.questions);
  list("Needed before approval:", n.prerequisites.map((p) => `${p.section}: ${p.text}`));
  list("Reasons for the denial:", n.denial.map((b) => `${b.section}: ${b.text}`));
  list("The guideline supports instead:", n.alternatives.map((a) => `CPT® ${a.cpt} ${a.description}`));
  list("Why not approved:", n.whyNot.map((w) => `${w.section}: ${w.text}`));
  list("See:", n.references.map((r) => `${r.id}: ${r.title}${r.in ? ` in the ${r.in}` : ""}`));
  list("Interpretation notes applied:", n.notes);
  return out.join("\n") + "\n";
}

/** Markdown: the same content, with headings, for a letter template or a ticket. */
export function noticeMarkdown(n: Notice): string {
  const out: string[] = [];
  const esc = (s: string): string => s.replace(/([\\`*_[\]<>|])/g, "\\$1");
  out.push(`# Determination: ${esc(n.heading)}`, "");
  out.push(`- **Guideline:** ${esc(n.guideline.title)} (${esc(n.guideline.id)}${n.guideline.version ? `, version ${esc(n.guideline.version)}` : ""})`);
  out.push(`- **Requested service:** CPT® ${esc(n.service.cpt || "(none)")}${n.service.description ? ` ${esc(n.service.description)}` : ""}`);
  if (n.section) out.push(`- **Guideline section:** ${esc(n.section.id)} ${esc(n.section.title)}`);
  const list = (title: string, items: string[]): void => {
    if (!items.length) return;
    out.push("", `## ${title}`, "");
    for (const x of items) out.push(`- ${x}`);
  };
  list("The case must be corrected", n.corrections.map(esc));
  list("Basis of the decision", n.basis.map((b) => `**${esc(b.section)}**: ${b.quote ? `“${esc(b.quote)}”` : esc(b.text)}${b.sourceLine ? ` (source line ${b.sourceLine})` : ""}`));
  if (n.criteria.length) {
    out.push("", "## Criteria applied", "");
    for (const c of n.criteria) out.push(`${"  ".repeat(c.level)}- ${esc(c.section)}: ${esc(criterionWords(c))}`);
  }
  list("Questions to answer", n.questions.map(esc));
  list("Needed before approval", n.prerequisites.map((p) => `${esc(p.section)}: ${esc(p.text)}`));
  list("Reasons for the denial", n.denial.map((b) => `${esc(b.section)}: ${esc(b.text)}`));
  list("The guideline supports instead", n.alternatives.map((a) => `CPT® ${esc(a.cpt)} ${esc(a.description)}`));
  list("Why not approved", n.whyNot.map((w) => `${esc(w.section)}: ${esc(w.text)}`));
  list("See", n.references.map((r) => `${esc(r.id)}: ${esc(r.title)}${r.in ? ` in the ${esc(r.in)}` : ""}`));
  list("Interpretation notes applied", n.notes.map(esc));
  return out.join("\n") + "\n";
}
