// Facts answered by other evidence (`yes when` / `no when`) and "not documented" answers (issue 13): the
// checker lowers them, validateCase and the fast path derive the same facts, contradictions are refused with the
// field named (never decided), and the absence analysis lists where silence can lift a request toward approval.
import { describe, expect, it } from "vitest";
import { checkText } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import { analyze } from "../../compiler/analyze/index.ts";
import { caseSchema } from "../../compiler/emit/schema.ts";
import { caseSpecOf } from "../../runtime/decide.ts";
import { validateCase } from "../../runtime/validate.ts";
import { readWellFormed } from "../../runtime/fast-read.ts";
import type { Model } from "../../compiler/model.ts";

const GUIDE = `guideline T "Derive test" source "src.txt"
indications { back_pain "Back pain" }
enum region { lumbar "Lumbar" }
studies {
  72148 "MRI Lumbar without contrast" = MRI lumbar without contrast
  72158 "MRI Lumbar without and with contrast" = MRI lumbar without and with contrast
}
facts {
  fever: yes/no "Is a fever documented?"
    yes when temperature >= 100 °F
    no when temperature < 100 °F
    not documented means no
    note "Not documented: a fever is charted when present."
  temperature: number °F "Highest temperature?"
  gcs: number "Lowest GCS?"
  eyes_closed: yes/no "Eyes closed to any stimulus?"
  altered: yes/no "Altered alertness?"
    yes when gcs < 15
    yes when eyes_closed
  repeat_study: yes/no "Is this a repeat?"
    not documented means no
  cancer: one of { no_cancer, leukemia, other } "Cancer?"
    not documented means no_cancer
  xray_done: yes/no "X-rays?"
}
section S-1 "Back pain" {
  applies when indication is back_pain
  requires xray_done cite "x-rays first"
  with_fever: approve MRI without and with contrast when fever cite "fever approves contrast"
  plain: approve MRI without contrast when not repeat_study and not altered cite "a first study"
  cancer_review: review MRI without contrast when cancer is other cite "cancer goes to review"
}
`;

function load(text: string): Model {
  const quotes = [...text.matchAll(/cite "([^"]*)"/g)].map((m) => m[1]).join("\n");
  const r = checkText(text, "t.guide", { sourceText: quotes });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.model) throw new Error(errors.map((d) => `${d.range.start.line}: ${d.message}`).join("\n"));
  return r.model;
}
const model = load(GUIDE);
const spec = caseSpecOf(model.plan);
const req = (cpt: string, facts: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ asOf: "2026-12-01", patient: { age: { years: 10 } }, request: { cpt, indication: "back_pain" }, facts, ...extra });
const factsOf = (c: unknown) => { const r = validateCase(c, spec); if (!r.ok) throw new Error(JSON.stringify(r.issues)); return Object.fromEntries(r.value.facts); };

describe("yes when / no when", () => {
  it("a measured temperature answers the qualitative fact, both ways, by the declared threshold and unit", () => {
    expect(factsOf(req("72158", { temperature: 101 })).fever).toBe(true);
    expect(factsOf(req("72158", { temperature: { value: 37.0, unit: "°C" } })).fever).toBe(false);
    expect(factsOf(req("72158", { temperature: { value: 37.8, unit: "°C" } })).fever).toBe(true); // 100.04 °F
    expect(interpret(model, req("72158", { temperature: 101, xray_done: true })).outcome).toBe("approve");
  });
  it("'afebrile' alone decides without a number", () => {
    const d = interpret(model, req("72158", { fever: false, xray_done: true }));
    expect(d.outcome).not.toBe("approve");
    expect(d.missing.map((m) => m.fact)).not.toContain("temperature");
  });
  it("a case where the two disagree is refused with the field named, never approved", () => {
    const r = validateCase(req("72158", { fever: false, temperature: 101, xray_done: true }), spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field)).toEqual(["facts.fever"]);
    const d = interpret(model, req("72158", { fever: false, temperature: 101, xray_done: true }));
    expect(d.outcome).toBe("pend");
    expect(d.errors?.[0].message).toMatch(/temperature >= 100 °F, which means yes/);
    expect(readWellFormed(req("72158", { fever: false, temperature: 101 }), spec)).toBeUndefined();
  });
  it("a one-way clause: GCS 15 says nothing, GCS 14 means altered; alert means the eyes open (contrapositive)", () => {
    expect(factsOf(req("72148", { gcs: 15 })).altered).toBeUndefined();
    expect(factsOf(req("72148", { gcs: 14 })).altered).toBe(true);
    expect(factsOf(req("72148", { altered: false })).eyes_closed).toBe(false);
    expect(validateCase(req("72148", { altered: false, eyes_closed: true }), spec).ok).toBe(false);
  });
  it("the fast path derives exactly what validateCase derives", () => {
    for (const facts of [{ temperature: 99 }, { temperature: 100 }, { gcs: 13 }, { altered: false }, { fever: true, temperature: 102 }, {}]) {
      const fast = readWellFormed(req("72158", facts), spec);
      expect(fast, JSON.stringify(facts)).toBeDefined();
      expect(Object.fromEntries([...fast!.facts.keys()].map((k) => [k, fast!.facts.get(k)]))).toEqual(factsOf(req("72158", facts)));
    }
  });
});

