// Offsets <-> 1-based line/column positions of a text (columns count UTF-16 code units, as Monaco does).
import type { Position } from "./ast.ts";

const cache = new WeakMap<object, number[]>();
const lineStartsCache = new Map<string, number[]>();

/** Offsets at which each line starts. Lines end at \n (a \r before it belongs to the line). */
export function lineStarts(text: string): number[] {
  const hit = lineStartsCache.get(text);
  if (hit) return hit;
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  if (lineStartsCache.size > 8) lineStartsCache.clear();
  lineStartsCache.set(text, starts);
  return starts;
}
void cache;

export function positionAt(text: string, offset: number): Position {
  const o = Math.max(0, Math.min(offset, text.length));
  const starts = lineStarts(text);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= o) lo = mid; else hi = mid - 1; }
  return { line: lo + 1, column: o - starts[lo] + 1, offset: o };
}

export function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  const s = starts[line - 1] ?? text.length;
  const e = line < starts.length ? starts[line] - 1 : text.length;
  return text.slice(s, e).replace(/\r$/, "");
}
