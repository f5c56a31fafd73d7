// The prettier plugin for .guide files: text -> (parser: grammar/parse.ts CST + comments by offset)
// -> (printer: print-cst.ts) -> canonical text. Files with syntax errors are refused with the first error.
import type { CstNode } from "chevrotain";
import type { Parser, Printer, SupportLanguage } from "prettier";
import { parse } from "../../grammar/parse.ts";
import { attachComments, type CommentMap } from "./comments.ts";
import { printFile } from "./print-cst.ts";

/** What the parser hands the printer. Deliberately no `comments` key: the printer places comments itself. */
export interface GuideRoot { type: "GuideRoot"; cst: CstNode; cm: CommentMap; length: number }

export class GuideSyntaxError extends SyntaxError {
  constructor(message: string, readonly loc: { start: { line: number; column: number } }) { super(message); }
}

export const languages: SupportLanguage[] = [
  { name: "Guideline", parsers: ["guide"], extensions: [".guide"], vscodeLanguageIds: ["guide"] },
];

export const parsers: Record<string, Parser<GuideRoot>> = {
  guide: {
    astFormat: "guide-cst",
    parse(text: string): GuideRoot {
      const r = parse(text, "<format>");
      const err = r.diagnostics.find((d) => d.severity === "error");
      if (err || !r.cst) {
        const at = err?.range.start ?? { line: 1, column: 1 };
        throw new GuideSyntaxError(`${err?.message ?? "The file cannot be read."} (${at.line}:${at.column})`, { start: { line: at.line, column: at.column } });
      }
      return { type: "GuideRoot", cst: r.cst, cm: attachComments(text, r.tokens, r.comments), length: text.length };
    },
    locStart: () => 0,
    locEnd: (n: GuideRoot) => n.length,
  },
};

export const printers: Record<string, Printer<GuideRoot>> = {
  "guide-cst": {
    print: (path) => printFile(path.node.cst, path.node.cm),
    getVisitorKeys: () => [],
  },
};

/** The canonical layout does not depend on anyone's prettier configuration but the line width. */
export const defaultOptions = { printWidth: 100, tabWidth: 2, useTabs: false };

export default { languages, parsers, printers, defaultOptions };
