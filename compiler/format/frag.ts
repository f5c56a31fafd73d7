// Fragments of a prettier Doc that remember their first and last token, so that the separator between
// two fragments can become a line break when a comment sits between them. Comments are printed here only.
import type { IToken } from "chevrotain";
import { builders } from "prettier/doc";
import type { Doc } from "prettier";
import { type CommentMap, endWithComments, hasBlankLine, startWithComments } from "./comments.ts";

const { hardline, line, softline, indent, group } = builders;

/** " " space, "" nothing, line/softline (break when the group breaks), hard (always break),
 *  keep (break, keeping one blank line if the source had one), blank (always one blank line). */
export type Sep = " " | "" | "line" | "softline" | "hard" | "keep" | "blank";
/** `lead` holds the own-line comments before `first`, kept outside any group or indent wrapped around `doc`
 *  so that they print at the indentation of the line they precede. */
export interface Frag { doc: Doc; first: IToken; last: IToken; lead?: Doc }
/** Items indented one level, separators included (so the first line break is indented too). */
export interface Nest { nest: Item[] }
export type Item = Frag | Sep | Nest | undefined;

export class Fragments {
  constructor(readonly cm: CommentMap) {}

  /** A token with its own-line comments before it and its end-of-line comment after it. */
  tok(t: IToken, opts: { noLeading?: boolean } = {}): Frag {
    const lead: Doc[] = [];
    if (!opts.noLeading) for (const l of this.cm.leading.get(t.startOffset) ?? []) {
      lead.push(l.comment.image.trimEnd(), hardline);
      if (l.blankAfter) lead.push(hardline);
    }
    const tr = this.cm.trailing.get(t.startOffset);
    return { doc: tr ? [t.image, " ", tr.image.trimEnd()] : t.image, first: t, last: t, lead: lead.length ? lead : undefined };
  }

  cat(...items: Item[]): Frag | undefined {
    const r = this.seq(undefined, items);
    return r.first && r.last ? { doc: r.docs, first: r.first, last: r.last, lead: r.lead } : undefined;
  }

  group(f: Frag | undefined): Frag | undefined { return f && { ...f, doc: group(f.doc) }; }
  indent(f: Frag | undefined): Frag | undefined { return f && { ...f, doc: indent(f.doc) }; }

  /** The separator between two tokens: forced onto a new line when a comment sits between them. */
  sep(kind: Sep, prev: IToken, next: IToken): Doc {
    const cm = this.cm;
    if (kind === "blank") return [hardline, hardline];
    if (kind === "keep") return hasBlankLine(cm.text, endWithComments(cm, prev), startWithComments(cm, next)) ? [hardline, hardline] : hardline;
    if (cm.trailing.has(prev.startOffset) || cm.leading.has(next.startOffset)) return hardline;
    return kind === " " ? " " : kind === "" ? "" : kind === "line" ? line : kind === "softline" ? softline : hardline;
  }

  /** `{` items `}` with one item per line, the items indented, comments before `}` kept inside. */
  block(open: IToken, items: (Frag | undefined)[], close: IToken): Frag {
    const real = items.filter((x): x is Frag => x !== undefined);
    const closeLead = this.cm.leading.get(close.startOffset) ?? [];
    if (!real.length && !closeLead.length) return this.cat(this.tok(open), "", this.tok(close))!;
    const inner = this.seq(open, real.flatMap((f, i): Item[] => (i ? ["keep", f] : ["hard", f])));
    let prevEnd = endWithComments(this.cm, inner.last ?? open);
    const tail: Doc[] = [];
    closeLead.forEach((l, k) => {
      tail.push(k === 0 && real.length && hasBlankLine(this.cm.text, prevEnd, l.comment.startOffset) ? [hardline, hardline] : hardline);
      if (k > 0 && closeLead[k - 1].blankAfter) tail.push(hardline);
      tail.push(l.comment.image.trimEnd());
      prevEnd = l.comment.endOffset! + 1;
    });
    const o = this.tok(open);
    return { doc: [o.doc, indent([...inner.docs, ...tail]), hardline, this.tok(close, { noLeading: true }).doc], first: open, last: close, lead: o.lead };
  }

  /** Frags joined by separators. Without `prev`, the first frag's `lead` stays apart (returned as `lead`). */
  private seq(prev: IToken | undefined, items: Item[]): { docs: Doc[]; first?: IToken; last?: IToken; lead?: Doc } {
    const docs: Doc[] = [];
    let first: IToken | undefined, last = prev, pending: Sep | undefined, lead: Doc | undefined;
    for (const it of items) {
      if (it === undefined) continue;
      if (typeof it === "string") { pending = it; continue; }
      if ("nest" in it) {
        const inner = this.seq(last, pending !== undefined ? [pending, ...it.nest] : it.nest);
        pending = undefined;
        if (!inner.first) continue;
        if (!last) lead = inner.lead; else if (inner.lead) inner.docs.unshift(inner.lead);
        docs.push(indent(inner.docs));
        first ??= inner.first;
        last = inner.last;
        continue;
      }
      if (last) docs.push(this.sep(pending ?? " ", last, it.first), it.lead ?? "");
      else lead = it.lead;
      pending = undefined;
      docs.push(it.doc);
      first ??= it.first;
      last = it.last;
    }
    return { docs, first, last, lead };
  }
}
