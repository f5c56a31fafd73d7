// The analyses on small guidelines, one problem each: the finding (code, rules) and, for case-based
// findings, that the reference interpreter really decides the counterexample the way the finding says.
import { describe, it, expect } from "vitest";
import { interpret } from "../../compiler/interpret.ts";
import { analyze } from "../../compiler/analyze/index.ts";
import { AS_OF } from "../../compiler/analyze/space.ts";
import { exactAge } from "../../runtime/age.ts";
import { parseIsoDate } from "../../runtime/dates.ts";
import { HEAD, load, findings } from "./helpers.ts";

const ex = (title: string, given: string, cpt: string, outcome: string) => `  example "${title}" { given ${given} request ${cpt} expect ${outcome} }\n`;

const CLEAN = HEAD + `
section S-1 "Young" {
  applies when indication is back_pain and age < 6 years
  mri: approve MRI without contrast of region_of_pain when pain and temperature < 100 °F cite "young pain"
  fever: review MRI when pain and temperature >= 100 °F cite "young fever"
${ex("approve", "age 3 years, indication back_pain, pain, temperature 98 °F, region_of_pain lumbar", "72148", "approve")}
${ex("review", "age 3 years, indication back_pain, pain, temperature 101 °F, region_of_pain lumbar", "72148", "review")}
}
section S-2 "Older" {
  applies when indication is back_pain and age >= 6 years and age < 18 years
  mri: approve MRI without contrast of region_of_pain when pain or trauma cite "older pain"
${ex("approve", "age 9 years, indication back_pain, pain, region_of_pain cervical", "72141", "approve")}
}
section S-3 "Scoliosis" {
  applies when indication is scoliosis and age < 18 years
  mri: approve MRI when pain cite "scoliosis pain"
${ex("approve", "age 9 years, indication scoliosis, pain", "72141", "approve")}
}
section S-9 "Adults" {
  adult: refer ADULT-SPINE when age >= 18 years cite "adults elsewhere"
${ex("adult", "age 30 years, indication scoliosis", "72141", "not-applicable")}
}
`;

describe("analyses on a clean guideline", () => {
  it("find nothing", () => {
    expect(findings(CLEAN)).toEqual([]);
  });
});

describe("dead rules", () => {
  const text = HEAD + `
section S-1 "One" {
  applies when indication is back_pain
  never: approve MRI when age < 6 years and age >= 6 years cite "contradiction"
  fine: approve MRI when pain cite "fine"
  wrong_study: deny MRI with contrast cite "no such study"
${ex("fine", "age 9 years, indication back_pain, pain", "72148", "approve")}
}
section S-2 "Never applies" {
  applies when indication is back_pain and indication is scoliosis
  r: approve MRI when pain cite "unreachable"
}
`;
  it("reports a contradictory condition, a study list nothing fits and a section that never applies", () => {
    const ds = findings(text, "dead-rule");
    expect(ds.map((d) => d.rules)).toEqual([["S-1/never"], ["S-1/wrong_study"], ["S-2/r"]]);
    expect(ds.every((d) => d.severity === "warning")).toBe(true);
    expect(ds[0].range.start.line).toBe(text.split("\n").findIndex((l) => l.includes("never:")) + 1);
    expect(ds[0].message).toMatch(/can never be true/);
    expect(ds[2].message).toMatch(/Section S-2 can never apply/);
  });
  it("is right: no age from 0 to 20 years makes the dead rule decide", () => {
    const m = load(text);
    for (let months = 0; months <= 240; months += 1) {
      const d = interpret(m, { asOf: "2026-01-01", patient: { age: { years: Math.floor(months / 12), months: months % 12, days: 3 } }, request: { cpt: "72148", indication: "back_pain" }, facts: { pain: false } });
      expect(d.reasons.some((r) => r.rule === "S-1/never" && d.outcome === "approve")).toBe(false);
    }
  });
});

