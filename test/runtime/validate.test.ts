import { describe, expect, it } from "vitest";
import type { CaseSpec } from "../../runtime/index.ts";
import { assertValidCase, CaseError, givenAge, validateCase } from "../../runtime/index.ts";

const spec: CaseSpec = {
  facts: [
    { name: "xray_done", type: { kind: "bool" } },
    { name: "temperature", type: { kind: "number", unit: "°F" } },
    { name: "curve", type: { kind: "number", unit: "degrees" } },
    { name: "levels", type: { kind: "number", unit: "" } },
    { name: "conservative_treatment", type: { kind: "duration" } },
    { name: "face_to_face_evaluation", type: { kind: "date" } },
    { name: "scoliosis_type", type: { kind: "enum", values: ["congenital", "idiopathic", "neuromuscular"] } },
    { name: "symptomatic_region", type: { kind: "set", values: ["cervical", "thoracic", "lumbar"] } },
  ],
  indications: ["back_pain", "scoliosis"],
  cpts: ["72148", "72158", "76800"],
};

const base = () => ({ asOf: "2026-11-25", request: { cpt: "72158" } });

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const k of Object.getOwnPropertyNames(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/** The issues of a case that must be invalid, as "field: message" lines. */
function issues(input: unknown): string[] {
  const r = validateCase(input, spec);
  if (r.ok) throw new Error("expected the case to be invalid");
  return r.issues.map((i) => `${i.field}: ${i.message}`);
}

function fieldsOf(input: unknown): string[] {
  const r = validateCase(input, spec);
  return r.ok ? [] : r.issues.map((i) => i.field);
}

function facts(f: Record<string, unknown>) {
  const r = validateCase({ ...base(), facts: f }, spec);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.field}: ${i.message}`).join("\n"));
  return r.value.facts;
}

describe("validateCase accepts good cases", () => {
  it("reads the DESIGN.md example", () => {
    const input = deepFreeze(
      JSON.parse(`{ "asOf": "2026-11-25",
        "patient": { "birthDate": "2017-03-02" },
        "request": { "cpt": "72158", "indication": "back_pain" },
        "facts": { "xray_done": true, "face_to_face_evaluation": "2026-11-05", "temperature": {"value": 101, "unit": "°F"} } }`),
    );
    const copy = structuredClone(input);
    const r = validateCase(input, spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.asOf).toEqual({ y: 2026, m: 11, d: 25 });
    expect(r.value.age).toEqual({ kind: "birth", birth: { y: 2017, m: 3, d: 2 }, asOf: { y: 2026, m: 11, d: 25 } });
    expect(r.value.cpt).toBe("72158");
    expect(r.value.indication).toBe("back_pain");
    expect([...r.value.facts.entries()]).toEqual([
      ["xray_done", true],
      ["face_to_face_evaluation", { y: 2026, m: 11, d: 5 }],
      ["temperature", 101],
    ]);
    expect(input).toEqual(copy);
  });

  it("a minimal case has an unknown age, no indication and no facts", () => {
    const r = validateCase(base(), spec);
    expect(r).toMatchObject({ ok: true, value: { age: undefined, indication: undefined } });
    if (r.ok) expect(r.value.facts.size).toBe(0);
    expect(validateCase({ ...base(), patient: {} }, spec).ok).toBe(true);
    expect(validateCase({ ...base(), patient: null, facts: null }, spec).ok).toBe(true);
  });

  it("a given age", () => {
    const r = validateCase({ ...base(), patient: { age: { years: 9, months: 2 } } }, spec);
    expect(r.ok && r.value.age).toEqual(givenAge({ years: 9, months: 2 }));
  });

  it("converts numbers to the declared unit and reads every fact type", () => {
    const f = facts({
      temperature: { value: 37.8, unit: "°C" },
      curve: { value: 15, unit: "°" },
      levels: 3,
      conservative_treatment: { value: 3.5, unit: "weeks" },
      face_to_face_evaluation: "2026-11-25",
      scoliosis_type: "idiopathic",
      symptomatic_region: ["lumbar", "cervical"],
      xray_done: false,
    });
    expect(f.get("temperature")).toBeCloseTo(100.04, 10);
    expect(f.get("curve")).toBe(15);
    expect(f.get("levels")).toBe(3);
    expect(f.get("conservative_treatment")).toEqual({ months: 0, days: 24.5 });
    expect(f.get("face_to_face_evaluation")).toEqual({ y: 2026, m: 11, d: 25 });
    expect(f.get("scoliosis_type")).toBe("idiopathic");
    expect(f.get("symptomatic_region")).toEqual(["cervical", "lumbar"]);
    expect(f.get("xray_done")).toBe(false);
    expect(facts({ temperature: 101 }).get("temperature")).toBe(101);
    expect(facts({ conservative_treatment: { value: 1, unit: "years" } }).get("conservative_treatment")).toEqual({ months: 12, days: 0 });
    expect(facts({ symptomatic_region: "lumbar" }).get("symptomatic_region")).toEqual(["lumbar"]);
    expect(facts({ symptomatic_region: [] }).get("symptomatic_region")).toEqual([]);
  });

  it("null means unknown, the same as absent", () => {
    const f = facts({ xray_done: null, temperature: null, symptomatic_region: null });
    expect(f.size).toBe(0);
  });
});

describe("validateCase rejects bad cases, naming the field", () => {
  it("not an object", () => {
    for (const v of [null, undefined, [], "case", 5, true, new Date(0), new Map()]) {
      expect(fieldsOf(v)).toEqual(["case"]);
    }
  });

  it("asOf", () => {
    expect(issues({ request: { cpt: "72158" } })).toEqual(["asOf: is required: the date the decision is made for, written YYYY-MM-DD"]);
    expect(issues({ ...base(), asOf: "2026-02-30" })).toEqual(["asOf: 2026-02-30 is not a real calendar date"]);
    expect(fieldsOf({ ...base(), asOf: "25/11/2026" })).toEqual(["asOf"]);
    expect(fieldsOf({ ...base(), asOf: 20261125 })).toEqual(["asOf"]);
  });

  it("unknown top-level keys", () => {
    expect(issues({ ...base(), fact: {} })).toEqual(['fact: is not part of a case, which has asOf, patient, request, facts, documentation; did you mean "facts"?']);
  });

  it("patient", () => {
    expect(issues({ ...base(), patient: { birthDate: "2026-02-30" } })).toEqual(["patient.birthDate: 2026-02-30 is not a real calendar date"]);
    expect(fieldsOf({ ...base(), patient: { birthDate: "2027-01-01" } })).toEqual(["patient.birthDate"]);
    expect(fieldsOf({ ...base(), patient: { age: { years: 9, weeks: 2 } } })).toEqual(["patient.age.weeks"]);
    expect(fieldsOf({ ...base(), patient: "9 years" })).toEqual(["patient"]);
  });

  it("request", () => {
    expect(fieldsOf({ asOf: "2026-11-25" })).toEqual(["request"]);
    expect(fieldsOf({ asOf: "2026-11-25", request: {} })).toEqual(["request.cpt"]);
    expect(issues({ ...base(), request: { cpt: "99999" } })).toEqual(["request.cpt: 99999 is not a study this guideline knows"]);
    expect(issues({ ...base(), request: { cpt: 72158 } })).toEqual(['request.cpt: must be written as a string: "72158"']);
    expect(fieldsOf({ ...base(), request: { cpt: "7215" } })).toEqual(["request.cpt"]);
    expect(fieldsOf({ ...base(), request: { cpt: "72158", indication: "back pain" } })).toEqual(["request.indication"]);
    expect(issues({ ...base(), request: { cpt: "72158", indication: "back_pian" } })[0]).toMatch(/did you mean "back_pain"\?$/);
    expect(fieldsOf({ ...base(), request: { cpt: "72158", code: "x" } })).toEqual(["request.code"]);
    expect(fieldsOf({ ...base(), request: ["72158"] })).toEqual(["request"]);
  });

  it("unknown facts, with a suggestion when one is close", () => {
    expect(issues({ ...base(), facts: { temprature: 101 } })).toEqual(['facts.temprature: "temprature" is not a fact this guideline declares; did you mean "temperature"?']);
    expect(issues({ ...base(), facts: { xray: true } })).toEqual(['facts.xray: "xray" is not a fact this guideline declares']);
    expect(issues({ ...base(), facts: { age: 9 } })[0]).toMatch(/patient\.age/);
    expect(fieldsOf({ ...base(), facts: [] })).toEqual(["facts"]);
  });

  it("bad values of every type", () => {
    const bad: [string, unknown, string][] = [
      ["xray_done", "yes", "facts.xray_done"],
      ["xray_done", 1, "facts.xray_done"],
      ["temperature", "101", "facts.temperature"],
      ["temperature", Number.NaN, "facts.temperature"],
      ["temperature", Number.POSITIVE_INFINITY, "facts.temperature"],
      ["temperature", { value: 101 }, "facts.temperature.unit"],
      ["temperature", { value: 101, unit: "K" }, "facts.temperature.unit"],
      ["temperature", { value: 4, unit: "mm" }, "facts.temperature.unit"],
      ["temperature", { value: "101", unit: "°F" }, "facts.temperature.value"],
      ["temperature", { value: 101, unit: "°F", at: "noon" }, "facts.temperature.at"],
      ["levels", { value: 3, unit: "mm" }, "facts.levels.unit"],
      ["conservative_treatment", 4, "facts.conservative_treatment"],
      ["conservative_treatment", { value: -1, unit: "weeks" }, "facts.conservative_treatment.value"],
      ["conservative_treatment", { value: Number.NaN, unit: "weeks" }, "facts.conservative_treatment.value"],
      ["conservative_treatment", { value: 4, unit: "fortnights" }, "facts.conservative_treatment.unit"],
      ["conservative_treatment", { value: 5000, unit: "years" }, "facts.conservative_treatment.value"],
      ["face_to_face_evaluation", "2026-11-26", "facts.face_to_face_evaluation"],
      ["face_to_face_evaluation", "2026-02-30", "facts.face_to_face_evaluation"],
      ["face_to_face_evaluation", { y: 2026, m: 1, d: 1 }, "facts.face_to_face_evaluation"],
      ["scoliosis_type", "idiopathik", "facts.scoliosis_type"],
      ["scoliosis_type", ["idiopathic"], "facts.scoliosis_type"],
      ["symptomatic_region", ["lumbar", "lumbar"], "facts.symptomatic_region[1]"],
      ["symptomatic_region", ["sacral"], "facts.symptomatic_region[0]"],
      ["symptomatic_region", [1], "facts.symptomatic_region[0]"],
      ["symptomatic_region", { lumbar: true }, "facts.symptomatic_region"],
      ["symptomatic_region", Array.from({ length: 1001 }, () => "lumbar"), "facts.symptomatic_region"],
    ];
    for (const [name, value, field] of bad) {
      expect(fieldsOf({ ...base(), facts: { [name]: value } }), `${name}: ${JSON.stringify(value)}`).toEqual([field]);
    }
    expect(issues({ ...base(), facts: { face_to_face_evaluation: "2026-11-26" } })[0]).toMatch(/after asOf 2026-11-25/);
    expect(issues({ ...base(), facts: { scoliosis_type: "idiopathik" } })[0]).toMatch(/did you mean "idiopathic"\?/);
    expect(issues({ ...base(), facts: { temperature: { value: 4, unit: "mm" } } })[0]).toBe(
      "facts.temperature.unit: mm measures length, but this fact is measured in °F or °C",
    );
  });

  it("collects every issue instead of stopping at the first", () => {
    const fields = fieldsOf({
      asOf: "2026-13-01",
      patient: { birthDate: "soon" },
      request: { cpt: "1", indication: "x" },
      facts: { xray_done: "no", temperature: "hot", nope: 1 },
    });
    expect(fields).toEqual(["asOf", "patient.birthDate", "request.cpt", "request.indication", "facts.xray_done", "facts.temperature", "facts.nope"]);
  });

  it("refuses prototype keys anywhere, without assigning them", () => {
    const input = deepFreeze(
      JSON.parse(`{"asOf": "2026-11-25", "request": {"cpt": "72158", "constructor": 1},
        "__proto__": {"polluted": true},
        "patient": {"prototype": {}},
        "facts": {"__proto__": {"xray_done": true}, "temperature": {"value": 101, "unit": "°F", "__proto__": {}}}}`),
    );
    const r = validateCase(input, spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual(["__proto__", "facts.__proto__", "facts.temperature.__proto__", "patient.prototype", "request.constructor"]);
    expect(r.issues.every((i) => / is not allowed as a key$/.test(i.message))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).xray_done).toBeUndefined();
  });

  it("refuses strings over 10,000 characters anywhere, once", () => {
    const long = "x".repeat(10_001);
    expect(issues({ ...base(), facts: { scoliosis_type: long } })).toEqual(["facts.scoliosis_type: is longer than 10,000 characters (10001)"]);
    expect(fieldsOf({ ...base(), request: { cpt: long } })).toEqual(["request.cpt"]);
    expect(fieldsOf({ ...base(), facts: { [long]: true } })).toHaveLength(1);
    expect(fieldsOf({ ...base(), facts: { symptomatic_region: ["lumbar", long] } })).toEqual(["facts.symptomatic_region[1]"]);
    expect(validateCase({ ...base(), facts: { scoliosis_type: "x".repeat(10_000) } }, spec).ok).toBe(false);
  });

  it("survives cycles and deep nesting", () => {
    const cyclic: Record<string, unknown> = { ...base() };
    cyclic.facts = { xray_done: cyclic };
    expect(fieldsOf(cyclic)).toContain("facts.xray_done");
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(fieldsOf({ ...base(), facts: { xray_done: deep } })).toContain("facts.xray_done");
  });

  it("never mutates a deep-frozen input, valid or not", () => {
    const inputs = [
      { ...base(), patient: { age: { years: 5 } }, facts: { symptomatic_region: ["lumbar", "cervical"], temperature: { value: 38, unit: "°C" } } },
      { asOf: "bad", patient: { birthDate: "bad" }, request: { cpt: "bad" }, facts: { nope: [1, 2], symptomatic_region: ["x", "x"] } },
    ];
    for (const input of inputs) {
      const copy = structuredClone(input);
      deepFreeze(input);
      expect(() => validateCase(input, spec)).not.toThrow();
      expect(input).toEqual(copy);
    }
  });

  it("reads own properties only", () => {
    const inherited = Object.create({ asOf: "2026-11-25", request: { cpt: "72158" } }) as object;
    expect(fieldsOf(inherited)).toEqual(["case"]);
    const facts = Object.create(null) as Record<string, unknown>;
    facts.xray_done = true;
    expect(validateCase({ ...base(), facts }, spec).ok).toBe(true);
  });

  it("assertValidCase throws a CaseError listing the issues", () => {
    expect(() => assertValidCase({ ...base(), request: { cpt: "99999" } }, spec)).toThrow(CaseError);
    try {
      assertValidCase({ asOf: "x", request: { cpt: "99999" } }, spec);
    } catch (e) {
      expect(e).toBeInstanceOf(CaseError);
      expect((e as CaseError).issues.map((i) => i.field)).toEqual(["asOf", "request.cpt"]);
      expect((e as CaseError).message).toContain("request.cpt: 99999 is not a study this guideline knows");
    }
    expect(assertValidCase(base(), spec).cpt).toBe("72158");
  });
});
