// Source text and a quote in, where the quote is as offsets into the original text (same normalisation as
// compiler/check/citations.ts: whitespace runs collapsed, curly quotes straightened), plus hover context.
import { normaliseQuote } from "../compiler/check/citations.ts";

const QUOTES: Record<string, string> = { "“": '"', "”": '"', "‘": "'", "’": "'" };

export interface MappedSource { text: string; offsetOf: number[]; endOf: number[] }

const cache = new Map<string, MappedSource>();

/** Normalised text, and for each of its characters the [start, end) offsets in the original. */
export function mapSource(src: string): MappedSource {
  const hit = cache.get(src);
  if (hit) return hit;
  let text = "";
  const offsetOf: number[] = [], endOf: number[] = [];
  let pending = -1;
  let i = 0;
  for (const ch of src) {
    const at = i;
    i += ch.length;
    if (/\s/.test(ch)) { if (text.length > 0 && pending < 0) pending = at; continue; }
    if (pending >= 0) { text += " "; offsetOf.push(pending); endOf.push(at); pending = -1; }
    const c = QUOTES[ch] ?? ch;
    for (let k = 0; k < c.length; k++) { text += c[k]; offsetOf.push(at); endOf.push(at + ch.length); }
  }
  const mapped = { text, offsetOf, endOf };
  if (cache.size > 4) cache.clear();
  cache.set(src, mapped);
  return mapped;
}

/** [start, end) offsets of the quote's first occurrence in the original source text. */
export function locateQuote(src: string, quote: string): { start: number; end: number } | undefined {
  const m = mapSource(src);
  const q = normaliseQuote(quote);
  if (!q) return undefined;
  const at = m.text.indexOf(q);
  if (at < 0) return undefined;
  return { start: m.offsetOf[at], end: m.endOf[at + q.length - 1] };
}

/** [start, end) offsets of every occurrence of the quote in the original source text. */
export function locateAll(src: string, quote: string): { start: number; end: number }[] {
  const m = mapSource(src);
  const q = normaliseQuote(quote);
  const out: { start: number; end: number }[] = [];
  if (!q) return out;
  for (let at = m.text.indexOf(q); at >= 0; at = m.text.indexOf(q, at + 1)) out.push({ start: m.offsetOf[at], end: m.endOf[at + q.length - 1] });
  return out;
}

/** Where each citation is in the source. A quote the source holds more than once ("Motor Vehicle Collision"
 *  ends two lists of red flags) is taken at the occurrence nearest the citation before it in the guideline
 *  (the item before it in the same list, usually), or else the one after it: lists are quoted in order. */
export function locateCites<C extends { text: string; range: { start: { offset: number } } }>(src: string, cites: C[]): Map<C, { start: number; end: number }> {
  const sorted = [...cites].sort((a, b) => a.range.start.offset - b.range.start.offset);
  const hits = sorted.map((c) => locateAll(src, c.text));
  const at = new Map<C, { start: number; end: number }>();
  sorted.forEach((c, i) => { if (hits[i].length === 1) at.set(c, hits[i][0]); });
  sorted.forEach((c, i) => {
    if (hits[i].length < 2) return;
    let anchor: number | undefined;
    for (let j = i - 1; j >= 0 && anchor === undefined; j--) anchor = at.get(sorted[j])?.end;
    for (let j = i + 1; j < sorted.length && anchor === undefined; j++) anchor = at.get(sorted[j])?.start;
    const a = anchor ?? 0;
    at.set(c, hits[i].reduce((best, h) => (Math.abs(h.start - a) < Math.abs(best.start - a) ? h : best)));
  });
  return at;
}

const lineAt = (src: string, offset: number): number => {
  let n = 1;
  for (let i = src.indexOf("\n"); i !== -1 && i < offset; i = src.indexOf("\n", i + 1)) n++;
  return n;
};

/** The quote (at `at`, else its first occurrence) with up to ~200 characters of the source either side, for a hover. */
export function citeContext(src: string, quote: string, at?: { start: number; end: number }): { line: number; before: string; quote: string; after: string } | undefined {
  const hit = at ?? locateQuote(src, quote);
  if (!hit) return undefined;
  const squash = (s: string): string => s.replace(/\s+/g, " ");
  const before = squash(src.slice(Math.max(0, hit.start - 200), hit.start)).replace(/^\S*\s/, "… ");
  const after = squash(src.slice(hit.end, hit.end + 200)).replace(/\s\S*$/, " …");
  return { line: lineAt(src, hit.start), before, quote: squash(src.slice(hit.start, hit.end)), after };
}
