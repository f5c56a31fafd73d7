// The playground's scoped diff (compiler/diff/scope.ts): the indications an edit touches, and, on the
// hand-made pairs, a diff searched only there finds exactly the regions the full diff finds.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildJoint, diffGuidelines, diffScope, structuralDiff } from "../../compiler/diff/index.ts";
import { checkText } from "../../compiler/compile.ts";
import type { Model } from "../../compiler/model.ts";
import { model } from "./helpers.ts";

const scopeOf = (a: Model, b: Model, ta: string, tb: string) => diffScope(a, b, structuralDiff(a, b, buildJoint(a, b).facts, { old: ta, new: tb }));

describe("diff scope", () => {
  for (const name of ["threshold-moved", "red-flag-added", "age-band-changed", "rule-removed", "fact-renamed-unmapped", "equivalent-lists"]) {
    it(`${name}: the scoped search finds the full diff's regions`, () => {
      const files = [`test/diff/pairs/${name}.old.guide`, `test/diff/pairs/${name}.new.guide`];
      const [ta, tb] = files.map((f) => readFileSync(f, "utf8"));
      const [a, b] = [model(ta, files[0]), model(tb, files[1])];
      const scope = scopeOf(a, b, ta, tb);
      const full = diffGuidelines(a, b, { old: ta, new: tb });
      const seen: number[] = [];
      const scoped = diffGuidelines(a, b, { old: ta, new: tb }, undefined, { indications: scope.indications, progress: (done, total) => seen.push(done / total) });
      expect(scoped.regions.map((r) => r.sentence)).toEqual(full.regions.map((r) => r.sentence));
      expect(seen.at(-1)).toBe(1);
      if (scope.indications) expect(scoped.cells).toBeLessThanOrEqual(full.cells);
    });
  }

  // The threshold pair with a second indication and a section of its own, which also reads the temperature.
  const twoIndications = (t: string, fever: string) => t
    .replace('back_pain "Back or neck pain"', 'back_pain "Back or neck pain"\n  infection "Suspected spinal infection"')
    .concat(`\nsection PEDSP-2.5 "Infection" {\n  applies when indication is infection\n  mri: approve MRI without and with contrast of symptomatic_region\n    when temperature >= ${fever} °F or suspected_infection\n    cite "Clinical suspicion of infection (discitis, osteomyelitis, paraspinous or epidural abscess)"\n}\n`);
  const [pa, pb] = ["old", "new"].map((v) => readFileSync(`test/diff/pairs/threshold-moved.${v}.guide`, "utf8"));
  for (const [name, ta, tb, want] of [
    ["PEDSP-2.3's threshold", twoIndications(pa, "100"), twoIndications(pb, "100"), "back_pain"],
    ["PEDSP-2.5's threshold", twoIndications(pa, "100"), twoIndications(pa, "101"), "infection"],
  ] as const) {
    it(`two indications, ${name} moved: only ${want} is searched, and nothing is missed`, () => {
      const [a, b] = [model(ta, "old.guide"), model(tb, "new.guide")];
      const scope = scopeOf(a, b, ta, tb);
      expect(scope.indications).toEqual([want]);
      const full = diffGuidelines(a, b, { old: ta, new: tb });
      const scoped = diffGuidelines(a, b, { old: ta, new: tb }, undefined, { indications: scope.indications });
      expect(full.regions.length).toBeGreaterThan(0);
      expect(full.regions.every((r) => r.case.request.indication === want)).toBe(true);
      expect(scoped.regions.map((r) => r.sentence)).toEqual(full.regions.map((r) => r.sentence));
      expect(scoped.cells).toBeLessThan(full.cells);
    });
  }

  const pedsp = readFileSync("guidelines/pedsp/pedsp.guide", "utf8");
  const readSource = (n: string) => readFileSync(`guidelines/pedsp/${n}`, "utf8");
  const check = (t: string) => checkText(t, "pedsp.guide", { readSource }).model!;
  const base = check(pedsp);

  it("a PEDSP-2.3 condition edit scopes to back pain", () => {
    const edited = pedsp.replace('fever cite "Accompanying systemic symptoms', 'temperature >= 101 °F cite "Accompanying systemic symptoms');
    expect(edited).not.toBe(pedsp);
    expect(scopeOf(base, check(edited), pedsp, edited)).toEqual({ indications: ["back_pain"], sections: ["PEDSP-2.3"] });
  });

  it("rules reordered touch their section; sections reordered give no scope", () => {
    const [ta] = ["old"].map((v) => readFileSync(`test/diff/pairs/threshold-moved.${v}.guide`, "utf8"));
    const plain = ta.indexOf("  plain: approve"), contrast = ta.indexOf("  with_contrast: approve"), end = ta.indexOf("  example", contrast);
    const swapped = ta.slice(0, plain) + ta.slice(contrast, end) + ta.slice(plain, contrast) + ta.slice(end);
    expect(scopeOf(model(ta, "old.guide"), model(swapped, "new.guide"), ta, swapped)).toEqual({ indications: ["back_pain"], sections: ["PEDSP-2.3"] });
    const two = twoIndications(ta, "100"), s23 = two.indexOf("section PEDSP-2.3"), s25 = two.indexOf("section PEDSP-2.5");
    const moved = two.slice(0, s23) + two.slice(s25) + "\n" + two.slice(s23, s25);
    const s = scopeOf(model(two, "old.guide"), model(moved, "new.guide"), two, moved);
    expect(s.indications).toBeUndefined();
    expect(s.why).toMatch(/reordered/);
  });

  it("an edit of a section for every indication gives no scope", () => {
    const edited = pedsp.replace(/section PEDSP-1\.2 "([^"]*)"/, 'section PEDSP-1.2 "$1 (edited)"');
    expect(edited).not.toBe(pedsp);
    const s = scopeOf(base, check(edited), pedsp, edited);
    expect(s.indications).toBeUndefined();
    expect(s.why).toMatch(/PEDSP-1\.2/);
  });
});
