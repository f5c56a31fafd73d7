// The Case schema for validators and form tools: ajv in strict mode compiles it with no extra keywords declared,
// every gallery case validates, every choice has a label, and the facts that apply to each indication are listed.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { loadGuide } from "../../compiler/cli/io.ts";
import { caseSchema, factsByIndication } from "../../compiler/emit/schema.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function strictAjv() {
  // strict: true turns on strictSchema, strictTypes, strictTuples and strictRequired; a format must be declared,
  // as for any schema that uses formats (ajv-formats does the same for "date").
  const ajv = new Ajv2020.default({ strict: true, allErrors: true });
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  return ajv;
}

const pedsp = loadGuide("guidelines/pedsp/pedsp.guide").model!;
const sample = loadGuide("test/fixtures/sample.guide").model!;

describe("the Case schema", () => {
  for (const [name, model] of [["PEDSP", pedsp], ["the sample", sample]] as const) {
    it(`of ${name} compiles under ajv strict mode`, () => {
      const warnings: unknown[] = [];
      const ajv = new Ajv2020.default({ strict: true, allErrors: true, logger: { log: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) } });
      ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
      expect(() => ajv.compile(caseSchema(model.plan, model))).not.toThrow();
      expect(warnings).toEqual([]);
    });
  }

  it("accepts every gallery case and refuses a misspelt fact, a wrong choice and an unknown CPT code", () => {
    const validate = strictAjv().compile(caseSchema(pedsp.plan, pedsp));
    const files = readdirSync("examples/cases").filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const c = JSON.parse(readFileSync(`examples/cases/${f}`, "utf8")).case;
      expect(validate(c), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const ok = JSON.parse(readFileSync(`examples/cases/${files[0]}`, "utf8")).case;
    expect(validate({ ...ok, facts: { ...ok.facts, xray_dne: true } })).toBe(false);
    expect(validate({ ...ok, request: { ...ok.request, cpt: "99999" } })).toBe(false);
    expect(validate({ ...ok, request: { ...ok.request, indication: "headache" } })).toBe(false);
  });

  it("labels every choice: CPT codes, indications, enumeration and set values", () => {
    const s = caseSchema(pedsp.plan, pedsp) as Json;
    const req = s.properties.request.properties;
    for (const choices of [req.cpt.oneOf, req.indication.oneOf]) for (const c of choices) expect(typeof c.title === "string" && c.title.length > 0, JSON.stringify(c)).toBe(true);
    let counted = 0;
    for (const [name, f] of Object.entries<Json>(s.properties.facts.properties)) {
      const variant = f.anyOf.find((v: Json) => v.type === "string" || v.type === "array");
      const choices = variant?.oneOf ?? variant?.items?.oneOf;
      if (!choices) continue;
      for (const c of choices) { expect(c.title, `${name}: ${c.const}`).toMatch(/\S/); counted++; }
    }
    expect(counted).toBeGreaterThan(10);
  });

  it("names the facts that can decide each indication, without changing what validates", () => {
    const byInd = factsByIndication(pedsp);
    expect([...byInd.keys()]).toEqual(pedsp.plan.indications.map((i) => i.name));
    // Back pain asks about x-rays; it does not ask about a scoliosis curve.
    const back = byInd.get("back_pain")!;
    expect(back).toContain("xray_done");
    expect(back.some((f) => /curve|cobb/i.test(f))).toBe(false);
    const s = caseSchema(pedsp.plan, pedsp) as Json;
    expect(s.allOf).toHaveLength(pedsp.plan.indications.length);
    const block = s.allOf.find((b: Json) => b.if.properties.request.properties.indication.const === "back_pain");
    expect(Object.keys(block.then.properties.facts.properties)).toEqual(back);
  });
});
