// Golden tests of what an author sees: every .guide under test/golden/check -> its rendered diagnostics.
import { readdirSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { loadGuide } from "../../compiler/cli/io.ts";
import { renderDiagnostic } from "../../compiler/cli/render.ts";
import { expectGolden } from "./golden.ts";

const dir = "test/golden/check";
const files = readdirSync(dir).filter((f) => f.endsWith(".guide")).sort();

describe("rendered diagnostics", () => {
  for (const f of files) {
    it(f, () => {
      const g = loadGuide(`${dir}/${f}`);
      const text = g.diagnostics.map((d) => renderDiagnostic(d, g.text)).join("\n") + "\n";
      expectGolden(`${dir}/${f.replace(/\.guide$/, ".expected.txt")}`, text);
      for (const d of g.diagnostics) {
        expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
        expect(d.range.end.offset).toBeLessThanOrEqual(g.text.length);
        expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
      }
    });
  }
});

describe("every diagnostic code a checker pass can produce has a golden case", () => {
  it("covers the codes", () => {
    const seen = new Set(files.flatMap((f) => loadGuide(`${dir}/${f}`).diagnostics.map((d) => d.code)));
    const expected = ["syntax-error", "unknown-character", "nesting-too-deep", "missing-header", "duplicate-name", "duplicate-section",
      "undefined-name", "undefined-section", "undefined-external", "undefined-study", "undefined-value", "type-mismatch", "unit-mismatch",
      "missing-unit", "missing-cite", "cite-not-found", "source-not-found", "circular-definition", "invalid-date", "invalid-number", "example-incomplete"];
    expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
  });
});
