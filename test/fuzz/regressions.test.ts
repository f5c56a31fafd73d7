// Inputs the fuzzers found, kept as plain tests: each crashed, hung or misplaced a diagnostic before its fix.
import { describe, expect, it } from "vitest";
import { checkText, hasErrors } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import { parse } from "../../grammar/parse.ts";
import { rangeProblems, SOURCE_TEXT } from "./support.ts";

const check = (text: string) => {
  const r = checkText(text, "r.guide", { sourceText: SOURCE_TEXT });
  expect(rangeProblems(text, r.diagnostics)).toEqual([]);
  return r;
};
const codes = (text: string) => check(text).diagnostics.map((d) => d.code);

describe("fuzz regressions", () => {
  it("10,000 nested `not`s give nesting-too-deep, not a stack overflow", () => {
    const text = `guideline X "t"\nfacts { b: yes/no "q" }\ndefine a = ${"not ".repeat(10_000)}b\n`;
    expect(codes(text)).toContain("nesting-too-deep");
    // `not`s and brackets count together: 60 of each is too deep, 40 of each is fine.
    expect(codes(`guideline X "t"\nfacts { b: yes/no "q" }\ndefine a = ${"not (".repeat(60)}b${")".repeat(60)}\n`)).toContain("nesting-too-deep");
    expect(codes(`guideline X "t"\nfacts { b: yes/no "q" }\ndefine a = ${"not (".repeat(40)}b${")".repeat(40)}\n`)).toEqual([]);
    // Many `not`s side by side are not nested.
    expect(codes(`guideline X "t"\nfacts { b: yes/no "q" }\ndefine a = ${Array.from({ length: 500 }, () => "not b").join(" and ")}\n`)).toEqual([]);
  });

  it("a chain of 3,000 definitions gives nesting-too-deep in either order, and never overflows when evaluated", () => {
    const n = 3_000;
    const defs = Array.from({ length: n }, (_, i) => `define d${i} = d${i + 1}`);
    for (const order of [defs, [...defs].reverse()]) {
      const text = `guideline X "t"\nfacts { b: yes/no "q" }\n${order.join("\n")}\ndefine d${n} = b\n`;
      const r = check(text);
      expect(r.diagnostics.map((d) => d.code)).toContain("nesting-too-deep");
      // Even the (erroneous) model evaluates without recursing past the stack.
      expect(() => interpret(r.model!, { asOf: "2026-01-01", request: { cpt: "72148" } })).not.toThrow();
    }
    const ok = `guideline X "t"\nfacts { b: yes/no "q" }\n${defs.slice(0, 200).join("\n")}\ndefine d200 = b\n`;
    expect(codes(ok)).toEqual([]);
  });

  it("a duplicate section with citations is reported, not a TypeError", () => {
    const text = 'guideline PEDSP "" source "000_f1f69f597256be6d.txt"\n\nsection PEDSP-1.1 "" {\n  refer PEDSP-1.1\n}\n\nsection PEDSP-1.1 "" {\n  refer PEDSP-1.1\n    cite ""\n}\n';
    expect(codes(text)).toEqual(expect.arrayContaining(["duplicate-section", "cite-not-found"]));
  });

  it("a lone CR is not a line break (chevrotain and positions.ts agree)", () => {
    const text = 'guideline X "t"\r\rfacts { b: yes/no "q" }\rdefine a = c\r';
    const r = check(text);
    const d = r.diagnostics.find((x) => x.code === "undefined-name")!;
    expect(d.range.start.line).toBe(1);
    expect(text.slice(d.range.start.offset, d.range.end.offset)).toBe("c");
    expect(parse("guideline X \"t\"\r\n\rdefine = ", "x").diagnostics.every((x) => x.range.start.line <= 2)).toBe(true);
  });

  it("facts named __proto__, constructor or prototype are refused (a case could never give them)", () => {
    for (const name of ["__proto__", "constructor", "prototype"]) {
      const r = check(`guideline X "t"\nfacts { ${name}: yes/no "q" }\n`);
      expect(hasErrors(r.diagnostics), name).toBe(true);
      expect(r.diagnostics[0].code).toBe("duplicate-name");
    }
    // Other Object.prototype names are ordinary fact names and work end to end.
    const r = check(`guideline X "t"\nstudies { 72148 "MRI" = MRI lumbar without contrast }\nfacts { toString: yes/no "q" }\nsection X-1 "s" { approve 72148 when toString cite "x" }\n`);
    expect(hasErrors(r.diagnostics)).toBe(false);
    const d = interpret(r.model!, JSON.parse('{"asOf":"2026-01-01","request":{"cpt":"72148"},"facts":{"toString":true}}'));
    expect(d.outcome).toBe("approve");
  });
});

describe("fuzz regressions: numbers beyond floating point", () => {
  it("a 400-digit threshold is invalid-number, not a crash at evaluation or a compiled/interpreted disagreement", () => {
    const big = "9".repeat(400);
    for (const cond of [`age >= ${big} years`, `seen within ${big} days`, `temp >= ${big} °F`, `temp < ${big} °F`, `seen within ${"9".repeat(308)} weeks`, `temp >= ${"9".repeat(308)} °C`]) {
      const r = check(`guideline X "t"\nstudies { 72148 "MRI" = MRI lumbar without contrast }\nfacts { seen: date "q" temp: number °F "t" }\nsection X-1 "s" { approve 72148 when ${cond} cite "c" }\n`);
      expect(r.diagnostics.map((d) => d.code), cond).toEqual(["invalid-number"]);
    }
  });
});
