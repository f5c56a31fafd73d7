// Property: for random pairs of guidelines (variants of the sample: thresholds, age bands, red flags, outcomes and
// rules changed independently), every region the diff reports really decides differently under the two versions,
// and random documented cases outside the reported regions decide the same. Fixed seed (test/setup), bounded runs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { interpret } from "../../compiler/interpret.ts";
import { buildJoint } from "../../compiler/diff/joint.ts";
import { buildSpace } from "../../compiler/analyze/space.ts";
import { caseOf } from "../../compiler/analyze/case.ts";
import { keyOf } from "../../compiler/diff/semantic.ts";
import { sameKey } from "../../compiler/diff/decision.ts";
import { diffGuidelines } from "../../compiler/diff/index.ts";
import type { Determination } from "../../runtime/decide.ts";
import type { Model } from "../../compiler/model.ts";
import { model } from "./helpers.ts";

// The sample without its examples (a variant may decide them otherwise), with slots the generator fills.
const base = readFileSync("test/fixtures/sample.guide", "utf8").replace(/\n  example "[^"]*" \{[\s\S]*?\n  \}/g, "");
const variant = fc.record({
  fever: fc.constantFrom("100 °F", "100.4 °F", "99.5 °F"),
  trial: fc.constantFrom("4 weeks", "28 days", "6 weeks", "3 weeks"),
  from: fc.constantFrom(5, 6, 7),
  recent: fc.constantFrom(30, 60),
  flags: fc.constantFrom("any of { systemic_symptoms, night_pain }", "systemic_symptoms", "night_pain or systemic_symptoms", "all of { systemic_symptoms, night_pain }"),
  contrastRule: fc.constantFrom("keep", "drop", "review"),
  adult: fc.constantFrom(18, 17),
});
type V = typeof variant extends fc.Arbitrary<infer T> ? T : never;
function text(v: V): string {
  let t = base.replace("temperature >= 100 °F", `temperature >= ${v.fever}`).replace("conservative_treatment >= 4 weeks", `conservative_treatment >= ${v.trial}`)
    .replace(/conservative_treatment >= 4 weeks/g, `conservative_treatment >= ${v.trial}`)
    .replace("age >= 6 years and age < 18 years", `age >= ${v.from} years and age < ${v.adult} years`).replace("age >= 18 years", `age >= ${v.adult} years`)
    .replace("within 60 days", `within ${v.recent} days`).replace("any of { systemic_symptoms, night_pain }", v.flags);
  if (v.contrastRule === "drop") t = t.replace(/  with_contrast: approve[\s\S]*?note "[^"]*"\n/, "");
  if (v.contrastRule === "review") t = t.replace("with_contrast: approve MRI without and with contrast of symptomatic_region", "with_contrast: review MRI without and with contrast of symptomatic_region");
  return t;
}

/** The deciding rule as the diff names it: a rule, an approval (approve or pend), or undefined for deny by default. */
function decider(m: Model, d: Determination): string | undefined {
  const r = m.plan.sections.flatMap((s) => s.rules).find((x) => x.id === d.reasons[0]?.rule);
  if (!r) return undefined;
  if (r.outcome === "approve") return d.outcome === "approve" || d.outcome === "pend" ? r.id : undefined;
  return r.id;
}

describe("guide diff, property", () => {
  it("reported regions differ; random cases outside them decide the same", () => {
    let differing = 0, regions = 0;
    fc.assert(fc.property(variant, variant, fc.array(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), { minLength: 25, maxLength: 25 }), (va, vb, draws) => {
      const ta = text(va), tb = text(vb);
      const a = model(ta, "a.guide"), b = model(tb, "b.guide");
      const d = diffGuidelines(a, b, { old: ta, new: tb });
      expect(d.capped).toEqual([]);
      regions += d.regions.length;
      for (const r of d.regions) {
        if (r.status !== "changed") continue;
        const o = interpret(a, r.oldCase), n = interpret(b, r.newCase);
        expect(sameKey(keyOf(o), keyOf(n))).toBe(false);
      }
      const space = buildSpace(buildJoint(a, b).model);
      for (const draw of draws) {
        const asg = Int32Array.from(space.vars.map((v, i) => draw[i % draw.length] % v.values.length));
        const c = caseOf(space, asg, "72148");
        const o = interpret(a, c), n = interpret(b, c);
        if (o.errors || n.errors || sameKey(keyOf(o), keyOf(n))) continue;
        differing++;
        // Decided differently: some region of the same indication and study has these deciders.
        const hit = d.regions.some((r) => r.case.request.indication === c.request.indication && r.studies.includes(c.request.cpt)
          && r.before.rule === decider(a, o) && r.after.rule === decider(b, n));
        expect(hit, `${JSON.stringify(c)}: ${o.outcome} ${decider(a, o)} → ${n.outcome} ${decider(b, n)} is in no reported region`).toBe(true);
      }
    }), { numRuns: 12 });
    // The property is not vacuous: the pairs differ, and random cases land in the differences.
    expect(regions).toBeGreaterThan(0);
    expect(differing).toBeGreaterThan(0);
  });
});
