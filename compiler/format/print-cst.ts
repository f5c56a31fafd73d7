// Guideline CST + comment map -> a prettier Doc in the one canonical layout: 2-space blocks, one
// declaration per line, rule clauses on their own indented lines, long conditions and lists wrapped.
import type { CstNode, IToken } from "chevrotain";
import { builders } from "prettier/doc";
import type { Doc } from "prettier";
import type { CommentMap } from "./comments.ts";
import { endWithComments, hasBlankLine } from "./comments.ts";
import { type El, isTok, nodeName, ordered, startOffset, tokName } from "./cst-order.ts";
import { Fragments, type Frag, type Item, type Sep } from "./frag.ts";

const { hardline, fill, align, ifBreak, line, group } = builders;
const STUDY_COLUMN = 50;
const BLOCKS = new Set(["sectionDecl", "studiesDecl", "factsDecl", "indicationsDecl"]);

export function printFile(cst: CstNode, cm: CommentMap): Doc {
  const p = new CstPrinter(new Fragments(cm));
  const els = ordered(cst);
  const items: Item[] = [];
  els.forEach((e, i) => {
    if (i > 0) {
      const a = els[i - 1] as CstNode, b = e as CstNode;
      items.push(isBlock(a) || isBlock(b) || a.name === "header" ? "blank" : "keep");
    }
    items.push(p.el(e));
  });
  const body = p.f.cat(...items);
  const tail: Doc[] = [];
  let prevEnd = body ? endWithComments(cm, body.last) : 0;
  cm.eof.forEach((l, k) => {
    if (body || k > 0) tail.push(hasBlankLine(cm.text, prevEnd, l.comment.startOffset) ? [hardline, hardline] : hardline);
    tail.push(l.comment.image.trimEnd());
    prevEnd = l.comment.endOffset! + 1;
  });
  return [body?.lead ?? "", body?.doc ?? "", ...tail, hardline];
}

const isBlock = (n: CstNode): boolean => BLOCKS.has(n.name) || (n.name === "topLevel" && ordered(n).some((k) => BLOCKS.has(nodeName(k) ?? "")));

class CstPrinter {
  constructor(readonly f: Fragments) {}

  el(e: El | undefined): Frag | undefined {
    if (!e) return undefined;
    return isTok(e) ? this.f.tok(e) : this.node(e);
  }

  /** Tokens and sub-nodes joined by single spaces, without space before , : ) and after (, nor around `..`. */
  generic(els: El[]): Frag | undefined {
    const items: Item[] = [];
    els.forEach((e, i) => {
      if (i > 0) {
        const t = tokName(e), prev = tokName(els[i - 1]);
        items.push(t === "Comma" || t === "Colon" || t === "RParen" || prev === "LParen" || t === "DotDot" || prev === "DotDot" ? "" : " ");
      }
      items.push(this.el(e));
    });
    return this.f.cat(...items);
  }

  /** `{ a, b }` on one line when it fits, else one item per line. */
  list(els: El[], item: (e: El) => Frag | undefined = (e) => this.el(e)): Frag | undefined {
    const open = els[0], close = els[els.length - 1];
    const inner: Item[] = [];
    // Items that quote their own sentence (`item cite "…"`) are one per line, each quote after its item.
    const cited = els.some((e) => nodeName(e) === "citeLine");
    for (const e of els.slice(1, -1)) {
      if (tokName(e) === "Comma") inner.push("", this.el(e));
      else if (nodeName(e) === "citeLine") inner.push(" ", this.el(e));
      else inner.push(cited ? "hard" : "line", item(e));
    }
    return this.f.group(this.f.cat(this.el(open), { nest: inner }, "line", this.el(close)));
  }

  studyWidth = 0;

  /** A token followed by spaces up to `width` (only when the list breaks, if `onBreak`), for aligned columns. */
  padded(t: IToken, width: number, onBreak = false): Frag {
    const fr = this.f.tok(t);
    const n = width - t.image.length;
    if (n <= 0 || this.f.cm.trailing.has(t.startOffset) || t.image.includes("\n")) return fr;
    return { ...fr, doc: [fr.doc, onBreak ? ifBreak(" ".repeat(n), "") : " ".repeat(n)] };
  }

  /** `{ a, b, c }` filled to the line width (names only, so no need for one per line). */
  fillList(els: El[]): Frag | undefined {
    const f = this.f;
    const contents: Frag[] = [];
    for (const e of els.slice(1, -1)) {
      if (tokName(e) === "Comma" && contents.length) contents[contents.length - 1] = f.cat(contents[contents.length - 1], "", this.el(e))!;
      else { const x = this.el(e); if (x) contents.push(x); }
    }
    const open = f.tok(els[0] as IToken), close = els[els.length - 1] as IToken;
    if (!contents.length) return f.cat(open, " ", f.tok(close));
    const parts: Doc[] = [];
    contents.forEach((c, i) => {
      if (i) parts.push(f.sep("line", contents[i - 1].last, c.first));
      parts.push([c.lead ?? "", c.doc]);
    });
    const last = contents[contents.length - 1].last;
    const closeFr = f.tok(close);
    return {
      doc: group([open.doc, builders.indent([f.sep("line", open.last, contents[0].first), fill(parts)]), f.sep("line", last, close), closeFr.lead ?? "", closeFr.doc]),
      first: open.first, last: close, lead: open.lead,
    };
  }

