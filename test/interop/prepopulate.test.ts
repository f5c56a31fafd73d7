// Pre-population by FHIRPath (compiler/interop/prepopulate.ts) and the order's reason as an indication
// (indications.ts): what a Bundle of the patient's resources answers, and what it leaves unknown.
import { describe, it, expect, beforeAll } from "vitest";
import { loadGuide } from "../../compiler/cli/io.ts";
import type { Plan } from "../../runtime/plan.ts";
import { prepopulate } from "../../compiler/interop/prepopulate.ts";
import { indicationFromReasons, ICD10CM } from "../../compiler/interop/indications.ts";

let plan: Plan;
beforeAll(() => { plan = loadGuide("guidelines/pedsp/pedsp.guide").model!.plan; });

const bundle = (...resources: unknown[]): unknown => ({ resourceType: "Bundle", type: "collection", entry: resources.map((resource) => ({ resource })) });
const temp = (value: number, code: string, day: string, status = "final"): unknown => ({
  resourceType: "Observation", id: `t-${day}-${value}`, status, code: { coding: [{ system: "http://loinc.org", code: "8310-5" }] },
  effectiveDateTime: `${day}T08:00:00-05:00`, valueQuantity: { value, system: "http://unitsofmeasure.org", code },
});
const order = (cpt: string, ...icd: string[]): unknown => ({
  resourceType: "ServiceRequest", id: "sr", status: "draft", intent: "order",
  code: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: cpt }] },
  reasonCode: icd.map((code) => ({ coding: [{ system: ICD10CM, code }] })),
});

describe("prepopulate", () => {
  it("reads the birth date, the order and its indication, with where each came from", () => {
    const p = prepopulate(bundle({ resourceType: "Patient", id: "p", birthDate: "2015-06-14" }, order("72148", "M54.50")), plan);
    expect(p.patient).toEqual({ birthDate: "2015-06-14" });
    expect(p.request).toEqual({ cpt: "72148", indication: "back_pain" });
    expect(p.facts).toEqual({});
    expect(p.sources).toEqual([
      { field: "patient.birthDate", from: "Patient.birthDate" },
      { field: "request.cpt", from: "ServiceRequest/sr.code" },
      { field: "request.indication", from: "ServiceRequest/sr.reasonCode" },
    ]);
  });

  it("takes the highest body temperature of the window before asOf, converting °C to the fact's °F", () => {
    const p = prepopulate(bundle(temp(37.2, "Cel", "2026-11-20"), temp(38.5, "Cel", "2026-11-22"), temp(100.1, "[degF]", "2026-11-24")), plan, { asOf: "2026-11-25" });
    expect(p.facts).toEqual({ temperature: { value: 101.3, unit: "°F" } });
    expect(p.sources).toEqual([{ field: "facts.temperature", from: "Observation/t-2026-11-22-38.5.valueQuantity" }]);
  });

  it("ignores temperatures outside the window, after asOf, entered in error, or in a unit that is not a temperature", () => {
    const p = prepopulate(bundle(
      temp(40, "Cel", "2026-09-01"), temp(40, "Cel", "2026-11-26"), temp(40, "Cel", "2026-11-24", "entered-in-error"), temp(40, "mm", "2026-11-24"),
    ), plan, { asOf: "2026-11-25" });
    expect(p.facts).toEqual({});
    // A wider window reaches the September reading.
    expect(prepopulate(bundle(temp(40, "Cel", "2026-09-01")), plan, { asOf: "2026-11-25", withinDays: 90 }).facts).toEqual({ temperature: { value: 104, unit: "°F" } });
  });

  it("leaves out a ServiceRequest whose CPT code the guideline does not list, and a partial birth date", () => {
    const p = prepopulate(bundle({ resourceType: "Patient", birthDate: "2015-06" }, order("99213", "M54.50")), plan);
    expect(p.patient).toBeUndefined();
    expect(p.request).toBeUndefined();
  });
});

describe("the order's reason as an indication", () => {
  const reasons = (...codes: [string, string][]): unknown => codes.map(([system, code]) => ({ coding: [{ system, code }] }));
  it("maps ICD-10-CM codes that name an indication, with or without the dot", () => {
    expect(indicationFromReasons(plan, reasons([ICD10CM, "M41.125"]))).toBe("scoliosis");
    expect(indicationFromReasons(plan, reasons([ICD10CM, "M5450"]))).toBe("back_pain");
    expect(indicationFromReasons(plan, reasons([ICD10CM, "Q85.83"]))).toBe("vhl");
    expect(indicationFromReasons(plan, reasons([ICD10CM, "Q85.01"]))).toBe("neurofibromatosis");
  });
  it("takes the engine's own codes, bare or as its CodeSystem writes them", () => {
    expect(indicationFromReasons(plan, reasons(["https://payer.example/CodeSystem/pedsp", "indication.trauma"]))).toBe("trauma");
    expect(indicationFromReasons(plan, reasons(["urn:x", "spondylolysis"]))).toBe("spondylolysis");
  });
  it("is unknown when no code maps, when two reasons disagree, or for another code system", () => {
    expect(indicationFromReasons(plan, reasons([ICD10CM, "R51.9"]))).toBeUndefined();
    expect(indicationFromReasons(plan, reasons([ICD10CM, "M54.50"], [ICD10CM, "M41.20"]))).toBeUndefined();
    expect(indicationFromReasons(plan, reasons(["http://snomed.info/sct", "M54.50"]))).toBeUndefined();
    expect(indicationFromReasons(plan, "not a list")).toBeUndefined();
  });
});
