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

/**
 * A normalised text built line by line: each line's whitespace collapsed by the regular-expression engine
 * (not a loop over every character in JavaScript), the non-empty lines joined with one space. `lineOf`,
 * an entry per character, is built only when asked for; a search needs only lineAt.
 */
class LineNormalised implements NormalisedSource {
  private lines: number[] | undefined;
  /** from[i]: where piece i starts, counting the space that joins it to the one before; line[i]: its source line. */
  constructor(readonly text: string, private readonly from: number[], private readonly line: number[]) {}
  get lineOf(): number[] {
    if (this.lines === undefined) {
      const lines: number[] = new Array(this.text.length);
      for (let i = 0; i < this.from.length; i++) lines.fill(this.line[i], this.from[i], this.from[i + 1] ?? this.text.length);
      this.lines = lines;
    }
    return this.lines;
  }
  /** lineOf[k], without building lineOf. */
  lineAt(k: number): number {
    let lo = 0, hi = this.from.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.from[mid] <= k) lo = mid; else hi = mid - 1; }
    return this.line[lo];
  }
}
const lineAt = (src: NormalisedSource, k: number): number => (src instanceof LineNormalised ? src.lineAt(k) : src.lineOf[k]);

/** Collapse whitespace runs to one space and straighten quotes; keep, for every kept character, its source line. */
export function normaliseSource(src: string): NormalisedSource {
  if (lastNormalised !== undefined && src === lastSource) return lastNormalised;
  // Lines end at \n only. A run of whitespace across line ends is the one space that joins two lines, and
  // that space belongs to the line after it (where the character loop this replaces would have put it).
  const parts: string[] = [], from: number[] = [], lines: number[] = [];
  let kept = 0;
  for (let start = 0, line = 1; start <= src.length; line++) {
    let end = src.indexOf("\n", start);
    if (end < 0) end = src.length;
    const piece = straighten(src.slice(start, end).replace(/\s+/g, " ").trim());
    if (piece) {
      if (kept > 0) { parts.push(" "); kept++; }
      from.push(kept === 0 ? 0 : kept - 1);
      lines.push(line);
      parts.push(piece);
      kept += piece.length;
    }
    start = end + 1;
  }
  const result = new LineNormalised(parts.join(""), from, lines);
  if (src.length > 1024) { lastSource = src; lastNormalised = result; }
  return result;
}
const CURLY = /[“”‘’]/g;
const straighten = (s: string): string => (s.search(CURLY) < 0 ? s : s.replace(CURLY, (q) => QUOTES[q]));

/** normaliseSource(q).text, without the line table (quotes are normalised once per citation on every check). */
export function normaliseQuote(q: string): string {
  if (q.length > 1024) return normaliseSource(q).text;
  if (isNormal(q)) return q; // most quotes: no allocation
  let text = "", pendingSpace = false;
  for (let i = 0; i < q.length; i++) {
    const code = q.charCodeAt(i);
    if (isSpace(code)) { pendingSpace = text.length > 0; continue; }
    if (pendingSpace) { text += " "; pendingSpace = false; }
    text += QUOTE_CODES.get(code) ?? q[i];
  }
  return text;
}

/** Whether normalising q would leave it as it is: single spaces between words, none at the ends, no curly quotes. */
function isNormal(q: string): boolean {
  for (let i = 0; i < q.length; i++) {
    const code = q.charCodeAt(i);
    if (code === 0x20) {
      if (i === 0 || i === q.length - 1 || q.charCodeAt(i + 1) === 0x20) return false;
    } else if (isSpace(code) || QUOTE_CODES.has(code)) return false;
  }
  return true;
}

/** Every place the quote occurs, as [first line, last line] in the source. */
export function findQuote(src: NormalisedSource, quote: string): { line: number; endLine: number } | undefined {
  return findNormalised(src, normaliseQuote(quote));
}
function findNormalised(src: NormalisedSource, q: string): { line: number; endLine: number } | undefined {
  if (!q) return undefined;
  const at = src.text.indexOf(q);
  if (at < 0) return undefined;
  return { line: lineAt(src, at), endLine: lineAt(src, at + q.length - 1) };
}

export function citations(ctx: CheckContext): void {
  const h = ctx.ast.header;
  if (!h?.source) return; // a guideline with no source text has nothing to check quotes against
  const text = ctx.options.sourceText;
  if (text === undefined) {
    const why = ctx.options.sourceProblem;
    ctx.report("source-not-found", h.source.range, why ? `The source text '${h.source.value}' could not be read: ${why}. Citations cannot be checked.`
      : `The source text '${h.source.value}' could not be read; citations cannot be checked. Put it beside the .guide file.`);
    return;
  }
  const src = normaliseSource(text);
  // A quote cited by several rules is searched for once in this check.
  const found = new Map<string, { line: number; endLine: number } | undefined>();
  const check = (c: A.Str): number => {
    const q = normaliseQuote(c.value);
    if (!q) { ctx.report("cite-not-found", c.range, "An empty citation quotes nothing."); return 0; }
    let hit = found.get(q);
    if (hit === undefined && !found.has(q)) { hit = findNormalised(src, q); found.set(q, hit); }
    if (!hit) {
      ctx.report("cite-not-found", c.range, `This quote is not in ${h.source!.value}${nearest(src, c.value)}`);
      return 0;
    }
    return hit.line;
  };
  const planSections = new Map<string, (typeof ctx.plan.sections)[number]>();
  for (const x of ctx.plan.sections) if (!planSections.has(x.id)) planSections.set(x.id, x);
  // Guideline-wide prerequisites: the sections' copies share these citation objects.
  ctx.ast.requires.forEach((r, i) => r.cites.forEach((c, j) => { const line = check(c); const pc = ctx.guidelineRequires[i]?.cites[j]; if (pc) pc.line = line; }));
  for (const s of ctx.ast.sections) {
    // A duplicate section (already reported) has no plan section of its own: check its quotes only.
    const ps = ctx.sections.get(s.id.text) === s ? planSections.get(s.id.text) : undefined;
    // A section's own prerequisites follow the guideline-wide ones it carries: found by id.
    s.requires.forEach((r, i) => { const pq = ps?.requires.find((q) => q.id === `${s.id.text}/requires-${i + 1}`); r.cites.forEach((c, j) => { const line = check(c); const pc = pq?.cites[j]; if (pc) pc.line = line; }); });
    s.rules.forEach((r, i) => r.cites.forEach((c, j) => { const line = check(c); const pc = ps?.rules[i]?.cites[j]; if (pc) pc.line = line; }));
  }
  // The quotes of list items (`item cite "…"`), in definitions and conditions alike.
  for (const it of ctx.itemCites) { const line = check(it.str); const pc = ctx.nodes[it.node].cite; if (pc) pc.line = line; }
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
  return `: the source matches up to "${words.slice(Math.max(0, lo - 4), lo).join(" ")}" (line ${lineAt(src, at)}), then reads "${srcWords.slice(lo, lo + 4).join(" ")}" where the quote has "${words.slice(lo, lo + 4).join(" ")}".`;
}
