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

const lineAt = (src: string, offset: number): number => {
  let n = 1;
  for (let i = src.indexOf("\n"); i !== -1 && i < offset; i = src.indexOf("\n", i + 1)) n++;
  return n;
};

/** The quote with up to ~200 characters of the source either side, for a hover. */
export function citeContext(src: string, quote: string): { line: number; before: string; quote: string; after: string } | undefined {
  const hit = locateQuote(src, quote);
  if (!hit) return undefined;
  const squash = (s: string): string => s.replace(/\s+/g, " ");
  const before = squash(src.slice(Math.max(0, hit.start - 200), hit.start)).replace(/^\S*\s/, "… ");
  const after = squash(src.slice(hit.end, hit.end + 200)).replace(/\s\S*$/, " …");
  return { line: lineAt(src, hit.start), before, quote: squash(src.slice(hit.start, hit.end)), after };
}
