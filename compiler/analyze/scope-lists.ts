// Hand-kept indication lists: a rule of a general section (one whose applicability does not name an
// indication, like PEDSP-1.2 or PEDSP-1.3) that tests the request's indication against two or more values
// decides, section by section, which parts of the guideline a general sentence reaches ("Unless otherwise
// stated in a specific guideline section ..."). Such a list is kept by hand, and a section left out of it
// silently escapes the sentence (the PEDSP screening rule once left out PEDSP-5, and approved imaging the
// text does not support). So every section whose applicability names an indication must be named, by its
// id, in one of the rule's notes, saying whether it is in or out and why. A section not named is reported.
import type { AnalysisContext } from "./context.ts";
import { indicationsOf } from "../diff/scope.ts";

/** The indication values a rule's condition tests anywhere, negated lists included (through definitions too). */
function indicationsIn(ctx: AnalysisContext, root: number): Set<string> {
  const { ops } = ctx.model;
  const out = new Set<string>();
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const op = ops[id];
    switch (op.op) {
      case "and": case "or": case "atLeast":
        // `supported elsewhere` reads every section's applicability: those are the sections' lists, not this rule's.
        if (op.op !== "or" || op.origin !== "elsewhere") stack.push(...op.kids);
        break;
      case "not": case "def": stack.push(op.kid); break;
      case "is": if (op.fact === "indication") op.values.forEach((v) => out.add(v)); break;
      default: break;
    }
  }
  return out;
}

/** True when `text` names section `id` as a whole word (PEDSP-4.3 does not name PEDSP-4.30 or PEDSP-4). */
export function namesSection(text: string, id: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(id, from);
    if (at < 0) return false;
    const before = at === 0 ? "" : text[at - 1];
    const after = text[at + id.length] ?? "";
    const boundary = (c: string) => c === "" || !/[A-Za-z0-9_.-]/.test(c) || (c === "." && !/[0-9]/.test(text[at + id.length + 1] ?? ""));
    if ((before === "" || !/[A-Za-z0-9_-]/.test(before)) && boundary(after)) return true;
    from = at + 1;
  }
}

export function scopeLists(ctx: AnalysisContext): void {
  const { plan } = ctx.model;
  // Sections reached through the request's indication (the ones their applicability restricts it to), the same
  // reading guide diff uses to scope an edit.
  const appliesTo = (s: (typeof plan.sections)[number]) => (s.applies === undefined ? undefined : indicationsOf(ctx.model, s.applies));
  const scoped = plan.sections.flatMap((s) => { const ind = appliesTo(s); return ind?.length ? [{ id: s.id, indications: ind }] : []; });
  for (const section of plan.sections) {
    if (appliesTo(section)?.length) continue; // a specific section
    for (const rule of section.rules) {
      if (rule.when === undefined) continue;
      const listed = indicationsIn(ctx, rule.when);
      if (listed.size < 2) continue;
      const notes = rule.notes.join("\n");
      const unnamed = scoped.filter((s) => s.id !== section.id && !namesSection(notes, s.id));
      if (!unnamed.length) continue;
      const shown = unnamed.slice(0, 8).map((s) => `${s.id} (${s.indications.join(", ")})`).join(", ");
      ctx.report({
        code: "unscoped-list",
        range: ctx.ruleRange(rule.id),
        rules: [rule.id],
        message: `Rule ${rule.id} tests the indication against a hand-kept list (${[...listed].join(", ")}), but its notes do not say whether ${unnamed.length === 1 ? "this section is" : `these ${unnamed.length} sections are`} in or out of it: ${shown}${unnamed.length > 8 ? ", …" : ""}. Name each section in a note (for example "Scope: … Excluded: PEDSP-4.2 because …") so that a section is never left out by accident.`,
      });
    }
  }
}
