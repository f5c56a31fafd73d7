// The size limits of a guideline: in the text (before lexing) or the parsed file, out the first limit it
// passes, if any. parse() refuses such input with `input-too-large` before any further work.
import type { Expr, GuideFile, Range } from "./ast.ts";

export interface Limits {
  /** UTF-8 bytes of the .guide text. */
  bytes: number;
  sections: number;
  /** Condition nodes written in the file (each and/or/not, comparison, name, `any of` …). */
  conditionNodes: number;
}

/**
 * About 4× the PEDSP guideline (228 KB, 26 sections, 497 condition nodes) in bytes and 8× in sections and
 * nodes, so a guideline of several times its size fits, and the time and memory of any text are bounded.
 */
export const LIMITS: Readonly<Limits> = { bytes: 1_000_000, sections: 200, conditionNodes: 4_000 };
/** No limits (tests of growth beyond them; callers that bound their input otherwise). */
export const NO_LIMITS: Readonly<Limits> = { bytes: Infinity, sections: Infinity, conditionNodes: Infinity };

export interface LimitProblem { message: string; range?: Range }

/** UTF-8 length of `text`, counted no further than `cap` (so a huge text costs no more than the limit). */
function utf8LengthUpTo(text: string, cap: number): number {
  if (text.length > cap) return text.length; // every UTF-16 unit is at least one byte
  let n = 0;
  for (let i = 0; i < text.length && n <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

export function textTooLarge(text: string, limits: Limits): LimitProblem | undefined {
  const bytes = utf8LengthUpTo(text, limits.bytes);
  if (bytes <= limits.bytes) return undefined;
  return { message: `This file is larger than ${limits.bytes.toLocaleString("en-US")} bytes, the most a guideline may have; split it into several guidelines.` };
}

export function fileTooLarge(file: GuideFile, limits: Limits): LimitProblem | undefined {
  if (file.sections.length > limits.sections) {
    return { message: `This file has ${file.sections.length} sections; a guideline may have at most ${limits.sections}. Split it into several guidelines.`, range: file.sections[limits.sections].range };
  }
  let count = 0;
  const roots: Expr[] = [];
  for (const d of file.definitions) roots.push(d.expr);
  for (const r of file.requires) roots.push(r.expr);
  for (const s of file.sections) {
    for (const d of s.definitions) roots.push(d.expr);
    roots.push(...s.applies);
    for (const r of s.requires) roots.push(r.expr);
    for (const r of s.rules) if (r.when) roots.push(r.when);
  }
  for (const root of roots) {
    // An explicit stack: the tree may be deep, and this runs before the checker's own depth bounds.
    const stack: Expr[] = [root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      count++;
      if ("args" in e) for (const a of e.args) stack.push(a);
      else if (e.kind === "Not") stack.push(e.arg);
    }
    if (count > limits.conditionNodes) {
      return { message: `This file has more than ${limits.conditionNodes.toLocaleString("en-US")} condition nodes (the last one counted is in this condition); split it into several guidelines.`, range: root.range };
    }
  }
  return undefined;
}
