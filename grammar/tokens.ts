// The vocabulary of the .guide language: one ordered array of Chevrotain token types.
// Order matters (longer and more specific patterns first); the editor's highlighting is derived from it.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /\/\/[^\n\r]*/, group: "comments", label: "a comment" });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });
// Section and guideline-set ids: PEDSP-2.3, SP-7, PEDONC-2.10, ADULT-SPINE.
export const SectionId = createToken({
  name: "SectionId",
  pattern: /[A-Z][A-Z0-9]*(?:-[A-Z0-9]+(?:\.[0-9]+)*)+/,
  label: "a section id (like PEDSP-2.3)",
});
export const DateLit = createToken({ name: "DateLit", pattern: /\d{4}-\d{2}-\d{2}(?![\d])/, label: "a date (YYYY-MM-DD)" });
// A number is a number whatever its digit count. A CPT code is not a separate word: the parser accepts a
// number where it expects a study (Cpt is a category of NumberLit) and the checker requires five digits.
export const Cpt = createToken({ name: "Cpt", pattern: Lexer.NA, label: "a CPT code" });
export const NumberLit = createToken({ name: "NumberLit", pattern: /\d+(?:\.\d+)?/, categories: [Cpt], label: "a number" });
// Unrolled (`[^"\\]*` runs between escapes): one alternation per character overflows V8's regexp stack on a 10 MB text.
export const StringLit = createToken({ name: "StringLit", pattern: /"[^"\\]*(?:\\["\\][^"\\]*)*"/, label: "a quoted text", line_breaks: true });
// What StringLit leaves: a quote that is never closed (to the end of the file) or that holds another escape
// (to its closing quote). Without it a failed quote would be rescanned from every later `"`: quadratic time.
// It covers at least what StringLit's failed attempt read, so lexing stays linear; parse() reports it.
export const BadString = createToken({ name: "BadString", pattern: /"[^"\\]*(?:\\[\s\S][^"\\]*)*"?/, group: "badStrings", line_breaks: true, label: "a quoted text" });

export const YesNo = createToken({ name: "YesNo", pattern: /yes\/no/, label: "'yes/no'" });
export const NotApplicable = createToken({ name: "NotApplicable", pattern: /not-applicable/, label: "'not-applicable'" });

/** Keyword helper: every keyword falls back to Identifier when it is the prefix of a longer name. */
const kw = (word: string, name?: string): TokenType =>
  createToken({ name: name ?? word[0].toUpperCase() + word.slice(1), pattern: new RegExp(`${word}(?![A-Za-z0-9_])`), longer_alt: Identifier, label: `'${word}'` });

export const Guideline = kw("guideline");
export const Version = kw("version");
export const Source = kw("source");
// Effective-dated versions (`effective 2026-01-01 through 2026-12-14`) and a fact's predecessor (`replaces old_fact`).
export const Effective = kw("effective");
export const Through = kw("through");
export const Replaces = kw("replaces");
// A fact answered by other evidence (`yes when temperature >= 100 °F`) and what "not documented" means
// (`not documented means no`); `given fever not documented` in an example.
export const Yes = kw("yes");
export const No = kw("no");
export const Documented = kw("documented");
export const Means = kw("means");
export const External = kw("external");
export const In = kw("in");
export const Indications = kw("indications");
export const Enum = kw("enum");
export const Studies = kw("studies");
export const Facts = kw("facts");
export const Group = kw("group");
export const Define = kw("define");
export const Section = kw("section");
export const Applies = kw("applies");
export const When = kw("when");
export const Note = kw("note");
export const Requires = kw("requires");
export const For = kw("for");
export const Approve = kw("approve");
export const Deny = kw("deny");
export const Review = kw("review");
export const Pend = kw("pend");
export const Refer = kw("refer");
export const See = kw("see");
export const Cite = kw("cite");
export const Example = kw("example");
export const Given = kw("given");
export const Request = kw("request");
export const Expect = kw("expect");
export const Missing = kw("missing");
export const As = kw("as");
export const Of = kw("of");
export const And = kw("and");
export const Or = kw("or");
export const Not = kw("not");
export const Any = kw("any");
export const All = kw("all");
export const None = kw("none");
export const At = kw("at");
export const Least = kw("least");
export const Is = kw("is");
export const Has = kw("has");
export const Within = kw("within");
export const Ago = kw("ago");
export const NumberKw = kw("number", "NumberKw");
export const Duration = kw("duration");
export const DateKw = kw("date", "DateKw");
export const One = kw("one");
export const SetKw = kw("set", "SetKw");
export const Without = kw("without");
export const With = kw("with");
export const Contrast = kw("contrast");
export const Study = kw("study");
export const Region = kw("region");
export const Requested = kw("requested");
// Guideline-wide prerequisites (`requires … except PEDSP-4.2`) and "unless another section states otherwise"
// (`not supported elsewhere`).
export const Except = kw("except");
export const Supported = kw("supported");
export const Elsewhere = kw("elsewhere");

export const Modality = createToken({ name: "Modality", pattern: /(?:MRI|MRA|CT|US|SPECT|XR|NM)(?![A-Za-z0-9_-])/, longer_alt: Identifier, label: "a modality (MRI, CT, US, SPECT, MRA, XR, NM)" });

// Units. `°` alone and `˚` (U+02DA, as the source writes "15˚") are degrees of angle.
export const Unit = createToken({ name: "Unit", pattern: Lexer.NA, label: "a unit" });
const unit = (name: string, pattern: RegExp, label: string, alt = true): TokenType =>
  createToken({ name, pattern, categories: [Unit], label, ...(alt ? { longer_alt: Identifier } : {}) });
export const DegF = unit("DegF", /°F|˚F|degF(?![A-Za-z0-9_])/, "'°F'", false);
export const DegC = unit("DegC", /°C|˚C|degC(?![A-Za-z0-9_])/, "'°C'", false);
export const Degrees = unit("Degrees", /degrees(?![A-Za-z0-9_])|°|˚/, "'degrees'", false);
export const Mm = unit("Mm", /mm(?![A-Za-z0-9_])/, "'mm'");
export const Cm = unit("Cm", /cm(?![A-Za-z0-9_])/, "'cm'");
export const Days = unit("Days", /days?(?![A-Za-z0-9_])/, "'days'");
export const Weeks = unit("Weeks", /weeks?(?![A-Za-z0-9_])/, "'weeks'");
export const Months = unit("Months", /months?(?![A-Za-z0-9_])/, "'months'");
export const Years = unit("Years", /years?(?![A-Za-z0-9_])/, "'years'");

export const CmpOp = createToken({ name: "CmpOp", pattern: Lexer.NA, label: "a comparison (>=, <=, >, <, =, !=)" });
const op = (name: string, pattern: RegExp, label: string): TokenType => createToken({ name, pattern, categories: [CmpOp], label });
export const GreaterEq = op("GreaterEq", />=|≥/, "'>='");
export const LessEq = op("LessEq", /<=|≤/, "'<='");
export const NotEq = op("NotEq", /!=|≠/, "'!='");
export const Greater = op("Greater", />/, "'>'");
export const Less = op("Less", /</, "'<'");
export const Equals = createToken({ name: "Equals", pattern: /=/, categories: [CmpOp], label: "'='" });

export const LCurly = createToken({ name: "LCurly", pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
// The range of a fact's plausible values: `within 77..113`.
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./, label: "'..'" });

export const keywordTokens: TokenType[] = [
  Guideline, Version, Source, Effective, Through, Replaces, Yes, No, Documented, Means, External, In, Indications, Enum, Studies, Facts, Group, Define, Section, Applies,
  When, Note, Requires, For, Approve, Deny, Review, Pend, Refer, See, Cite, Example, Given, Request, Expect, Missing,
  As, Of, And, Or, Not, Any, All, None, At, Least, Is, Has, Within, Ago, NumberKw, Duration, DateKw, One, SetKw,
  Without, With, Contrast, Study, Region, Requested, Except, Supported, Elsewhere,
];
export const unitTokens: TokenType[] = [DegF, DegC, Degrees, Mm, Cm, Days, Weeks, Months, Years];
export const operatorTokens: TokenType[] = [GreaterEq, LessEq, NotEq, Greater, Less, Equals];

export const allTokens: TokenType[] = [
  WhiteSpace, Comment, StringLit, BadString, SectionId, DateLit, NumberLit, YesNo, NotApplicable,
  ...unitTokens, Modality, ...keywordTokens, Identifier,
  ...operatorTokens, LCurly, RCurly, LParen, RParen, Comma, Colon, DotDot, Unit, CmpOp, Cpt,
];

// Lines end at \n only, as in positions.ts and the editor; a lone \r is not a line break.
export const GuideLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false, lineTerminatorsPattern: /\n/g, lineTerminatorCharacters: ["\n"] });
