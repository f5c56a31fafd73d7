// The one Diagnostic type every phase produces (parser, checker, analyses, example runner),
// and the table of stable codes. The CLI renders it as text; the editor turns it into markers.
import type { Range } from "./ast.ts";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file: string;
  range: Range;
  hint?: string;
  related?: { message: string; file: string; range: Range }[];
}

/** Stable codes, with what each means. Tests assert codes and ranges, not wording. */
export const diagnosticCodes = {
  "syntax-error": "The text does not follow the grammar of the language.",
  "unknown-character": "A character that cannot start any word of the language.",
  "nesting-too-deep": "Parentheses or braces nested deeper than the checker accepts.",
  "input-too-large": "The file is beyond the size limits (1,000,000 bytes, 200 sections, 4,000 condition nodes; grammar/limits.ts), or one quoted text in it is too large to read.",
  "missing-header": "The file does not start with a `guideline` header.",
  "duplicate-name": "A name (fact, definition, enumeration, study, indication, rule label) is declared twice.",
  "duplicate-section": "Two sections share an id.",
  "undefined-name": "A name is used that is not declared.",
  "undefined-section": "A cross-reference names a section that does not exist.",
  "undefined-external": "A rule refers to another guideline set that is not declared with `external`.",
  "undefined-study": "A CPT code that the study catalogue does not list.",
  "undefined-value": "A value that is not one of the enumeration's values.",
  "type-mismatch": "A fact is used in a way its type does not allow.",
  "unit-mismatch": "A quantity is compared with a quantity of another kind (a temperature with a length).",
  "missing-unit": "A comparison or value needs a unit.",
  "missing-cite": "A rule or prerequisite does not cite the guideline text it encodes.",
  "cite-not-found": "A quoted citation is not in the guideline's source text.",
  "source-not-found": "The source text named in the header cannot be read.",
  "invalid-date": "A date that is not a real calendar date.",
  "invalid-number": "A number out of range (a count below one, a CPT code that is not five digits).",
  "circular-definition": "A definition (or study set) that refers to itself.",
  "misplaced": "A construct where it has no meaning: `supported elsewhere` outside the condition of a deny, review, pend or refer rule; `except` on a section's own prerequisite.",
  "example-incomplete": "An example lacks its request or its expected outcome.",
  "example-failed": "An example's determination differs from what it expects.",
  "dead-rule": "A condition that no case can satisfy.",
  "conflict": "Two rules give different outcomes for the same case and study; precedence silently picks one.",
  "gap": "Cases in a declared range that no section governs.",
  "unused": "A declaration no rule uses, or a rule no example exercises.",
  "version-dates": "A version's effective dates are wrong: not a version, an end before its start, or (in a folder of versions) ranges that overlap or leave days no version covers.",
  "replaced-fact": "A fact `replaces` a name that is still declared, or that another fact already replaces.",
  "unscoped-list": "A general rule's hand-kept list of indications does not say, in a note, whether each section is in or out.",
  "absence-approves": "A fact's `not documented means` answer can move a request toward approval, and no note starting \"Not documented:\" gives the reading.",
} as const;
export type DiagnosticCode = keyof typeof diagnosticCodes;

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
