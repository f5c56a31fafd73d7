// parse(text, file) -> { ast, cst, comments, diagnostics }. Never throws on user input.
// Lexing errors and parse errors both become Diagnostics with half-open ranges.
import type { CstNode, IToken } from "chevrotain";
import { GuideLexer } from "./tokens.ts";
import { parserInstance } from "./parser.ts";
import { buildFile, tokenRange } from "./build-ast.ts";
import type { GuideFile, Range } from "./ast.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { positionAt } from "./positions.ts";

/** Deeper nesting than this is refused before parsing, so recursion stays far from the stack limit. */
export const MAX_NESTING = 100;

export interface ParseResult { ast: GuideFile | undefined; cst: CstNode | undefined; tokens: IToken[]; comments: IToken[]; diagnostics: Diagnostic[] }

export function parse(text: string, file = "<input>"): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lex = GuideLexer.tokenize(text);
  // Merge adjacent lexer errors (a run of garbage is one mistake, not one per character).
  let lastEnd = -2;
  for (const e of lex.errors) {
    const start = positionAt(text, e.offset), end = positionAt(text, e.offset + e.length);
    const prev = diagnostics[diagnostics.length - 1];
    if (prev && prev.code === "unknown-character" && e.offset <= lastEnd) { prev.range = { start: prev.range.start, end }; lastEnd = e.offset + e.length; continue; }
    if (diagnostics.length >= 200) break;
    const ch = text.slice(e.offset, e.offset + Math.min(e.length, 20));
    diagnostics.push({ severity: "error", code: "unknown-character", file, range: { start, end },
      message: `'${ch}' is not part of the language here. Put text in double quotes, or start a comment with //.` });
    lastEnd = e.offset + e.length;
  }
  const tokens = lex.tokens;
  const comments = (lex.groups.comments ?? []) as IToken[];
  // Refuse deep nesting up front: the recursive-descent parser would otherwise overflow the stack.
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === "LParen" || n === "LCurly") {
      depth++;
      if (depth > MAX_NESTING) {
        diagnostics.push({ severity: "error", code: "nesting-too-deep", file, range: tokenRange(t),
          message: `Brackets are nested more than ${MAX_NESTING} deep here; split the condition into named definitions.` });
        return { ast: undefined, cst: undefined, tokens, comments, diagnostics };
      }
    } else if (n === "RParen" || n === "RCurly") depth = Math.max(0, depth - 1);
  }
  parserInstance.input = tokens;
  const cst = parserInstance.file();
  for (const e of parserInstance.errors) {
    const t = e.token;
    let range: Range;
    if (t.tokenType.name === "EOF" || Number.isNaN(t.startOffset)) {
      const p = positionAt(text, text.length);
      range = { start: p, end: p };
    } else range = tokenRange(t);
    diagnostics.push({ severity: "error", code: "syntax-error", file, range, message: e.message });
  }
  if (tokens.length === 0 || tokens[0].tokenType.name !== "Guideline") {
    if (!diagnostics.some((d) => d.code === "syntax-error")) {
      const p = positionAt(text, 0);
      diagnostics.push({ severity: "error", code: "missing-header", file, range: { start: p, end: p },
        message: "A guideline file starts with its header, like: guideline PEDSP \"Pediatric Spine Imaging\" source \"source.txt\"" });
    }
  }
  let ast: GuideFile | undefined;
  try {
    ast = cst ? buildFile(cst) : undefined;
  } catch {
    ast = undefined; // a recovered tree too broken to read; the syntax errors already say why
  }
  return { ast, cst, tokens, comments, diagnostics };
}
