// Several checked versions of one guideline (a folder) -> the order they take effect in, and a diagnostic for
// each version whose dates overlap the next one's or leave days before it that no version covers. Each version
// runs from `effective` to `through` (inclusive) or, without `through`, to the day before the next one.
import type { Diagnostic } from "../grammar/diagnostics.ts";
import { addDays, dayNumber, formatIsoDate, fromDayNumber, parseIsoDate } from "../runtime/dates.ts";
import type { Model } from "./model.ts";

export interface VersionSet { id: string; models: Model[]; diagnostics: Diagnostic[] }

/** Versions grouped by guideline id, each group in effective order, with the folder's date errors. */
export function versionSets(models: Model[]): VersionSet[] {
  const byId = new Map<string, Model[]>();
  for (const m of models) { const a = byId.get(m.plan.guideline.id) ?? []; a.push(m); byId.set(m.plan.guideline.id, a); }
  return [...byId].map(([id, ms]) => checkVersions(id, ms));
}

export function checkVersions(id: string, models: Model[]): VersionSet {
  const diagnostics: Diagnostic[] = [];
  const at = (m: Model, which: "effective" | "through" | "header") => {
    const h = m.ast.header;
    return (which === "effective" ? h?.effective?.range : which === "through" ? h?.through?.range : undefined) ?? h?.range ?? m.ast.range;
  };
  const err = (m: Model, which: "effective" | "through" | "header", message: string, other?: Model) => diagnostics.push({
    severity: "error", code: "version-dates", file: m.file, range: at(m, which), message,
    ...(other ? { related: [{ message: `${other.plan.guideline.version ?? other.file}`, file: other.file, range: at(other, "effective") }] } : {}),
  });
  const dated = models.filter((m) => {
    if (models.length > 1 && !m.plan.guideline.effective) err(m, "header", `${id} has ${models.length} versions here: each needs \`effective YYYY-MM-DD\` in its header, so a date of service picks one.`);
    return parseIsoDate(m.plan.guideline.effective) !== null;
  });
  const day = (s: string | undefined) => (s ? dayNumber(parseIsoDate(s)!) : undefined);
  dated.sort((a, b) => day(a.plan.guideline.effective)! - day(b.plan.guideline.effective)!);
  const versions = new Map<string, Model>();
  for (const m of dated) {
    const v = m.plan.guideline.version ?? "";
    const seen = versions.get(v);
    if (seen) err(m, "header", `Version "${v}" of ${id} is also ${seen.file}: each version of a guideline needs its own number.`, seen);
    versions.set(v, m);
  }
  for (let i = 0; i + 1 < dated.length; i++) {
    const a = dated[i], b = dated[i + 1];
    const aEnd = day(a.plan.guideline.through), bStart = day(b.plan.guideline.effective)!;
    const name = (m: Model) => `version ${m.plan.guideline.version ?? "?"}`;
    if (day(a.plan.guideline.effective) === bStart) err(b, "effective", `${name(b)} of ${id} takes effect on the same day as ${name(a)} (${b.plan.guideline.effective}): which one applies would be ambiguous.`, a);
    else if (aEnd !== undefined && aEnd >= bStart) err(a, "through", `${name(a)} of ${id} runs through ${a.plan.guideline.through}, after ${name(b)} takes effect (${b.plan.guideline.effective}): the ranges overlap. End it on ${formatIsoDate(addDays(parseIsoDate(b.plan.guideline.effective)!, -1))}.`, b);
    else if (aEnd !== undefined && aEnd + 1 < bStart) err(a, "through", `No version of ${id} is in force from ${formatIsoDate(fromDayNumber(aEnd + 1))} to ${formatIsoDate(fromDayNumber(bStart - 1))}: ${name(a)} ends ${a.plan.guideline.through} and ${name(b)} takes effect ${b.plan.guideline.effective}.`, b);
  }
  return { id, models: dated, diagnostics };
}
