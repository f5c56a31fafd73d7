// Pass 3: every `cite` is found in the source text (whitespace, line breaks and curly quotes normalised);
// the line it was found on is recorded for reasons and the source pane.
import type * as A from "../../grammar/ast.ts";
import type { CheckContext } from "./context.ts";

export interface NormalisedSource { text: string; lineOf: number[] }

const QUOTES: Record<string, string> = { "“": '"', "”": '"', "‘": "'", "’": "'" };

/** Collapse whitespace runs to one space and straighten quotes; keep, for every kept character, its source line. */
export function normaliseSource(src: string): NormalisedSource {
  let text = "";
  const lineOf: number[] = [];
  let line = 1, pendingSpace = false;
  for (const ch of src) {
    if (ch === "\n") line++;
    if (/\s/.test(ch)) { pendingSpace = text.length > 0; continue; }
    if (pendingSpace) { text += " "; lineOf.push(line); pendingSpace = false; }
    const c = QUOTES[ch] ?? ch;
    text += c;
    for (let i = 0; i < c.length; i++) lineOf.push(line);
  }
  return { text, lineOf };
}
export const normaliseQuote = (q: string): string => normaliseSource(q).text;

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