describe("not documented", () => {
  it("stays unknown unless the fact says what it means", () => {
    const f = factsOf(req("72148", { xray_done: "not documented", repeat_study: "not documented", cancer: "not documented" }));
    expect(f.xray_done).toBeUndefined();
    expect(f.repeat_study).toBe(false);
    expect(f.cancer).toBe("no_cancer");
  });
  it("a fact left out is unknown, never false, unless the case says it is the whole record", () => {
    const partial = interpret(model, req("72148", { xray_done: true }));
    expect(partial.outcome).toBe("pend");
    expect(partial.missing.map((m) => m.fact)).toContain("repeat_study");
    const whole = interpret(model, req("72148", { xray_done: true, gcs: 15, eyes_closed: false, altered: false }, { documentation: "complete" }));
    expect(whole.outcome).toBe("approve");
  });
  it("documentation complete does not invent a prerequisite: x-rays not documented still pend", () => {
    const d = interpret(model, req("72148", { altered: false }, { documentation: "complete" }));
    expect(d.outcome).toBe("pend");
    expect(d.missing.map((m) => m.fact)).toEqual(["xray_done"]);
  });
  it("a bad documentation value is refused with the field named", () => {
    const r = validateCase(req("72148", {}, { documentation: "everything" }), spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].field).toBe("documentation");
  });
});

describe("checker and tools", () => {
  it("refuses clauses on facts they cannot answer, and chains of derived facts", () => {
    const bad = GUIDE.replace(`  xray_done: yes/no "X-rays?"`, `  xray_done: yes/no "X-rays?"
  level: number "Level?"
    yes when fever
  chained: yes/no "Chained?"
    yes when altered
  wrong: yes/no "Wrong?"
    not documented means lumbar`);
    const quotes = [...bad.matchAll(/cite "([^"]*)"/g)].map((m) => m[1]).join("\n");
    const ds = checkText(bad, "t.guide", { sourceText: quotes }).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
    expect(ds).toContainEqual(expect.stringMatching(/^26:5 'level' is a number fact: 'yes when' and 'no when' answer yes\/no facts only/));
    expect(ds).toContainEqual(expect.stringMatching(/^28:14 'altered' is itself answered by other facts/));
    expect(ds).toContainEqual(expect.stringMatching(/^30:5 'wrong' is a yes\/no fact: 'not documented means' takes yes or no/));
  });
  it("examples can say 'not documented'", () => {
    const withExample = GUIDE.replace(`  cancer_review:`, `  example "silence on a repeat is a first study" {
    given indication back_pain, age 10 years, xray_done, repeat_study not documented, not altered
    request 72148
    expect approve S-1
  }
  cancer_review:`);
    const r = checkText(withExample, "t.guide", { sourceText: "x-rays first\nfever approves contrast\na first study\ncancer goes to review" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.model!.examples[0].case.facts.repeat_study).toBe("not documented");
  });
  it("the absence analysis names the rules where silence lifts toward approval, and a 'Not documented:' note explains it", () => {
    const fs = analyze(model).filter((d) => d.code === "absence-approves");
    const byFact = Object.fromEntries(fs.map((f) => [/silent on '(\w+)'/.exec(f.message)![1], f]));
    // fever read as no can only withhold the contrast approval: not reported
    expect(Object.keys(byFact).sort()).toEqual(["cancer", "repeat_study"]);
    expect(byFact.repeat_study.severity).toBe("warning");
    expect(byFact.repeat_study.rules).toEqual(["S-1/plain"]);
    expect(byFact.cancer.rules).toEqual(["S-1/cancer_review"]);
  });
  it("the schema offers 'not documented' on every fact, saying how it is read, and the documentation choice", () => {
    const s = caseSchema(model.plan, model) as any;
    const titles = (f: string) => s.properties.facts.properties[f].anyOf.filter((x: any) => x.const === "not documented").map((x: any) => x.title);
    expect(titles("repeat_study")).toEqual(["Not documented in the record (read as no)"]);
    expect(titles("xray_done")).toEqual(["Not documented in the record (read as unknown)"]);
    expect(titles("cancer")).toEqual(["Not documented in the record (read as No cancer)"]);
    expect(s.properties.documentation.oneOf.map((o: any) => o.const)).toEqual(["complete", "partial"]);
  });
  it("a case that uses a fact's earlier name is told the name this version asks it by (replaces)", () => {
    const renamed = load(GUIDE.replace(`  xray_done: yes/no "X-rays?"`, `  xray_done: yes/no "X-rays?"
    replaces plain_films`));
    const r = validateCase(req("72148", { plain_films: true }), caseSpecOf(renamed.plan));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/this version asks it as xray_done/);
  });
});