describe("conflicts", () => {
  const approve = `  mri: approve MRI without contrast of region_of_pain when pain cite "pain"\n`;
  const deny = `section S-2 "Trauma" {\n  applies when indication is back_pain\n  no_trauma: deny 72148 when trauma and pain cite "trauma"\n${ex("t", "indication back_pain, trauma, pain, region_of_pain lumbar", "72148", "deny")}}\n`;
  const base = HEAD + `section S-1 "Pain" {\n  applies when indication is back_pain\n${approve}${ex("a", "indication back_pain, pain, not trauma, region_of_pain lumbar", "72148", "approve")}}\n`;
  it("reports two rules of different outcome firing on the same case, with the case", () => {
    const ds = findings(base + deny, "conflict");
    expect(ds).toHaveLength(1);
    expect(ds[0].rules).toEqual(["S-1/mri", "S-2/no_trauma"]);
    const c = ds[0].case!;
    expect(c.request.cpt).toBe("72148");
    expect(c.facts).toMatchObject({ pain: true, trauma: true, region_of_pain: ["lumbar"] });
    expect(ds[0].hint).toContain(JSON.stringify(c));
    // The problem is real: with both rules the deny wins; without the deny the same case is approved.
    const both = interpret(load(base + deny), c);
    expect(both.outcome).toBe("deny");
    expect(both.reasons.map((r) => r.rule)).not.toContain("S-1/mri");
    const alone = interpret(load(base), c);
    expect(alone.outcome).toBe("approve");
    expect(alone.reasons.map((r) => r.rule)).toContain("S-1/mri");
  });
  it("reports a conflict as explained (info) when the winner's note says why it takes precedence", () => {
    const noted = deny.replace('cite "trauma"', 'cite "trauma" note "Precedence: trauma is excluded from S-1 by design."');
    const ds = findings(base + noted, "conflict");
    expect(ds.map((d) => [d.rules, d.severity])).toEqual([[["S-1/mri", "S-2/no_trauma"], "info"]]);
    const unrelated = deny.replace('cite "trauma"', 'cite "trauma" note "Precedence: wins over S-9 only."');
    expect(findings(base + unrelated, "conflict").map((d) => d.severity)).toEqual(["warning"]);
  });
  it("does not report rules that cannot meet (another study, or exclusive conditions)", () => {
    const other = deny.replace("deny 72148 when", "deny 72141 when").replace("region_of_pain lumbar\", \"72148\"", "region_of_pain cervical\", \"72141\"")
      .replace("request 72148 expect deny", "request 72141 expect deny");
    const lumbarOnly = base.replace("approve MRI without contrast of region_of_pain", "approve 72148");
    expect(findings(lumbarOnly + other, "conflict")).toEqual([]);
    const exclusive = deny.replace("when trauma and pain", "when trauma and not pain").replace("trauma, pain,", "trauma, not pain,");
    expect(findings(base + exclusive, "conflict")).toEqual([]);
    // …but the same deny on 72141 does meet an approval of "MRI of the painful region".
    expect(findings(base + other, "conflict").map((d) => d.rules)).toEqual([["S-1/mri", "S-2/no_trauma"]]);
  });
});

describe("gaps", () => {
  const text = HEAD + `
section S-1 "Five and under" {
  applies when indication is back_pain and age <= 5 years
  mri: approve MRI when pain cite "young"
${ex("y", "age 3 years, indication back_pain, pain", "72148", "approve")}
}
section S-2 "Six and over" {
  applies when indication is back_pain and age >= 6 years
  mri: approve MRI when pain cite "old"
${ex("o", "age 9 years, indication back_pain, pain", "72148", "approve")}
}
section S-3 "Fever" {
  applies when indication is scoliosis and temperature >= 100 °F
  mri: approve MRI when pain cite "fever"
${ex("f", "indication scoliosis, temperature 101 °F, pain", "72148", "approve")}
}
`;
  it("finds the ages between two sections and says exactly where they are", () => {
    const ds = findings(text, "gap");
    const age = ds.filter((d) => d.message.includes("back_pain"));
    expect(age).toHaveLength(1);
    expect(age[0].rules).toEqual(["S-1", "S-2"]);
    expect(age[0].message).toContain("from 5 years 1 day to 5 years 11 months 30 days");
    const c = age[0].case!;
    const years = exactAge(parseIsoDate(c.patient!.birthDate)!, parseIsoDate(AS_OF)!).months / 12;
    expect(years).toBeGreaterThan(5);
    expect(years).toBeLessThan(6);
    // The problem is real: with every fact answered, no section governs the case.
    const d = interpret(load(text), { ...c, facts: { ...c.facts, pain: true } });
    expect(d.outcome).not.toBe("approve");
    expect(d.section).toBeUndefined();
  });
  it("finds a gap along a number fact a section tests", () => {
    const ds = findings(text, "gap").filter((d) => d.message.includes("scoliosis"));
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toMatch(/temperature values from any value to less than 100 °F/);
    expect((ds[0].case!.facts as { temperature: number }).temperature).toBeLessThan(100);
    expect(interpret(load(text), { ...ds[0].case!, facts: { ...ds[0].case!.facts, pain: true } }).section).toBeUndefined();
  });
});

describe("unused", () => {
  const text = HEAD.replace("facts {", "enum color { red \"Red\" }\nfacts {\n  idle: yes/no \"Never used?\"") + `
define spare = pain and trauma
section S-1 "One" {
  applies when indication is back_pain
  tested: approve 72148 when pain cite "tested"
  untested: deny 72148 when trauma and not pain cite "untested"
${ex("t", "indication back_pain, pain, not trauma", "72148", "approve")}
}
`;
  it("reports facts, definitions, enumerations and studies nothing uses, and rules no example exercises", () => {
    const ds = findings(text, "unused");
    const msgs = ds.map((d) => d.message).join("\n");
    expect(msgs).toMatch(/fact 'idle'/);
    expect(msgs).toMatch(/fact 'temperature'/);
    expect(msgs).toMatch(/definition 'spare'/);
    expect(msgs).toMatch(/enumeration 'color'/);
    expect(msgs).toMatch(/study 72141/);
    expect(ds.filter((d) => d.rules).map((d) => d.rules)).toEqual([["S-1/untested"]]);
    expect(msgs).toMatch(/fact 'region_of_pain'/);
    expect(msgs).not.toMatch(/'pain'|'trauma'|enumeration 'region'|study 72148|rule S-1\/tested/);
  });
});

describe("the search budget", () => {
  it("says so in an info diagnostic when a search is cut short", () => {
    const ds = analyze(load(CLEAN), { budget: 3 });
    const info = ds.filter((d) => d.severity === "info");
    expect(info.length).toBeGreaterThan(0);
    expect(info[0].message).toMatch(/stopped \d+ search/);
  });
});
