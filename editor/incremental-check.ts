// Fast markers for an edit inside one section: the last full check and the new text in, the new text's
// diagnostics out (that section checked alone, the rest kept from the full check, moved by the edit), or
// undefined when the edit is not inside one section. The worker posts them before the full check's own.
import type { Diagnostic } from "../grammar/diagnostics.ts";
import { compareDiagnostics } from "../grammar/diagnostics.ts";
import type { GuideFile, Position, Range } from "../grammar/ast.ts";

export interface FullCheck { text: string; diagnostics: Diagnostic[]; sections: { id: string; start: number; end: number }[] }
export type CheckFn = (text: string) => Diagnostic[];

/** What a full check leaves for the next fast one: section ranges only when each starts a line. */
export function rememberCheck(text: string, diagnostics: Diagnostic[], ast: GuideFile | undefined): FullCheck | undefined {
  if (!ast || !ast.sections.length) return undefined;
  const sections = ast.sections.map((s) => ({ id: s.id.text, start: s.range.start.offset, end: s.range.end.offset }));
  if (sections.some((s, i) => (s.start > 0 && text[s.start - 1] !== "\n") || (i > 0 && s.start < sections[i - 1].end))) return undefined;
  return { text, diagnostics, sections };
}

const linesIn = (s: string, from = 0, to = s.length): number => {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
};

/** What only the whole text can show (a fact no longer used anywhere, a label taken in another section)
 *  arrives with the full check the worker runs next, whose diagnostics replace these. */
export function fastDiagnostics(last: FullCheck, text: string, check: CheckFn): Diagnostic[] | undefined {
  const old = last.text;
  if (old === text) return last.diagnostics;
  // The edited region: what lies between the common beginning and the common end.
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = old.length - s;
  const k = last.sections.findIndex((x) => x.start < p && oldEnd < x.end);
  if (k < 0) return undefined;
  const sec = last.sections[k];
  const delta = text.length - old.length;
  const lineDelta = linesIn(text, p, text.length - s) - linesIn(old, p, oldEnd);
  // Declarations, then every other section as an empty stub (so references to them still resolve), then the edited one.
  const prelude = old.slice(0, last.sections[0].start);
  const stubs = last.sections.filter((_, i) => i !== k).map((x) => `section ${x.id} "stub" {\n}\n`).join("");
  const at = prelude.length + stubs.length;
  const partial = prelude + stubs + text.slice(sec.start, sec.end + delta);
  const shiftOffset = sec.start - at;
  const shiftLine = linesIn(old, 0, sec.start) - linesIn(partial, 0, at);
  const move = (q: Position, dOffset: number, dLine: number): Position => ({ line: q.line + dLine, column: q.column, offset: q.offset + dOffset });
  const moveRange = (r: Range, dOffset: number, dLine: number): Range => ({ start: move(r.start, dOffset, dLine), end: move(r.end, dOffset, dLine) });
  const mine = check(partial).filter((d) => d.range.start.offset >= at).map((d): Diagnostic => {
    const { related, ...rest } = d;
    const inside = related?.filter((x) => x.range.start.offset >= at).map((x) => ({ ...x, range: moveRange(x.range, shiftOffset, shiftLine) }));
    return { ...rest, range: moveRange(d.range, shiftOffset, shiftLine), ...(inside?.length ? { related: inside } : {}) };
  });
  // The rest as the full check found it, moved down (or up) by the edit when it lies after the section.
  const rest = last.diagnostics.filter((d) => d.range.start.offset < sec.start || d.range.start.offset >= sec.end)
    .map((d) => (d.range.start.offset >= sec.end ? { ...d, range: moveRange(d.range, delta, lineDelta) } : d));
  return [...rest, ...mine].sort(compareDiagnostics);
}
