// Golden diffs of hand-made pairs (test/diff/pairs): what `guide diff` prints, reviewed as a diff
// (UPDATE_GOLDEN=1 rewrites them), and for every region, its case decided differently by the two versions.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../golden/golden.ts";
import { renderDiff } from "../../compiler/diff/render.ts";
import { interpret } from "../../compiler/interpret.ts";
import { keyOf } from "../../compiler/diff/semantic.ts";
import { sameKey } from "../../compiler/diff/decision.ts";
import { diffTexts, model } from "./helpers.ts";

const pairs: [name: string, equivalent: boolean][] = [
  ["threshold-moved", false], ["red-flag-added", false], ["age-band-changed", false], ["rule-removed", false],
  ["fact-renamed", true], ["fact-renamed-unmapped", false], ["equivalent-lists", true], ["equivalent-conditions", true],
];

describe("guide diff on hand-made pairs", () => {
  for (const [name, equivalent] of pairs) {
    it(name, () => {
      const files = [`test/diff/pairs/${name}.old.guide`, `test/diff/pairs/${name}.new.guide`];
      const [a, b] = files.map((f) => readFileSync(f, "utf8"));
      const d = diffTexts(a, b, files);
      expect(d.equivalent).toBe(equivalent);
      expect(d.capped).toEqual([]);
      expectGolden(`test/diff/golden/${name}.expected.txt`, renderDiff(d, { cases: true }) + "\n");
      const [ma, mb] = [model(a, files[0]), model(b, files[1])];
      for (const r of d.regions) {
        const o = interpret(ma, r.oldCase), n = interpret(mb, r.newCase);
        if (r.status === "changed") {
          expect(r.confirmed).toBe(true);
          expect(o.errors ?? n.errors).toBeUndefined();
          expect(sameKey(keyOf(o), keyOf(n))).toBe(false);
          expect([keyOf(o), keyOf(n)]).toEqual([{ outcome: r.before.outcome, section: r.before.section, supported: r.before.supported }, { outcome: r.after.outcome, section: r.after.section, supported: r.after.supported }]);
        } else expect(r.why).toBeTruthy();
      }
    });
  }

  it("the threshold pair names the fever region: 100 °F was fever, now it is not", () => {
    const [a, b] = ["old", "new"].map((s) => readFileSync(`test/diff/pairs/threshold-moved.${s}.guide`, "utf8"));
    const d = diffTexts(a, b);
    const r = d.regions.find((x) => x.before.rule === "PEDSP-2.3/with_contrast" && x.after.outcome === "deny")!;
    expect(r.case.facts.temperature).toBe(100);
  });

  it("an unmapped rename is reported as not compared, with the reason", () => {
    const [a, b] = ["old", "new"].map((s) => readFileSync(`test/diff/pairs/fact-renamed-unmapped.${s}.guide`, "utf8"));
    const d = diffTexts(a, b);
    expect(d.regions.length).toBeGreaterThan(0);
    expect(d.regions.every((r) => r.status === "not-compared" && /night_pain/.test(r.why!))).toBe(true);
    expect(d.structural.some((c) => c.details.some((x) => x.includes("replaces night_pain")))).toBe(true);
  });

  it("facts merged into one (replaces a, b) are compared through it: each old rule reads the question that replaced its own", () => {
    const head = (facts: string) => `guideline M "Merge" version "1" source "000_f1f69f597256be6d.txt"
indications { back_pain "Back pain" }
studies {
  72148 "MRI Lumbar without contrast" = MRI lumbar without contrast
  72131 "CT Lumbar without contrast" = CT lumbar without contrast
}
facts {
${facts}
}
section M-1 "Back pain" {
  applies when indication is back_pain
`;
    const CITE = 'cite "X-rays, while not required prior to conservative treatment, must be obtained before advanced imaging can be approved."';
    const old = head(`  symptomatic: yes/no "Symptomatic?"\n  involved: yes/no "Involved?"`) + `  mri: approve 72148 when symptomatic ${CITE}\n  ct: approve 72131 when involved ${CITE}\n}\n`;
    const merged = (replaces: string) => head(`  affected: yes/no "Affected?"\n    replaces ${replaces}`) + `  mri: approve 72148 when affected ${CITE}\n  ct: approve 72131 when affected ${CITE}\n}\n`;
    const both = diffTexts(old, merged("symptomatic, involved"));
    expect(both.regions.filter((r) => r.status !== "not-compared")).toEqual([]);
    expect(both.regions.filter((r) => r.status === "not-compared")).toEqual([]);
    // With only one old name taken over, the other old question is a fact the new version removed: not compared.
    const one = diffTexts(old, merged("symptomatic"));
    expect(one.regions.some((r) => r.status === "not-compared" && /involved/.test(r.why!))).toBe(true);
  });
});

