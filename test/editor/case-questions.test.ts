// The case form's choice of questions (editor/case-questions.ts): which facts it asks first for an indication,
// and how it words "not documented", against the Case schema the compiler emits for the same guideline.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkText } from "../../compiler/compile.ts";
import { caseSchema } from "../../compiler/emit/schema.ts";
import { interpret } from "../../compiler/interpret.ts";
import type { Plan, PlanFact } from "../../runtime/plan.ts";
import {
  applicableFacts, DEFAULT_GROUP, regionFacts, groupFacts, impliedHint, inputIdFor, layoutQuestions, NOT_DOCUMENTED, notDocumentedReading, notDocumentedTitle,
} from "../../editor/case-questions.ts";

const root = resolve(import.meta.dirname, "../..");
const pedsp = readFileSync(join(root, "guidelines/pedsp/pedsp.guide"), "utf8");
const sourceText = readFileSync(join(root, "guidelines/pedsp/000_f1f69f597256be6d.txt"), "utf8");
const checked = checkText(pedsp, "pedsp.guide", { sourceText });
const model = checked.model!;
type Json = Record<string, unknown>;

const fact = (name: string, group?: string, extra: Partial<PlanFact> = {}): PlanFact => ({ name, type: { kind: "bool" }, question: `${name}?`, ...(group ? { group } : {}), ...extra });

