// Version header and fact history, checked in one file: `effective DATE [through DATE]` names a real
// version with real dates in order, and each `replaces old_name` names a fact this version no longer declares.
// Whether several versions of one guideline fit together (no overlap, no gap) is checkFolder's (compiler/versions.ts).
import { parseIsoDate, dayNumber } from "../../runtime/dates.ts";
import type { CheckContext } from "./context.ts";

export function versions(ctx: CheckContext): void {
  const h = ctx.ast.header;
  if (h?.effective) {
    const from = parseIsoDate(h.effective.text);
    if (!from) ctx.report("invalid-date", h.effective.range, `${h.effective.text} is not a real calendar date.`);
    if (!h.version) ctx.report("version-dates", h.effective.range, "An effective date belongs to a version: write `version \"1.0\"` before `effective`.");
    if (h.through) {
      const to = parseIsoDate(h.through.text);
      if (!to) ctx.report("invalid-date", h.through.range, `${h.through.text} is not a real calendar date.`);
      else if (from && dayNumber(to) < dayNumber(from)) ctx.report("version-dates", h.through.range, `This version ends (${h.through.text}) before it takes effect (${h.effective.text}).`);
    }
  }
  const replaced = new Map<string, string>();
  for (const f of ctx.ast.facts) for (const r of f.replaces ?? []) {
    if (r.text === f.name.text) ctx.report("replaced-fact", r.range, `\`${f.name.text}\` cannot replace itself: name the fact's previous name, or remove \`replaces\`.`);
    else if (ctx.facts.has(r.text)) ctx.report("replaced-fact", r.range, `\`${r.text}\` is still declared in this version: a fact replaces a name the previous version had and this one no longer has.`);
    else if (replaced.has(r.text)) ctx.report("replaced-fact", r.range, `\`${r.text}\` is already replaced by \`${replaced.get(r.text)}\`: one fact takes over each old name.`);
    else replaced.set(r.text, f.name.text);
  }
}
