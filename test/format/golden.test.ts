// Golden tests of the formatter: golden/NAME.guide -> golden/NAME.formatted.guide, exactly.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/format, then review the diff.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { formatGuide } from "../../compiler/format/format.ts";
import { commentTexts, realGuidelines, shape, syntaxErrors, tokenImages } from "./helpers.ts";

const dir = "test/format/golden";
const inputs = readdirSync(dir).filter((f) => f.endsWith(".guide") && !f.endsWith(".formatted.guide")).sort();

describe("formatter goldens", () => {
  it("has golden inputs", () => expect(inputs.length).toBeGreaterThanOrEqual(3));
  for (const f of inputs) {
    it(f, async () => {
      const text = readFileSync(join(dir, f), "utf8");
      const out = await formatGuide(text);
      const expectedPath = join(dir, f.replace(/\.guide$/, ".formatted.guide"));
      if (process.env.UPDATE_GOLDEN === "1" || !existsSync(expectedPath)) writeFileSync(expectedPath, out);
      expect(out).toBe(readFileSync(expectedPath, "utf8"));
      expect(await formatGuide(out)).toBe(out); // idempotent
      expect(commentTexts(out)).toEqual(commentTexts(text)); // every comment, same order
      expect(shape(out)).toEqual(shape(text)); // same meaning
      expect(tokenImages(out)).toEqual(tokenImages(text)); // same words, same order
    });
  }
});

describe("formatter on the real guidelines", () => {
  for (const f of realGuidelines()) {
    it(f, async () => {
      const text = readFileSync(f, "utf8");
      if (syntaxErrors(text).length) {
        // Still being written: the formatter must refuse it rather than guess.
        await expect(formatGuide(text)).rejects.toThrow();
        return;
      }
      const out = await formatGuide(text);
      expect(await formatGuide(out)).toBe(out);
      expect(commentTexts(out)).toEqual(commentTexts(text));
      expect(shape(out)).toEqual(shape(text));
      for (const l of out.split("\n")) expect(l).not.toMatch(/\s$/);
    });
  }
});

describe("formatter details", () => {
  it("ends with exactly one newline and indents with two spaces", async () => {
    const out = await formatGuide('guideline X "t"\nsection A-1 "s" {\nsee A-1}');
    expect(out).toBe('guideline X "t"\n\nsection A-1 "s" {\n  see A-1\n}\n');
  });
  it("puts when, cite and note of a rule on their own indented lines", async () => {
    const out = await formatGuide('guideline X "t"\nsection A-1 "s" { r: deny 72148 when a cite "c" note "n" }');
    expect(out).toContain('  r: deny 72148\n    when a\n    cite "c"\n    note "n"\n');
  });
  it("wraps a long condition at and/or and keeps a short one on one line", async () => {
    const long = Array.from({ length: 12 }, (_, i) => `fact_number_${i}`).join(" and ");
    const out = await formatGuide(`guideline X "t"\ndefine d = ${long}\ndefine e = a or b`);
    expect(out).toContain("define d = fact_number_0\n  and fact_number_1\n");
    expect(out).toContain("define e = a or b\n");
  });
  it("keeps CRLF files' meaning and prints LF", async () => {
    const text = 'guideline X "t" // c\r\ndefine d = a\r\n';
    const out = await formatGuide(text);
    expect(out).toBe('guideline X "t" // c\n\ndefine d = a\n');
  });
  it("refuses a file with syntax errors", async () => {
    await expect(formatGuide('guideline X "t"\nsection ( {')).rejects.toThrow(/section id/);
  });
});
