// Messages between the page and the compare worker (compare-worker.ts): the edited text in; the structural
// changes at once, progress while the semantic search runs, then its regions grouped as `guide diff` groups them.
import type { Change, DiffScope, Group } from "../compiler/index.ts";

export interface CompareRequest { type: "compare"; id: number; text: string; full: boolean }

export interface VersionLabel { file: string; id: string; version?: string }

export interface CompareStructure {
  type: "structure"; id: number;
  old: VersionLabel; new: VersionLabel;
  structural: Change[];
  unmatchedReplaces: string[];
  scope: DiffScope;
  /** The indications the semantic search covers: the scope's, or every one ("all"). */
  searched: string[] | "all";
}
export interface CompareProgress { type: "progress"; id: number; done: number; total: number }
export interface CompareResult {
  type: "result"; id: number; ms: number;
  changed: Group[];
  notCompared: Group[];
  cells: number; changedCells: number; capped: string[]; budget: number; equivalent: boolean;
}
/** Why there is no comparison (the edited text has errors, the bundled one does not check, the search failed). */
export interface CompareProblem { type: "problem"; id: number; message: string }
export type FromCompare = CompareStructure | CompareProgress | CompareResult | CompareProblem;
