// The blind chart set (examples/charts/): requests written from the guideline text by a reader who never saw the
// rules, cases filled from the notes by someone who saw only the case form, expected determinations fixed from
// the text before the engine ran. The engine must never approve what the text does not (a false approval), and
// every case the form produced must be a valid case. Agreement is held to a floor against regressions;
// examples/charts/README.md reports the figures.
import { describe, it, expect } from "vitest";
import { readdirSync } from "node:fs";
import { chartRows, readExpected, summary } from "./report.ts";

describe("chart set", () => {
  const rows = chartRows();
  it("has a case for every note", () => {
    const notes = readdirSync("examples/charts/notes").filter((f) => /^\d+-.*\.md$/.test(f));
    expect(notes.length).toBeGreaterThanOrEqual(60);
    expect(rows.length).toBe(notes.length);
  });
  it("makes no false approval, with the note as the whole record or with only the facts it states", () => {
    expect(summary(rows).falseApprovals.map((r) => `${r.id}: expected ${r.expected} ${r.section}, engine approves under ${r.actualSection}`)).toEqual([]);
    expect(summary(chartRows(undefined, undefined, "stated")).falseApprovals.map((r) => r.id)).toEqual([]);
  });
  it("agrees with the text on at least 90 % of requests (the note as the whole record; README.md has the figures)", () => {
    const s = summary(rows);
    expect(s.agree / s.n).toBeGreaterThanOrEqual(0.9);
  });
  it("gets a valid case from every note", () => {
    expect(summary(rows).invalid.map((r) => r.id)).toEqual([]);
  });
  it("reads the expected outcome the notes state", () => {
    expect(readExpected("- Outcome: **not-applicable — Adult**\n- Governing section: PEDSP-1.1").outcome).toBe("not-applicable");
    expect(() => readExpected("no outcome here")).toThrow();
  });
});
