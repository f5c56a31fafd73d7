// The parser's promises: every independent mistake reported at its line, no throw on any input.
import { describe, it, expect } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { checkText } from "../../compiler/compile.ts";
import { readFileSync } from "node:fs";

describe("parse", () => {
  it("reports three unrelated mistakes at their own lines", () => {
    const text = readFileSync("test/golden/check/syntax-recovery.guide", "utf8");
    const { diagnostics } = checkText(text, "x.guide");
    const lines = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.range.start.line));
    expect([...lines]).toEqual(expect.arrayContaining([5, 8, 11, 14]));
  });

  it("builds an AST with half-open ranges", () => {
    const text = 'guideline T "Title"\nfacts { flag: yes/no "Q?" }\n';
    const { ast, diagnostics } = parse(text, "t.guide");
    expect(diagnostics).toEqual([]);
    const f = ast!.facts[0];
    expect(text.slice(f.name.range.start.offset, f.name.range.end.offset)).toBe("flag");
    expect(f.name.range.start).toEqual({ line: 2, column: 9, offset: 28 });
    expect(f.name.range.end).toEqual({ line: 2, column: 13, offset: 32 });
  });

  it("accepts the Unicode and ASCII spellings alike", () => {
    const base = (op: string, unit: string) => `guideline T "T"\nfacts { t: number °F "T?" }\ndefine d = t ${op} 100 ${unit}\n`;
    for (const [op, unit] of [["≥", "°F"], [">=", "degF"], ["≤", "°F"], ["<=", "degF"]]) {
      const r = checkText(base(op, unit), "t.guide");
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("never throws on binary garbage, an empty file or unbalanced braces", () => {
    const inputs = ["", "\u0000\u0001\uFFFF", "guideline T \"T\" section X-1 \"x\" { {{{", "}}}}", "guideline T \"T\"\nsection X-1 \"x\" {\n  approve"];
    for (const t of inputs) {
      const r = checkText(t, "g.guide");
      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) expect(d.range.end.offset).toBeLessThanOrEqual(t.length);
    }
  });

  it("reads CRLF and tab-indented files with the same positions as LF", () => {
    const lf = 'guideline T "T"\nfacts {\n\tflag: yes/no "Q?"\n}\ndefine d = flg\n';
    const crlf = lf.replace(/\n/g, "\r\n");
    const a = checkText(lf, "a.guide").diagnostics, b = checkText(crlf, "b.guide").diagnostics;
    expect(a.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual(b.map((d) => [d.code, d.range.start.line, d.range.start.column]));
    expect(a[0].range.start.line).toBe(5);
  });
});
