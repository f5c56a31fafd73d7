// The playground's fast markers (editor/incremental-check.ts) against the full check, on PEDSP: for edits
// inside a section the fast diagnostics are the full check's, codes and ranges alike; edits elsewhere fall back.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkText } from "../../compiler/compile.ts";
import { fastDiagnostics, rememberCheck } from "../../editor/incremental-check.ts";
import type { Diagnostic } from "../../grammar/diagnostics.ts";

const root = resolve(import.meta.dirname, "../..");
const pedsp = readFileSync(join(root, "guidelines/pedsp/pedsp.guide"), "utf8");
const sourceText = readFileSync(join(root, "guidelines/pedsp/000_f1f69f597256be6d.txt"), "utf8");
const check = (text: string): Diagnostic[] => checkText(text, "pedsp.guide", { sourceText }).diagnostics;
const seen = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.severity} ${d.code} ${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} @${d.range.start.offset}-${d.range.end.offset}`);

describe("fast markers for an edit inside one section", () => {
  const full = checkText(pedsp, "pedsp.guide", { sourceText });
  const last = rememberCheck(pedsp, full.diagnostics, full.model?.ast)!;

  const edits: [string, (t: string) => string][] = [
    ["a typo in a condition", (t) => t.replace("    when asymptomatic\n", "    when asymptomaticx\n")],
    ["a wrong value", (t) => t.replace("cancer_diagnosis no_cancer,", "cancer_diagnosis no_cancr,")],
    ["lines added in a section", (t) => t.replace("    when asymptomatic\n", "    when asymptomatic\n\n\n    note \"added\"\n")],
    ["lines removed from a section", (t) => t.replace(/\n {2}example "[^"]*" \{[^}]*\}\n/, "\n")],
    ["an unknown section in an expectation", (t) => t.replace("expect approve PEDSP-2.3", "expect approve PEDSP-2.33")],
    ["a misspelt quote", (t) => t.replace('cite "Motor Vehicle Collision"', 'cite "Motor Vehicle Colision"')],
    ["a syntax error", (t) => t.replace("    when asymptomatic\n", "    when asymptomatic and and\n")],
  ];
  for (const [name, edit] of edits) {
    it(name, () => {
      const text = edit(pedsp);
      expect(text).not.toBe(pedsp);
      const fast = fastDiagnostics(last, text, check);
      expect(fast).toBeDefined();
      expect(seen(fast!)).toEqual(seen(check(text)));
      expect(fast!.map((d) => d.message)).toEqual(check(text).map((d) => d.message));
    });
  }

  it("falls back to the full check for an edit in the declarations or across sections", () => {
    expect(fastDiagnostics(last, pedsp.replace("xray_done: yes/no", "xray_done2: yes/no"), check)).toBeUndefined();
    const first = pedsp.indexOf("\nsection ");
    expect(fastDiagnostics(last, pedsp.slice(0, first) + pedsp.slice(first + 1), check)).toBeUndefined();
  });

  it("checks a fraction of the text", () => {
    let partialLength = 0;
    fastDiagnostics(last, edits[0][1](pedsp), (t) => { partialLength = t.length; return check(t); });
    expect(partialLength).toBeLessThan(pedsp.length / 2);
  });
});