describe("layoutQuestions", () => {
  const plan = { facts: [fact("a", "G1"), fact("b", "G2"), fact("c", "G1"), fact("d"), fact("e", "G2")] } as Pick<Plan, "facts">;
  const applicable = new Map([["pain", ["c", "e"]], ["none", []]]);

  it("asks every fact, grouped as declared, when no indication is chosen", () => {
    const want = [{ group: "G1", facts: ["a", "c"] }, { group: "G2", facts: ["b", "e"] }, { group: DEFAULT_GROUP, facts: ["d"] }];
    expect(layoutQuestions(plan, applicable, undefined)).toEqual({ asked: want, other: [] });
    // An indication the guideline does not list (or no applicability data) keeps the same layout.
    expect(layoutQuestions(plan, applicable, "unheard_of")).toEqual({ asked: want, other: [] });
    expect(layoutQuestions(plan, undefined, "pain")).toEqual({ asked: want, other: [] });
    expect(layoutQuestions(plan, applicable, 42)).toEqual({ asked: want, other: [] });
  });

  it("asks an indication's facts first, by group, and folds the rest without losing any", () => {
    const lay = layoutQuestions(plan, applicable, "pain");
    expect(lay).toEqual({
      indication: "pain",
      asked: [{ group: "G1", facts: ["c"] }, { group: "G2", facts: ["e"] }],
      other: [{ group: "G1", facts: ["a"] }, { group: "G2", facts: ["b"] }, { group: DEFAULT_GROUP, facts: ["d"] }],
    });
    const none = layoutQuestions(plan, applicable, "none");
    expect(none.asked).toEqual([]);
    expect(none.other.flatMap((g) => g.facts).sort()).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("groups facts in the order of each group's first fact", () => {
    expect(groupFacts([fact("x", "B"), fact("y", "A"), fact("z", "B")]).map((g) => g.group)).toEqual(["B", "A"]);
  });
});

describe("on PEDSP, against its Case schema", () => {
  const schema = caseSchema(model.plan, model) as Json & { allOf: { if: Json; then: { properties: { facts: { properties: Json } } } }[]; properties: { facts: { properties: Record<string, { anyOf: Json[] }> } } };

  it("checks without errors", () => {
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("takes the facts that can matter for each indication from the page's model (no AST), as the schema's allOf lists them", () => {
    const { ast: _ast, ...pageModel } = model;
    const mine = applicableFacts(pageModel);
    const fromSchema = new Map(schema.allOf.map((b) => [
      ((b.if.properties as Json).request as { properties: { indication: { const: string } } }).properties.indication.const,
      Object.keys(b.then.properties.facts.properties),
    ]));
    expect(mine.size).toBe(model.plan.indications.length);
    // The schema's lists, and the facts a study pattern reads (a pend asks for the region, the lists leave it out).
    const regions = regionFacts(model.plan);
    expect([...regions]).toContain("affected_region");
    for (const [ind, names] of fromSchema) {
      const want = new Set([...names, ...regions]);
      expect(mine.get(ind), ind).toEqual(model.plan.facts.map((f) => f.name).filter((n) => want.has(n)));
    }
    // It narrows the form: for back pain, fewer questions than the guideline declares, and some folded.
    const lay = layoutQuestions(model.plan, mine, "back_pain");
    const asked = lay.asked.flatMap((g) => g.facts), other = lay.other.flatMap((g) => g.facts);
    expect(asked.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    expect(asked).toEqual(mine.get("back_pain"));
    expect([...asked, ...other].sort()).toEqual(model.plan.facts.map((f) => f.name).sort());
  });

  it("asks first every fact a pend asks for: the guideline's own examples, and requests with nothing answered", () => {
    const mine = applicableFacts(model);
    // A request with nothing answered, for each indication, asks for the region a study pattern reads too.
    const empty = model.plan.indications.map((i) => ({ title: `nothing answered, ${i.name}`, case: { asOf: "2026-03-01", patient: { age: { years: 10 } }, request: { cpt: "72148", indication: i.name }, facts: {} } }));
    let pends = 0;
    const asks = new Set<string>();
    for (const ex of [...model.examples, ...empty]) {
      const ind = (ex.case as { request?: { indication?: unknown } }).request?.indication;
      if (typeof ind !== "string" || !mine.has(ind)) continue;
      const d = interpret(model, ex.case as never, {});
      if (d.outcome !== "pend" || d.errors?.length) continue;
      pends++;
      const asked = new Set(layoutQuestions(model.plan, mine, ind).asked.flatMap((g) => g.facts));
      for (const m of d.missing) {
        asks.add(m.fact);
        if (m.fact !== "age" && m.fact !== "indication") expect(asked.has(m.fact), `${ex.title}: ${m.fact}`).toBe(true);
      }
    }
    expect(pends).toBeGreaterThan(0);
    expect(asks).toContain("affected_region");
  });

  it("words each fact's \"not documented\" choice as the schema titles it", () => {
    for (const f of model.plan.facts) {
      const nd = schema.properties.facts.properties[f.name].anyOf.find((s) => s.const === NOT_DOCUMENTED);
      expect(nd?.title, f.name).toBe(notDocumentedTitle(f));
    }
    // Declared meanings read as they say; a fact without one stays unknown.
    const byName = new Map(model.plan.facts.map((f) => [f.name, f]));
    expect(notDocumentedReading(byName.get("surgical_planning")!)).toBe("no");
    expect(model.plan.facts.some((f) => f.notDocumented === undefined && notDocumentedReading(f) === "unknown")).toBe(true);
  });

  it("names the evidence that answers an implied fact (fever from a temperature)", () => {
    const fever = model.plan.facts.find((f) => f.name === "fever")!;
    expect(impliedHint(fever)).toMatch(/yes when temperature >= 100/);
    expect(impliedHint(fact("plain"))).toBeUndefined();
  });
});

describe("inputIdFor", () => {
  it("finds the input of a missing fact, the age, or the indication", () => {
    expect(inputIdFor("night_pain")).toBe("case-fact-night_pain");
    expect(inputIdFor("age")).toBe("case-age-years");
    expect(inputIdFor("indication")).toBe("case-indication");
  });
  it("reads a declared value's label for a \"not documented means VALUE\"", () => {
    expect(notDocumentedReading({ notDocumented: "no_prior_study", labels: { no_prior_study: "No prior study" } })).toBe("No prior study");
    expect(notDocumentedReading({ notDocumented: "no_prior_study" })).toBe("No prior study");
    expect(notDocumentedReading({ notDocumented: true })).toBe("yes");
  });
});
