// A determination -> a plain-language rationale fit for a determination letter, citing sections and the
// guideline's own words, with the interpretation notes that shaped the decision.
import type { Determination } from "../runtime/decide.ts";
import type { Plan } from "../runtime/plan.ts";

const HEADLINE: Record<Determination["outcome"], string> = {
  approve: "is supported (approve)",
  deny: "is not supported as requested (deny)",
  pend: "cannot be decided yet (pend)",
  review: "is forwarded for Medical Director Review (review)",
  "not-applicable": "is governed by another guideline (not applicable)",
};

export function explain(d: Determination, plan: Plan): string {
  const lines: string[] = [];
  const study = d.study ? `${d.study} (CPT® ${d.cpt})` : `CPT® ${d.cpt || "(none)"}`;
  lines.push(`The request for ${study} ${HEADLINE[d.outcome]} under the ${plan.guideline.title} guideline${d.section ? `, ${d.section} (${plan.sections.find((s) => s.id === d.section)?.title ?? ""})` : ""}.`);
  if (d.errors?.length) {
    lines.push("", "The case is incomplete or invalid:");
    for (const e of d.errors) lines.push(`  - ${e.field}: ${e.message}`);
  }
  if (d.reasons.length) {
    lines.push("", "Reasons:");
    for (const r of d.reasons) {
      lines.push(`  - ${r.section ? `${r.section}: ` : ""}${r.text}`);
      if (r.cite) lines.push(`    The guideline says: "${r.cite}"${r.source.line ? ` (source line ${r.source.line})` : ""}.`);
      for (const n of r.notes) lines.push(`    Interpretation: ${n}`);
    }
  }
  if (d.needed.length) {
    lines.push("", "Needed before this can be approved:");
    for (const r of d.needed) lines.push(`  - ${r.text}${r.cite ? ` ("${r.cite}")` : ""}`);
  }
  if (d.missing.length) {
    lines.push("", "Please provide:");
    for (const m of d.missing) lines.push(`  - ${m.question}`);
  }
  if (d.supported.length) {
    lines.push("", "For this case the guideline supports instead:");
    for (const s of d.supported) lines.push(`  - ${s.description} (CPT® ${s.cpt})`);
  }
  if (d.references.length) {
    lines.push("", "See:");
    for (const r of d.references) lines.push(`  - ${r.id}: ${r.title}${r.in ? ` in the ${r.in}` : ""}`);
  }
  return lines.join("\n");
}
