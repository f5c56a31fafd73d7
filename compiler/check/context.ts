// The state the checker's passes share: symbol tables filled by the declaration pass, the plan and
// condition nodes built by the later ones, and the diagnostics every pass appends to.
import type * as A from "../../grammar/ast.ts";
import type { Diagnostic, DiagnosticCode } from "../../grammar/diagnostics.ts";
import type { Plan, PlanStudy, PlanNode, PlanRequirement } from "../../runtime/plan.ts";
import type { FactType } from "../../runtime/validate.ts";
import type { NodeOp, ExampleCase } from "../model.ts";
import type { Limits } from "../../grammar/limits.ts";

export interface FactInfo { decl: A.FactDecl; type: FactType; unit?: string; enumName?: string }

export interface CheckOptions {
  /** The text of the source document the header names (citations are checked against it). */
  sourceText?: string;
  /**
   * When `sourceText` is not given: reads the source the parsed header names (`source "…"`), giving its text or,
   * in plain words, why it cannot be read. The CLI reads a file in the .guide file's folder (compiler/cli/io.ts).
   */
  readSource?: (name: string) => string | { problem: string };
  /** Why the source text could not be read, for the source-not-found message (set from `readSource`). */
  sourceProblem?: string;
  /** Size limits other than the defaults (grammar/limits.ts); parse refuses larger input with `input-too-large`. */
  limits?: Partial<Limits>;
}

/** Condition nodes nested deeper than this (through brackets, `not`s and definitions) are refused. */
export const MAX_CONDITION_DEPTH = 500;

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly facts = new Map<string, FactInfo>();
  readonly enums = new Map<string, { decl: A.EnumDecl; values: string[] }>();
  readonly indications: string[] = [];
  readonly studies = new Map<string, PlanStudy>();
  readonly regions = new Set<string>();
  readonly externals = new Map<string, A.ExternalDecl>();
  readonly sections = new Map<string, A.SectionDecl>();
  readonly globalDefs = new Map<string, A.DefineDecl>();
  /** Named study sets (`studies NAME = …`) by name, the first of each name. */
  readonly studySets = new Map<string, A.StudySetDecl>();
  /** Lowered definitions by key ("name" or "SECTION::name") -> node id; -1 while being lowered (cycle guard). */
  readonly defNodes = new Map<string, number>();
  readonly nodes: PlanNode[] = [];
  readonly ops: NodeOp[] = [];
  readonly examples: ExampleCase[] = [];
  readonly anyItems: { node: number; parent: number; rule: string }[] = [];
  /** The consistency node of each `yes when` / `no when` clause (Model.consistency). */
  readonly consistency: number[] = [];
  /** The `cite` of each list item, with the condition node it is attached to (its line is found by the citations pass). */
  readonly itemCites: { str: A.Str; node: number }[] = [];
  plan!: Plan;
  /** Each top-level `requires`, lowered once (its copies in the sections share its citations). */
  readonly guidelineRequires: PlanRequirement[] = [];
  /** The height of each condition node (a leaf is 1), and how deep the lowering recursion is now. */
  readonly heights: number[] = [];
  lowering = 0;
  /** How many unknown names have had a "did you mean" search (it is bounded: see expressions.ts). */
  suggestionsMade = 0;

  constructor(readonly ast: A.GuideFile, readonly file: string, readonly text: string, readonly options: CheckOptions) {}

  report(code: DiagnosticCode, range: A.Range, message: string, severity: Diagnostic["severity"] = "error", hint?: string): void {
    this.diagnostics.push({ severity, code, message, file: this.file, range, ...(hint ? { hint } : {}) });
  }

  /** Source text of a node, whitespace collapsed: what the trace and summaries show. */
  textOf(r: A.Range): string {
    const s = this.text.slice(r.start.offset, r.end.offset);
    return hasOnlySingleSpaces(s) ? s : s.replace(/\s+/g, " ").trim();
  }

  /** The modalities of the study catalogue (filled once the declarations are read). */
  get modalities(): Set<string> {
    return (this.modalitiesCache ??= new Set([...this.studies.values()].map((s) => s.modality)));
  }
  private modalitiesCache: Set<string> | undefined;

  /** `text`: what the trace shows for a node the checker builds rather than reads (else the source text of `range`). */
  addNode(op: NodeOp, range: A.Range, facts: string[], text?: string): number {
    let kids = op.op === "not" ? [op.kid] : op.op === "def" ? [op.kid] : "kids" in op ? op.kids : [];
    // Evaluation recurses once per level of condition nodes (definitions included): refuse runaway depth.
    let height = 1;
    for (const k of kids) height = Math.max(height, this.heights[k] + 1);
    if (height > MAX_CONDITION_DEPTH) {
      this.report("nesting-too-deep", range, `Conditions and definitions are nested more than ${MAX_CONDITION_DEPTH} deep here; flatten the chain of definitions.`);
      op = { op: "const", value: false };
      kids = [];
      facts = [];
      height = 1;
    }
    this.heights.push(height);
    this.ops.push(op);
    this.nodes.push({ text: text ?? this.textOf(range), line: range.start.line, kids, facts, ...(op.op === "not" ? { not: true as const } : {}) });
    return this.nodes.length - 1;
  }
}

/**
 * Whether s.replace(/\s+/g, " ").trim() would leave s as it is: no whitespace but single spaces inside.
 * (Most conditions are on one line; this spares them a regular expression and a copy.)
 */
function hasOnlySingleSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === s.length - 1 || s.charCodeAt(i + 1) === 0x20) return false;
    } else if (c < 0x20 || (c >= 0x7f && /\s/.test(s[i]))) return false;
  }
  return true;
}

/** "did you mean" by edit distance (at most 2, or a third of the word). */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined, bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase(), limit);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) { best = c; bestD = d; }
  }
  return bestD <= limit ? best : undefined;
}

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** A CPT code is read as a number where a study goes; it must be exactly five digits. Reports and says false otherwise. */
export function isCptCode(ctx: CheckContext, n: { text: string; range: A.Range }): boolean {
  if (/^\d{5}$/.test(n.text)) return true;
  ctx.report("invalid-number", n.range, `${n.text.length > 20 ? n.text.slice(0, 20) + "…" : n.text} is not a CPT code: a CPT code is five digits, like 72148.`);
  return false;
}

export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const s = suggest(word, candidates);
  return s ? ` Did you mean '${s}'?` : "";
};
