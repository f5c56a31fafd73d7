// A CST node -> its direct children (tokens and sub-nodes) in source order. Chevrotain groups children
// by name; the printer needs them as they appear in the text.
import type { CstElement, CstNode, IToken } from "chevrotain";

export type El = IToken | CstNode;
export const isTok = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

const starts = new WeakMap<CstNode, number>();
export function startOffset(e: El): number {
  if (isTok(e)) return Number.isNaN(e.startOffset) ? Infinity : e.startOffset;
  let s = starts.get(e);
  if (s === undefined) {
    s = Infinity;
    for (const list of Object.values(e.children)) for (const k of list ?? []) s = Math.min(s, startOffset(k));
    starts.set(e, s);
  }
  return s;
}

export function ordered(n: CstNode): El[] {
  const all: El[] = [];
  for (const list of Object.values(n.children)) for (const k of list ?? []) if (startOffset(k) !== Infinity) all.push(k);
  return all.sort((a, b) => startOffset(a) - startOffset(b));
}

export const tokName = (e: El | undefined): string | undefined => (e && isTok(e) ? e.tokenType.name : undefined);
export const nodeName = (e: El | undefined): string | undefined => (e && !isTok(e) ? e.name : undefined);
