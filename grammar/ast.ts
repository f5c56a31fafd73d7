// The abstract syntax tree of a .guide file. Every node carries a half-open source range
// ([start, end): end is the position just after the last character), built by build-ast.ts.

export interface Position { line: number; column: number; offset: number } // line and column are 1-based
export interface Range { start: Position; end: Position }
export interface Node { range: Range }

export interface Name extends Node { text: string }
export interface Str extends Node { value: string }

export interface GuideFile extends Node {
  kind: "File";
  header: Header | undefined;
  externals: ExternalDecl[];
  indications: EnumValueDecl[];
  enums: EnumDecl[];
  studies: StudyDecl[];
  /** Named study sets (`studies NAME = …`), expanded by the checker wherever they are used. */
  studySets: StudySetDecl[];
  facts: FactDecl[];
  definitions: DefineDecl[];
  /** Guideline-wide prerequisites (top-level `requires`): each gates the approvals of every section not in its `except`. */
  requires: RequiresClause[];
  sections: SectionDecl[];
}

export interface Header extends Node {
  kind: "Header"; id: Name; title: Str; version?: Str; source?: Str;
  /** The first and (inclusive) last day this version is in force, as written (YYYY-MM-DD). */
  effective?: Name; through?: Name;
}
export interface ExternalDecl extends Node { kind: "External"; id: Name; title: Str; inSet?: Str }
export interface EnumValueDecl extends Node { kind: "EnumValue"; name: Name; label?: Str }
export interface EnumDecl extends Node { kind: "Enum"; name: Name; values: EnumValueDecl[] }

export type ContrastKind = "without" | "with" | "without_and_with";
export interface StudyDecl extends Node {
  kind: "Study"; cpt: Name; description: Str; modality: Name; region: Name; contrast?: ContrastKind; notes: Str[];
}

/** `studies spine_advanced = MRI of cervical, CT of cervical`: a name for a list of study patterns (and other sets). */
export interface StudySetDecl extends Node { kind: "StudySet"; name: Name; studies: StudyPattern[]; notes: Str[] }

export type FactTypeAst =
  | { kind: "bool" }
  | { kind: "number"; unit?: Name; bounds?: FactBounds }
  | { kind: "duration"; bounds?: FactBounds }
  | { kind: "date" }
  | { kind: "enum"; ref: Name | EnumValueDecl[] }
  | { kind: "set"; ref: Name | EnumValueDecl[] };
/** `within LOW..HIGH [UNIT]`: the values a case may give the fact (the number texts are kept for messages). */
export interface FactBounds extends Node { low: Name; high: Name; unit?: Name }
/** `yes when EXPR` / `no when EXPR`: other evidence that answers a yes/no fact when the case does not. */
export interface FactImplication extends Node { value: boolean; expr: Expr }
/**
 * `implied`: its `yes when` / `no when` lines; `notDocumented`: what `not documented means yes|no` says a
 * "not documented" answer is: yes/no, or a value of a one-of fact (without it, "not documented" is unknown).
 */
export interface FactDecl extends Node {
  /** `replaces a[, b …]`: the previous version's names of this fact (more than one when facts were merged into it). */
  kind: "Fact"; name: Name; type: FactTypeAst; typeRange: Range; question: Str; group?: string; notes: Str[]; replaces?: Name[];
  implied: FactImplication[]; notDocumented?: { value: boolean | Name; range: Range };
}

export interface DefineDecl extends Node { kind: "Define"; name: Name; expr: Expr; notes: Str[] }

export interface SectionDecl extends Node {
  kind: "Section"; id: Name; title: Str;
  applies: Expr[]; notes: Str[]; requires: RequiresClause[]; definitions: DefineDecl[];
  rules: RuleDecl[]; sees: Name[]; examples: ExampleDecl[];
}
/** `except`: the sections (or chapters) a guideline-wide prerequisite does not gate; only at the top level. */
export interface RequiresClause extends Node { kind: "Requires"; expr: Expr; studies?: StudyPattern[]; except?: Name[]; cites: Str[]; notes: Str[] }

export type RuleOutcome = "approve" | "deny" | "review" | "pend" | "refer";
export interface RuleDecl extends Node {
  kind: "Rule"; label?: Name; outcome: RuleOutcome; outcomeRange: Range;
  studies: StudyPattern[]; target?: Name; when?: Expr; cites: Str[]; notes: Str[];
}

export type StudyPattern =
  | (Node & { kind: "Cpt"; cpt: string })
  | (Node & { kind: "AnyStudy" })
  | (Node & { kind: "Set"; name: Name }) // a study set's name, expanded by the checker
  | (Node & { kind: "Pattern"; modality: string; contrast: ContrastKind[]; region?: Name | "any" });

export type GivenValue =
  | (Node & { kind: "Quantity"; parts: { value: number; unit?: string }[]; ago: boolean })
  | (Node & { kind: "Date"; value: string })
  | (Node & { kind: "Word"; value: string })
  | (Node & { kind: "Set"; values: Name[] });
/** `notDocumented`: `given fever not documented`, the case's answer "not documented". */
export interface GivenItem extends Node { name: Name; negated: boolean; value?: GivenValue; notDocumented?: true }
export type ExampleOutcome = "approve" | "deny" | "pend" | "review" | "not-applicable";
export interface ExampleDecl extends Node {
  kind: "Example"; title: Str; given: GivenItem[]; asOf?: Name; request?: Name;
  expect?: { outcome: ExampleOutcome; range: Range; target?: Name; missing?: Name[] };
}

export type CmpOperator = ">=" | ">" | "<=" | "<" | "=" | "!=";
export type Expr =
  | (Node & { kind: "And"; args: Expr[] })
  | (Node & { kind: "Or"; args: Expr[] })
  | (Node & { kind: "Not"; arg: Expr })
  | (Node & { kind: "Quantifier"; q: "any" | "all" | "none"; args: Expr[]; itemCites?: (Str | undefined)[] })
  | (Node & { kind: "AtLeast"; n: number; args: Expr[]; itemCites?: (Str | undefined)[] })
  | (Node & { kind: "Ref"; name: Name })
  | (Node & { kind: "Compare"; subject: Name; op: CmpOperator; value: number; unit?: Name })
  | (Node & { kind: "Within"; subject: Name; value: number; unit: Name })
  | (Node & { kind: "Is"; subject: Name; negated: boolean; values: Name[]; oneOf: boolean })
  | (Node & { kind: "Has"; subject: Name; mode: "any" | "all"; values: Name[] })
  | (Node & { kind: "Requested"; pattern: StudyPattern })
  | (Node & { kind: "SupportedElsewhere" }) // an approve rule of an applicable section fits the requested study and fires
  | (Node & { kind: "Error" }); // a part the parser could not read; a diagnostic was already reported
