// A GuidelineDiff -> what `guide diff` prints: structural changes, fact changes, then the semantic changes
// grouped by what decided before and after (each group with its regions' count, the requested studies it
// holds for, and the first region's witness case), then the regions not compared and why.
import type { GuidelineDiff, Region } from "./index.ts";
import { keyText } from "./decision.ts";

export interface Group { before: string; after: string; status: Region["status"]; regions: Region[]; why?: string }

/** Regions with the same deciding rule (or zone) and outcome before and after, in first-found order. */
export function groupRegions(regions: Region[]): Group[] {
  const by = new Map<string, Group>();
  for (const r of regions) {
    const side = (s: Region["before"]) => `${s.outcome}${s.section ? " " + s.section : ""} (${s.rule ?? "no rule: deny by default"}${s.what === "prerequisite" ? ", prerequisite not met" : ""})`;
    const before = side(r.before), after = side(r.after);
    const k = `${r.status}|${before}|${after}|${r.why?.replace(/\(.*\)/, "") ?? ""}`;
    const g = by.get(k) ?? { before, after, status: r.status, regions: [], ...(r.why ? { why: r.why } : {}) };
    g.regions.push(r);
    by.set(k, g);
  }
  return [...by.values()];
}

const label = (d: GuidelineDiff["old"]) => `${d.id}${d.version ? " " + d.version : ""} (${d.file})`;

export function renderDiff(d: GuidelineDiff, options: { cases?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`${label(d.old)} → ${label(d.new)}`);
  out.push("");
  out.push(`Structural changes: ${d.structural.length}`);
  for (const c of d.structural) {
    out.push(`  ${c.kind} ${c.what} ${c.id}`);
    for (const x of c.details) out.push(`      ${x}`);
  }
  for (const u of d.unmatchedReplaces) out.push(`  warning: ${u}, but the old version has no such fact; it is compared as a new fact`);
  out.push("");
  const changed = d.regions.filter((r) => r.status === "changed"), skipped = d.regions.filter((r) => r.status === "not-compared");
  out.push(`Semantic changes: ${changed.length} region${changed.length === 1 ? "" : "s"} of the case space decided differently` +
    ` (${d.changedCells} of ${d.cells} cells of indication and requested study searched, every fact given; exact, by threshold partitioning)`);
  const groups = groupRegions(changed);
  groups.forEach((g, i) => {
    const studies = [...new Set(g.regions.flatMap((r) => r.studies))];
    out.push(`  ${i + 1}. ${g.before} → ${g.after}: ${g.regions.length} region${g.regions.length === 1 ? "" : "s"}, requested ${studies.slice(0, 8).join(", ")}${studies.length > 8 ? ` and ${studies.length - 8} more` : ""}`);
    const r = g.regions[0];
    out.push(`     for example ${r.sentence}`);
    if (options.cases) out.push(`     case: ${JSON.stringify(r.case)}`);
  });
  if (skipped.length) {
    out.push("");
    out.push(`Not compared: ${skipped.length} region${skipped.length === 1 ? "" : "s"}`);
    groupRegions(skipped).forEach((g) => {
      const r = g.regions[0];
      out.push(`  ${g.before} → ${g.after}: ${g.regions.length} region${g.regions.length === 1 ? "" : "s"}, because ${r.why}`);
      out.push(`     for example ${r.where}: ${keyText(r.before)} → ${keyText(r.after)}`);
      if (options.cases) out.push(`     case: ${JSON.stringify(r.case)}`);
    });
  }
  if (d.capped.length) {
    out.push("");
    out.push(`The search stopped ${d.capped.length} question${d.capped.length === 1 ? "" : "s"} at ${d.budget.toLocaleString("en-US")} combinations, so it may have missed regions: ${d.capped.slice(0, 5).join("; ")}${d.capped.length > 5 ? " …" : ""}`);
  }
  out.push("");
  out.push(d.equivalent ? "Equivalent: every documented case is decided the same by both versions." : `Different: ${changed.length} region${changed.length === 1 ? "" : "s"} changed, ${skipped.length} not compared.`);
  return out.join("\n");
}
