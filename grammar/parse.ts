// parse(text, file, limits?) -> { ast, cst, comments, diagnostics }. Never throws on user input.
// Lexing errors and parse errors both become Diagnostics with half-open ranges; text beyond the size
// limits (limits.ts) is refused with `input-too-large` before it is lexed or checked.
import type { CstNode, IToken } from "chevrotain";
import { GuideLexer } from "./tokens.ts";
import { parserInstance } from "./parser.ts";
import { buildFile, tokenRange } from "./build-ast.ts";
import type { GuideFile, Range } from "./ast.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { positionAt } from "./positions.ts";
import { fileTooLarge, LIMITS, type Limits, textTooLarge } from "./limits.ts";

/** Deeper nesting than this is refused before parsing, so recursion stays far from the stack limit. */
export const MAX_NESTING = 100;

export interface ParseResult { ast: GuideFile | undefined; cst: CstNode | undefined; tokens: IToken[]; comments: IToken[]; diagnostics: Diagnostic[] }

export function parse(text: string, file = "<input>", limits: Partial<Limits> = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lim: Limits = { ...LIMITS, ...limits };
  const tooLarge = textTooLarge(text, lim);
  if (tooLarge) {
    const start = positionAt("", 0);
    diagnostics.push({ severity: "error", code: "input-too-large", file, range: { start, end: start }, message: tooLarge.message });
    return { ast: undefined, cst: undefined, tokens: [], comments: [], diagnostics };
  }
  let lex: ReturnType<typeof GuideLexer.tokenize>;
  try {
    lex = GuideLexer.tokenize(text);
  } catch (e) {
    // The regular expressions of the lexer can exhaust the stack on pathological text (millions of escapes in one quote).
    if (!(e instanceof RangeError)) throw e;
    const start = positionAt(text, 0), end = positionAt(text, text.length);
    diagnostics.push({ severity: "error", code: "input-too-large", file, range: { start, end },
      message: "This file is too large to read (perhaps a quoted text that is never closed, or one of many megabytes); split it or close the quote." });
    return { ast: undefined, cst: undefined, tokens: [], comments: [], diagnostics };
  }
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
  for (const t of (lex.groups.badStrings ?? []) as IToken[]) {
    if (diagnostics.length >= 200) break;
    // Closed when the pattern's optional final quote matched, i.e. the body alone is shorter than the token.
    const closed = /^"[^"\\]*(?:\\[\s\S][^"\\]*)*/.exec(t.image)![0].length < t.image.length;
    const bad = badEscape(t.image);
    // From offsets: an unclosed quote may end with a line break, which Chevrotain's end position does not count.
    const range = { start: positionAt(text, t.startOffset), end: positionAt(text, t.startOffset + t.image.length) };
    diagnostics.push({ severity: "error", code: "syntax-error", file, range,
      message: closed && bad ? `'${bad}' cannot be written in a quoted text: only \\" (a quote) and \\\\ (a backslash) are escapes.`
        : "This quoted text is never closed: add the closing \" (write \\\" for a quote inside it)." });
  }
  const tokens = lex.tokens;
  const comments = (lex.groups.comments ?? []) as IToken[];
  // Refuse deep nesting up front: the recursive-descent parser would otherwise overflow the stack.
  // A run of `not`s nests like brackets (`not not not … a`), and stays open over the bracket it negates.
  let depth = 0, nots = 0;
  const open: number[] = [];
  for (const t of tokens) {
    const n = t.tokenType.name;
    const tooDeep = (n === "LParen" || n === "LCurly") ? depth + nots + 1 > MAX_NESTING : n === "Not" && depth + nots + 1 > MAX_NESTING;
    if (tooDeep) {
      diagnostics.push({ severity: "error", code: "nesting-too-deep", file, range: tokenRange(t),
        message: n === "Not" ? `More than ${MAX_NESTING} 'not's and brackets are nested here; split the condition into named definitions.`
          : `Brackets are nested more than ${MAX_NESTING} deep here; split the condition into named definitions.` });
      return { ast: undefined, cst: undefined, tokens, comments, diagnostics };
    }
    if (n === "LParen" || n === "LCurly") { open.push(nots); depth += 1 + nots; nots = 0; }
    else if (n === "RParen" || n === "RCurly") { depth = Math.max(0, depth - 1 - (open.pop() ?? 0)); nots = 0; }
    else if (n === "Not") nots++;
    else nots = 0;
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
  const overLimit = ast && fileTooLarge(ast, lim);
  if (overLimit) {
    const p = positionAt(text, 0);
    diagnostics.push({ severity: "error", code: "input-too-large", file, range: overLimit.range ?? { start: p, end: p }, message: overLimit.message });
    ast = undefined;
  }
  return { ast, cst, tokens, comments, diagnostics };
}

/** The first escape of a quoted text other than \" and \\, as written. */
function badEscape(image: string): string | undefined {
  for (let i = 1; i < image.length - 1; i++) {
    if (image.charCodeAt(i) !== 92) continue;
    const next = image[i + 1];
    if (next !== '"' && next !== "\\") return image.slice(i, i + 2);
    i++;
  }
  return undefined;
}
