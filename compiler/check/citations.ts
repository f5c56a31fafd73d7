// Pass 3: every `cite` is found in the source text (whitespace, line breaks and curly quotes normalised);
// the line it was found on is recorded for reasons and the source pane.
import type * as A from "../../grammar/ast.ts";
import type { CheckContext } from "./context.ts";

export interface NormalisedSource { text: string; lineOf: number[] }

const QUOTES: Record<string, string> = { "“": '"', "”": '"', "‘": "'", "’": "'" };

/** What /\s/ matches (ECMAScript WhiteSpace and LineTerminator), for one UTF-16 code unit. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const QUOTE_CODES = new Map<number, string>(Object.entries(QUOTES).map(([k, v]) => [k.charCodeAt(0), v]));

// The last long text normalised (the guideline's source is normalised on every check; quotes are short).
let lastSource: string | undefined;
let lastNormalised: NormalisedSource | undefined;

/** Collapse whitespace runs to one space and straighten quotes; keep, for every kept character, its source line. */
export function normaliseSource(src: string): NormalisedSource {
  if (lastNormalised !== undefined && src === lastSource) return lastNormalised;
  const parts: string[] = [];
  const lineOf: number[] = [];
  let line = 1, pendingSpace = false, kept = 0;
  let runStart = -1; // start of the current run of kept characters copied as they are
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (code === 0x0a) line++;
    if (isSpace(code)) {
      if (runStart >= 0) { parts.push(src.slice(runStart, i)); runStart = -1; }
      pendingSpace = kept > 0;
      continue;
    }
    if (pendingSpace) { parts.push(" "); lineOf.push(line); kept++; pendingSpace = false; }
    const q = QUOTE_CODES.get(code);
    if (q !== undefined) {
      if (runStart >= 0) { parts.push(src.slice(runStart, i)); runStart = -1; }
      parts.push(q);
    } else if (runStart < 0) runStart = i;
    lineOf.push(line);
    kept++;
  }
  if (runStart >= 0) parts.push(src.slice(runStart));
  const result = { text: parts.join(""), lineOf };
  if (src.length > 1024) { lastSource = src; lastNormalised = result; }
  return result;
}
/** normaliseSource(q).text, without the line table (quotes are normalised once per citation on every check). */
export function normaliseQuote(q: string): string {
  if (q.length > 1024) return normaliseSource(q).text;
  let text = "", pendingSpace = false;
  for (let i = 0; i < q.length; i++) {
    const code = q.charCodeAt(i);
    if (isSpace(code)) { pendingSpace = text.length > 0; continue; }
    if (pendingSpace) { text += " "; pendingSpace = false; }
    text += QUOTE_CODES.get(code) ?? q[i];
  }
  return text;
}

/** Every place the quote occurs, as [first line, last line] in the source. */
export function findQuote(src: NormalisedSource, quote: string): { line: number; endLine: number } | undefined {
  const q = normaliseQuote(quote);
  if (!q) return undefined;
  const at = src.text.indexOf(q);
  if (at < 0) return undefined;
  return { line: src.lineOf[at], endLine: src.lineOf[at + q.length - 1] };
}

export function citations(ctx: CheckContext): void {
  const h = ctx.ast.header;
  if (!h?.source) return; // a guideline with no source text has nothing to check quotes against
  const text = ctx.options.sourceText;
  if (text === undefined) {
    ctx.report("source-not-found", h.source.range, `The source text '${h.source.value}' could not be read; citations cannot be checked. Put it beside the .guide file.`);
    return;
  }
  const src = normaliseSource(text);
  const check = (c: A.Str): number => {
    if (!normaliseQuote(c.value)) { ctx.report("cite-not-found", c.range, "An empty citation quotes nothing."); return 0; }
    const hit = findQuote(src, c.value);
    if (!hit) {
      ctx.report("cite-not-found", c.range, `This quote is not in ${h.source!.value}${nearest(src, c.value)}`);
      return 0;
    }
    return hit.line;
  };
  for (const s of ctx.ast.sections) {
    // A duplicate section (already reported) has no plan section of its own: check its quotes only.
    const ps = ctx.sections.get(s.id.text) === s ? ctx.plan.sections.find((x) => x.id === s.id.text) : undefined;
    s.requires.forEach((r, i) => r.cites.forEach((c, j) => { const line = check(c); const pc = ps?.requires[i]?.cites[j]; if (pc) pc.line = line; }));
    s.rules.forEach((r, i) => r.cites.forEach((c, j) => { const line = check(c); const pc = ps?.rules[i]?.cites[j]; if (pc) pc.line = line; }));
  }
}

/** Point the author at the longest prefix of the quote that the source does contain. */
function nearest(src: NormalisedSource, quote: string): string {
  const words = normaliseQuote(quote).split(" ");
  let lo = 0, hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (src.text.includes(words.slice(0, mid).join(" "))) lo = mid; else hi = mid - 1;
  }
  if (lo === 0) return ".";
  const at = src.text.indexOf(words.slice(0, lo).join(" "));
  const srcWords = src.text.slice(at).split(" ");
  return `: the source matches up to "${words.slice(Math.max(0, lo - 4), lo).join(" ")}" (line ${src.lineOf[at]}), then reads "${srcWords.slice(lo, lo + 4).join(" ")}" where the quote has "${words.slice(lo, lo + 4).join(" ")}".`;
}
