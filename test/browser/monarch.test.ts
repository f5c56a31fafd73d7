// The editor's pure parts in Node: the Monarch tokenizer is generated from grammar/tokens.ts, and quotes
// are located in the source text with the checker's normalisation (offsets for the source pane).
import { describe, expect, it } from "vitest";
import { keywordTokens, unitTokens, operatorTokens } from "../../grammar/tokens.ts";
import { keywordWords, monarchLanguage, unitWords, wordOf } from "../../editor/monarch.ts";
import { citeContext, locateQuote } from "../../editor/source-map.ts";

type Rule = [RegExp, string | { token: string }];

describe("monarch tokenizer from the token arrays", () => {
  const root = monarchLanguage().tokenizer.root as unknown as Rule[];
  const classOf = (text: string): string | undefined => {
    for (const [re, action] of root) {
      const m = new RegExp(`^(?:${re.source})`).exec(text);
      if (m && m[0].length > 0) return typeof action === "string" ? action : action.token;
    }
    return undefined;
  };

  it("has one rule per keyword, unit and operator token, and a word for every keyword", () => {
    for (const t of [...keywordTokens, ...unitTokens, ...operatorTokens]) expect(root.some(([re]) => re.source === (t.PATTERN as RegExp).source)).toBe(true);
    expect(keywordWords).toHaveLength(keywordTokens.length + 2);
    expect(keywordWords).toContain("yes/no");
    expect(wordOf(keywordTokens[0])).toBe("guideline");
    expect(unitWords).toEqual(expect.arrayContaining(["°F", "mm", "weeks"]));
  });

  it("classifies words the way the lexer reads them", () => {
    expect(classOf("approve MRI")).toBe("keyword.outcome");
    expect(classOf("within 60 days")).toBe("keyword");
    expect(classOf("within_range")).toBe("identifier"); // a keyword prefix is a name, as in the lexer
    expect(classOf("PEDSP-2.3 ")).toBe("type.section");
    expect(classOf("72148 ")).toBe("number"); // a CPT code is a number; the parser reads it as a code where a study goes
    expect(classOf("12345.5 ")).toBe("number");
    expect(classOf("2026-01-05")).toBe("number.date");
    expect(classOf("°F")).toBe("unit");
    expect(classOf(">= 4")).toBe("operator");
    expect(classOf("// note")).toBe("comment");
    expect(classOf('"quoted"')).toBe("string.quote");
  });
});

describe("quotes in the source text", () => {
  const src = "First line.\nMRI without\n   contrast is “preferred”.\nLast.";
  it("finds a quote across line breaks and curly quotes, as offsets", () => {
    const hit = locateQuote(src, 'MRI without contrast is "preferred"')!;
    expect(src.slice(hit.start, hit.end)).toBe("MRI without\n   contrast is “preferred”");
    expect(locateQuote(src, "not there")).toBeUndefined();
  });
  it("gives the surrounding text and line for a hover", () => {
    const c = citeContext(src, "contrast is")!;
    expect(c.line).toBe(3);
    expect(c.quote).toBe("contrast is");
    expect(c.after).toContain("preferred");
  });
});
