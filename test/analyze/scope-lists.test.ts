// The scope-list analysis: a general rule that tests the indication against a hand-kept list must name every
// indication-scoped section in a note, so that a section cannot be left out of a general sentence by accident.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { HEAD, findings } from "./helpers.ts";
import { namesSection } from "../../compiler/analyze/scope-lists.ts";
import { checkText } from "../../compiler/compile.ts";
import { analyze } from "../../compiler/analyze/index.ts";

const guide = (notes: string) => HEAD + `
section G-1 "General" {
  screen: deny MRI when pain and indication is one of { back_pain, scoliosis } cite "general sentence"
${notes}
  example "e" { given age 9 years, indication back_pain, pain request 72148 expect deny }
}
section S-1 "Back" {
  applies when indication is back_pain
  r: approve MRI when trauma cite "back"
}
section S-12 "Scoliosis" {
  applies when indication is scoliosis
  r: approve MRI when trauma cite "scoliosis"
}
`;

describe("scope lists", () => {
  it("reports each indication-scoped section the rule's notes do not name", () => {
    const ds = findings(guide(`    note "Scope: included: S-1."`), "unscoped-list");
    expect(ds).toHaveLength(1);
    expect(ds[0].rules).toEqual(["G-1/screen"]);
    expect(ds[0].message).toContain("S-12 (scoliosis)");
    expect(ds[0].message).not.toContain("S-1 (back_pain)");
  });
  it("is satisfied when every such section is named, in or out", () => {
    expect(findings(guide(`    note "Scope: included: S-1 and S-12."`), "unscoped-list")).toEqual([]);
  });
  it("matches whole section ids only", () => {
    expect(namesSection("see S-12 here", "S-1")).toBe(false);
    expect(namesSection("PEDSP-4.3, and", "PEDSP-4.3")).toBe(true);
    expect(namesSection("PEDSP-4.30", "PEDSP-4.3")).toBe(false);
    expect(namesSection("(PEDSP-5).", "PEDSP-5")).toBe(true);
    expect(namesSection("PEDSP-5.1", "PEDSP-5")).toBe(false);
  });
  it("on PEDSP: a screening note that forgets PEDSP-5 is reported (the audit's first finding)", () => {
    const text = readFileSync("guidelines/pedsp/pedsp.guide", "utf8");
    const src = readFileSync("guidelines/pedsp/000_f1f69f597256be6d.txt", "utf8");
    const at = text.indexOf("  screening: deny ");
    const end = text.indexOf("\n  repeat:", at);
    expect(at).toBeGreaterThan(0);
    const forgotten = text.slice(0, at) + text.slice(at, end).replaceAll("PEDSP-5", "the tethered-cord section") + text.slice(end);
    for (const [t, expected] of [[text, 0], [forgotten, 1]] as const) {
      const r = checkText(t, "pedsp.guide", { sourceText: src });
      const ds = analyze(r.model!, { only: ["scope lists"] }).filter((d) => d.code === "unscoped-list");
      expect(ds.length).toBe(expected);
      if (expected) expect(ds[0].message).toContain("PEDSP-5 (tethered_cord)");
    }
  });
});
