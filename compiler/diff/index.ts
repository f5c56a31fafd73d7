// diffGuidelines(old, new) -> what a revision changes: structural changes by id, the facts that changed
// (and how the diff crossed them), and every region of the case space decided differently (semantic.ts).
import type { Model } from "../model.ts";
import { DEFAULT_BUDGET } from "../analyze/context.ts";
import { buildJoint, type FactChange } from "./joint.ts";
import { structuralDiff, type Change } from "./structural.ts";
import { diffScope, type DiffScope } from "./scope.ts";
import { semanticDiff, type Region, type SemanticOptions } from "./semantic.ts";

export interface GuidelineDiff {
  old: { file: string; id: string; version?: string };
  new: { file: string; id: string; version?: string };
  structural: Change[];
  facts: FactChange[];
  /** `replaces` names in the new version that the old version does not declare. */
  unmatchedReplaces: string[];
  regions: Region[];
  cells: number;
  changedCells: number;
  capped: string[];
  budget: number;
  equivalent: boolean;
}

/** The cheap half of a diff, for an editor to show at once: structural changes, fact changes, and the scope a semantic search needs. */
export function diffStructure(a: Model, b: Model, texts: { old: string; new: string }): Pick<GuidelineDiff, "structural" | "facts" | "unmatchedReplaces"> & { scope: DiffScope } {
  const facts = buildJoint(a, b).facts;
  const structural = structuralDiff(a, b, facts, texts);
  return { structural, facts, unmatchedReplaces: unmatched(a, b), scope: diffScope(a, b, structural) };
}

const unmatched = (a: Model, b: Model): string[] =>
  b.ast.facts.flatMap((f) => (f.replaces ?? []).filter((r) => !a.plan.facts.some((o) => o.name === r.text)).map((r) => `${f.name.text} replaces ${r.text}`));

export function diffGuidelines(a: Model, b: Model, texts: { old: string; new: string }, budget = DEFAULT_BUDGET, options: SemanticOptions = {}): GuidelineDiff {
  const joint = buildJoint(a, b);
  const sem = semanticDiff(joint, budget, options);
  const unmatchedReplaces = unmatched(a, b);
  const info = (m: Model) => ({ file: m.file, id: m.plan.guideline.id, ...(m.plan.guideline.version ? { version: m.plan.guideline.version } : {}) });
  return {
    old: info(a), new: info(b),
    structural: structuralDiff(a, b, joint.facts, texts), facts: joint.facts, unmatchedReplaces,
    regions: sem.regions, cells: sem.cells, changedCells: sem.changedCells, capped: sem.capped, budget: sem.budget,
    equivalent: sem.regions.length === 0 && sem.capped.length === 0,
  };
}
export type { Region, Change, FactChange, SemanticOptions, DiffScope };
export { diffScope };
export { structuralDiff } from "./structural.ts";
export { buildJoint } from "./joint.ts";
export { groupRegions, renderDiff, type Group } from "./render.ts";
