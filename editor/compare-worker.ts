// The compare worker: the edited text in, its `guide diff` against the bundled guideline out (structure, progress,
// groups). The search can take minutes on PEDSP, so it runs off the page, searches only the indications the edit's
// sections reach unless asked for all, and is cancelled by the page terminating it (the search never yields).
import { check, diffGuidelines, diffStructure, groupRegions, hasErrors, type Model } from "../compiler/index.ts";
import { bundledGuide, sourceTexts } from "./bundled.ts";
import type { CompareRequest, FromCompare, VersionLabel } from "./compare-protocol.ts";

const post = (m: FromCompare): void => (self as unknown as Worker).postMessage(m);
const readSource = (name: string): string | { problem: string } =>
  Object.prototype.hasOwnProperty.call(sourceTexts, name) ? sourceTexts[name] : { problem: "the playground has no source text of that name" };
const EDITED = `${bundledGuide.file} (edited)`;

let published: Model | undefined;
function publishedModel(): Model | string {
  if (published) return published;
  const r = check(bundledGuide.text, bundledGuide.file, { readSource });
  if (!r.model || hasErrors(r.diagnostics)) return "the bundled guideline does not check, so there is nothing to compare with";
  return (published = r.model);
}

const label = (m: Model): VersionLabel => ({ file: m.file, id: m.plan.guideline.id, ...(m.plan.guideline.version ? { version: m.plan.guideline.version } : {}) });

function compare(req: CompareRequest): void {
  const t0 = performance.now();
  const a = publishedModel();
  if (typeof a === "string") return post({ type: "problem", id: req.id, message: a });
  const r = check(req.text, EDITED, { readSource });
  if (!r.model || hasErrors(r.diagnostics)) return post({ type: "problem", id: req.id, message: "The edited guideline has errors; fix them (see Problems) to compare it." });
  const b = r.model;
  const texts = { old: bundledGuide.text, new: req.text };
  const s = diffStructure(a, b, texts);
  const indications = req.full ? undefined : s.scope.indications;
  post({
    type: "structure", id: req.id, old: label(a), new: label(b), structural: s.structural,
    unmatchedReplaces: s.unmatchedReplaces,
    scope: s.scope, searched: indications ?? "all",
  });
  // Nothing changed at all: the texts decide alike without a search.
  if (req.text === bundledGuide.text) {
    return post({ type: "result", id: req.id, ms: Math.round(performance.now() - t0), changed: [], notCompared: [], cells: 0, changedCells: 0, capped: [], budget: 0, equivalent: true });
  }
  let last = 0;
  const progress = (done: number, total: number): void => {
    const now = performance.now();
    if (now - last < 100 && done < total) return;
    last = now;
    post({ type: "progress", id: req.id, done, total });
  };
  const d = diffGuidelines(a, b, texts, undefined, { indications, progress });
  post({
    type: "result", id: req.id, ms: Math.round(performance.now() - t0),
    changed: groupRegions(d.regions.filter((x) => x.status === "changed")),
    notCompared: groupRegions(d.regions.filter((x) => x.status === "not-compared")),
    cells: d.cells, changedCells: d.changedCells, capped: d.capped, budget: d.budget, equivalent: d.equivalent,
  });
}

self.onmessage = (e: MessageEvent<CompareRequest>) => {
  try {
    compare(e.data);
  } catch (err) {
    post({ type: "problem", id: e.data.id, message: `The comparison failed: ${err instanceof Error ? err.message : String(err)}` });
  }
};
