// grammar/tokens.ts in, a Monaco Monarch tokenizer out: the rules follow the lexer's own token order and
// patterns, so highlighting cannot drift from the language. Also the keyword and unit words for completion.
import type { languages } from "monaco-editor/editor";
import type { TokenType } from "chevrotain";
import { allTokens, keywordTokens, unitTokens, operatorTokens, Comment, StringLit, BadString, WhiteSpace, Identifier, SectionId, DateLit, NumberLit, YesNo, NotApplicable, Modality, Approve, Deny, Review, Pend, Refer } from "../grammar/tokens.ts";

const OUTCOMES = new Set<TokenType>([Approve, Deny, Review, Pend, Refer, NotApplicable]);

/** The Monaco token class of a lexer token. */
function classOf(t: TokenType): string | undefined {
  if (t === Comment) return "comment";
  if (OUTCOMES.has(t)) return "keyword.outcome";
  if (keywordTokens.includes(t) || t === YesNo) return "keyword";
  if (unitTokens.includes(t)) return "unit";
  if (operatorTokens.includes(t)) return "operator";
  if (t === SectionId) return "type.section";
  if (t === Modality) return "type.modality";
  if (t === DateLit) return "number.date";
  if (t === NumberLit) return "number";
  if (t === Identifier) return "identifier";
  if (t.PATTERN instanceof RegExp) return "delimiter";
  return undefined;
}

/** The literal word a keyword token matches (its pattern is `word(?![A-Za-z0-9_])`). */
export function wordOf(t: TokenType): string {
  const src = t.PATTERN instanceof RegExp ? t.PATTERN.source : String(t.PATTERN);
  return src.replace(/\(\?![^)]*\)$/, "").replace(/\\\//g, "/");
}

export const keywordWords: string[] = [...keywordTokens.map(wordOf), wordOf(YesNo), wordOf(NotApplicable)];
/** Unit spellings a completion offers: the canonical word of each unit token. */
export const unitWords: string[] = unitTokens.map((t) => (t.LABEL ?? t.name).replace(/^'|'$/g, ""));

export function monarchLanguage(): languages.IMonarchLanguage {
  const root: languages.IMonarchLanguageRule[] = [];
  for (const t of allTokens) {
    if (t === WhiteSpace || !(t.PATTERN instanceof RegExp)) continue;
    // Strings may span lines and Monarch reads one line at a time: a string opens a state instead.
    // (BadString is what StringLit leaves unclosed or with another escape; the string state covers both.)
    if (t === StringLit) { root.push([/"/, { token: "string.quote", next: "@string" }]); continue; }
    if (t === BadString) continue;
    const cls = classOf(t);
    if (cls) root.push([new RegExp(t.PATTERN.source), cls]);
  }
  root.push([/\s+/, "white"], [/./, "invalid"]);
  return {
    defaultToken: "invalid",
    tokenPostfix: ".guide",
    tokenizer: {
      root,
      string: [[/[^"\\]+/, "string"], [/\\["\\]/, "string.escape"], [/\\./, "string.invalid"], [/"/, { token: "string.quote", next: "@pop" }]],
    },
  };
}