  blockOf(els: El[], openAt: number): Frag {
    const close = els[els.length - 1] as IToken;
    return this.f.block(els[openAt] as IToken, els.slice(openAt + 1, -1).map((e) => this.el(e)), close);
  }

  /** Sub-clauses (notes, cites, when) each on their own line, one level in. */
  clauses(els: El[]): Item {
    return { nest: els.flatMap((e): Item[] => ["hard", this.el(e)]) };
  }

  node(n: CstNode): Frag | undefined {
    const els = ordered(n);
    const f = this.f;
    switch (n.name) {
      case "topLevel": case "sectionItem": return this.el(els[0]);
      case "indicationsDecl": {
        const items: Frag[] = [];
        const width = Math.max(0, ...els.filter((e) => tokName(e) === "Identifier").map((e) => (e as IToken).image.length));
        for (let i = 2; i < els.length - 1; i++) {
          if (tokName(els[i]) === "Identifier" && tokName(els[i + 1]) === "StringLit") { items.push(f.cat(this.padded(els[i] as IToken, width), " ", this.el(els[i + 1]))!); i++; }
          else { const x = this.el(els[i]); if (x) items.push(x); }
        }
        return f.cat(this.el(els[0]), " ", f.block(els[1] as IToken, items, els[els.length - 1] as IToken));
      }
      case "enumBody": {
        // Labels line up when the list is broken one value per line.
        const values = els.filter((e) => nodeName(e) === "enumValue") as CstNode[];
        const width = Math.max(0, ...values.map((v) => (ordered(v)[0] as IToken).image.length));
        return this.list(els, (e) => {
          const vs = nodeName(e) === "enumValue" ? ordered(e as CstNode) : [];
          if (vs.length !== 2) return this.el(e);
          return f.cat(this.padded(vs[0] as IToken, width, true), " ", this.el(vs[1]));
        });
      }
      case "nameList": return this.fillList(els);
      case "studiesDecl": {
        const heads = (els.filter((e) => nodeName(e) === "studyDecl") as CstNode[]).map((d) => ordered(d));
        const w = (xs: El[]): number => (xs.length > 1 && isTok(xs[0]) && isTok(xs[1]) && !xs[1].image.includes("\n") ? xs[0].image.length + 1 + xs[1].image.length : 0);
        // Columns line up across the catalogue; descriptions longer than STUDY_COLUMN just take one space.
        this.studyWidth = Math.max(0, ...heads.map(w).filter((x) => x <= STUDY_COLUMN));
        return f.cat(this.el(els[0]), " ", this.blockOf(els, 1));
      }
      case "factDecl": {
        // Notes (and `replaces`, `yes when …`, `not documented means …`) go on their own indented lines, as a study's do.
        const k = els.findIndex((e) => nodeName(e) === "noteLine" || nodeName(e) === "replacesLine" || nodeName(e) === "factClause");
        const head = k < 0 ? els : els.slice(0, k);
        // With a `one of { … }` type, the question moves to its own line before the values do.
        const q = head[head.length - 1];
        const listed = /^(?:[^{"]*)\{/.test(this.f.cm.text.slice(startOffset(head[0]), startOffset(q)));
        const decl = listed ? f.group(f.cat(this.generic(head.slice(0, -1)), { nest: ["line", this.el(q)] })) : this.generic(head);
        return k < 0 ? decl : f.cat(decl, this.clauses(els.slice(k)));
      }
      case "exprList": return this.list(els, (e) => (nodeName(e) === "expr" ? this.exprTop(e as CstNode) : this.el(e)));
      case "factsDecl": return f.cat(this.el(els[0]), " ", this.blockOf(els, 1));
      case "factGroup": case "exampleDecl": return f.cat(this.el(els[0]), " ", this.el(els[1]), " ", this.blockOf(els, 2));
      case "sectionDecl": return f.cat(this.el(els[0]), " ", this.el(els[1]), " ", this.el(els[2]), " ", this.blockOf(els, 3));
      case "studyDecl": {
        const k = els.findIndex((e) => nodeName(e) === "noteLine");
        const head = k < 0 ? els : els.slice(0, k);
        const headWidth = isTok(head[0]) && isTok(head[1]) ? head[0].image.length + 1 + head[1].image.length : this.studyWidth;
        const pad = headWidth > STUDY_COLUMN ? 0 : this.studyWidth - headWidth;
        const desc = isTok(head[1]) ? this.padded(head[1], head[1].image.length + Math.max(0, pad)) : this.el(head[1]);
        return f.cat(this.el(head[0]), " ", desc, " ", this.generic(head.slice(2)), this.clauses(k < 0 ? [] : els.slice(k)));
      }
      case "studySetDecl": {
        // `studies NAME = …` on one line (as a rule's study list is), its notes on their own lines.
        const k = els.findIndex((e) => nodeName(e) === "noteLine");
        return k < 0 ? this.generic(els) : f.cat(this.generic(els.slice(0, k)), this.clauses(els.slice(k)));
      }
      case "defineDecl": {
        const k = els.findIndex((e) => nodeName(e) === "expr");
        return f.cat(this.generic(els.slice(0, k)), " ", this.exprTop(els[k] as CstNode), this.clauses(els.slice(k + 1)));
      }
      case "appliesClause": return f.cat(this.el(els[0]), " ", this.el(els[1]), " ", this.exprTop(els[2] as CstNode));
      case "requiresClause": {
        const k = els.findIndex((e) => nodeName(e) === "citeLine" || nodeName(e) === "noteLine");
        const head = k < 0 ? els : els.slice(0, k);
        return f.cat(this.el(head[0]), " ", this.exprTop(head[1] as CstNode), " ", this.generic(head.slice(2)), this.clauses(k < 0 ? [] : els.slice(k)));
      }
      case "ruleDecl": {
        const kindAt = els.findIndex((e) => nodeName(e) === "ruleKind");
        const head = this.generic(els.slice(0, kindAt + 1));
        const rest: Item[] = [];
        for (let i = kindAt + 1; i < els.length; i++) {
          if (tokName(els[i]) === "When") { rest.push("hard", this.el(els[i]), " ", this.exprTop(els[i + 1] as CstNode)); i++; }
          else rest.push("hard", this.el(els[i]));
        }
        return f.cat(head, { nest: rest });
      }
      case "exampleItem": return tokName(els[0]) === "Given" ? this.given(els) : this.generic(els);
      case "expr": return this.exprTop(n);
      case "atom": {
        if (tokName(els[0]) === "LParen") return f.group(f.cat(this.el(els[0]), "", f.indent(this.chain(els[1] as CstNode)), "", this.el(els[2])));
        return this.generic(els);
      }
      default: return this.generic(els);
    }
  }

  /** `given a, b, c` filled to the line width, continuation lines indented. */
  given(els: El[]): Frag | undefined {
    const f = this.f;
    const contents: Frag[] = [];
    for (const e of els.slice(1)) {
      if (tokName(e) === "Comma" && contents.length) contents[contents.length - 1] = f.cat(contents[contents.length - 1], "", this.el(e))!;
      else { const x = this.el(e); if (x) contents.push(x); }
    }
    const kw = f.tok(els[0] as IToken);
    if (!contents.length) return kw;
    const parts: Doc[] = [];
    contents.forEach((c, i) => {
      if (i) parts.push(f.sep("line", contents[i - 1].last, c.first));
      parts.push([c.lead ?? "", c.doc]);
    });
    return { doc: [kw.doc, align(kw.first.image.length + 1, [f.sep(" ", kw.last, contents[0].first), fill(parts)])], first: kw.first, last: contents[contents.length - 1].last, lead: kw.lead };
  }

  /** A whole condition: wrapped at `and`/`or` when too long, continuation lines indented. */
  exprTop(e: CstNode): Frag | undefined {
    const single = ordered(e).length === 1 && ordered(ordered(e)[0] as CstNode).length === 1;
    return single ? this.f.group(this.chain(e)) : this.f.group(this.f.indent(this.chain(e)));
  }

  /** `a or b or c` (each operand an and-chain), operators starting the continuation lines. */
  chain(e: CstNode): Frag | undefined {
    const els = ordered(e);
    const ands = els.filter((x) => nodeName(x) === "andExpr") as CstNode[];
    if (ands.length === 1 && els.length === 1) return this.andChain(ands[0]);
    const items: Item[] = [];
    for (const x of els) {
      if (nodeName(x) === "andExpr") {
        const a = x as CstNode;
        const multi = ordered(a).length > 1;
        items.push(multi ? this.f.group(this.f.indent(this.andChain(a))) : this.andChain(a));
      } else items.push("line", this.el(x), " ");
    }
    return this.f.cat(...items);
  }

  andChain(a: CstNode): Frag | undefined {
    const items: Item[] = [];
    for (const x of ordered(a)) {
      if (tokName(x) === "And") items.push("line", this.el(x), " ");
      else items.push(this.el(x));
    }
    return this.f.cat(...items);
  }
}

export type { Sep };
