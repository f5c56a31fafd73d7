// The compiler end to end on the sample guideline: golden TypeScript and schema, `tsc --strict` on the
// output, the examples through the compiled module, and agreement with the interpreter on generated cases.
import { describe, it, expect, beforeAll } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { loadGuide } from "../../compiler/cli/io.ts";
import { emitFormatted } from "../../compiler/emit/typescript.ts";
import { caseSchema } from "../../compiler/emit/schema.ts";
import { interpret } from "../../compiler/interpret.ts";
import { runExamples } from "../../compiler/run-examples.ts";
import type { Model } from "../../compiler/model.ts";
import { expectGolden } from "../golden/golden.ts";

const out = "test/out/compile";
let model: Model;
let mod: { evaluate: (c: unknown, o?: object) => ReturnType<typeof interpret> };

beforeAll(async () => {
  const g = loadGuide("test/fixtures/sample.guide");
  expect(g.diagnostics).toEqual([]);
  model = g.model!;
  mkdirSync(out, { recursive: true });
  const ts = await emitFormatted(model, { sourceName: "sample.guide" });
  writeFileSync(`${out}/sample.ts`, ts);
  mod = await import(/* @vite-ignore */ pathToFileURL(resolve(`${out}/sample.ts`)).href);
});

describe("compile", () => {
  it("emits the golden TypeScript and schema", async () => {
    expectGolden("test/golden/compile/sample.ts.txt", readFileSync(`${out}/sample.ts`, "utf8"));
    expectGolden("test/golden/compile/sample.schema.json", JSON.stringify(caseSchema(model.plan, model), null, 2) + "\n");
  });

  it("is deterministic", async () => {
    const again = await emitFormatted(loadGuide("test/fixtures/sample.guide").model!, { sourceName: "sample.guide" });
    expect(again).toBe(readFileSync(`${out}/sample.ts`, "utf8"));
  });

  it("type-checks with tsc --strict", () => {
    writeFileSync(`${out}/tsconfig.json`, JSON.stringify({ extends: "../../../tsconfig.json", compilerOptions: { strict: true }, include: ["sample.ts"], exclude: [] }));
    const r = spawnSync("npx", ["tsc", "--noEmit", "-p", `${out}/tsconfig.json`], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("gives every example its expected outcome through the compiled module", () => {
    const { results } = runExamples(model, (c, o) => mod.evaluate(c, o));
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const r of results) expect(r.problems, r.example.title).toEqual([]);
  });

  it("never approves an invalid case, and throws a CaseError in strict mode", () => {
    const bad = { asOf: "2026-02-30", request: { cpt: "72148", indication: "back_pain" }, facts: { xray_done: "yes", __proto__: 1 } };
    const d = mod.evaluate(bad);
    expect(d.outcome).toBe("pend");
    expect(d.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(["asOf", "facts.xray_done"]));
    expect(() => mod.evaluate(bad, { strict: true })).toThrow(/asOf/);
  });
});

/** Cases over the sample's facts, with values around its thresholds, absent (unknown) as often as present. */
const caseArb = fc.record({
  asOf: fc.constant("2026-11-25"),
  patient: fc.oneof(fc.constant(undefined), fc.record({ birthDate: fc.constantFrom("2008-11-25", "2008-11-26", "2020-11-25", "2020-11-26", "2019-01-01", "2015-06-30") }), fc.record({ age: fc.record({ years: fc.integer({ min: 0, max: 19 }) }) })),
  request: fc.record({ cpt: fc.constantFrom("72141", "72146", "72148", "72156", "72157", "72158", "72131"), indication: fc.constantFrom("back_pain", undefined) }),
  facts: fc.record({
    face_to_face_evaluation: fc.constantFrom(undefined, null, "2026-09-26", "2026-09-25", "2026-11-25", "2026-01-01"),
    xray_done: fc.constantFrom(undefined, true, false),
    systemic_symptoms: fc.constantFrom(undefined, true, false),
    night_pain: fc.constantFrom(undefined, true, false),
    conservative_treatment: fc.constantFrom(undefined, { value: 4, unit: "weeks" }, { value: 27, unit: "days" }, { value: 1, unit: "months" }),
    temperature: fc.constantFrom(undefined, 99.9, 100, { value: 37.8, unit: "°C" }, { value: 37.7, unit: "°C" }),
    suspected_infection: fc.constantFrom(undefined, true, false),
    symptomatic_region: fc.constantFrom(undefined, ["lumbar"], ["cervical", "thoracic"], "lumbar"),
  }, { requiredKeys: [] }),
});

describe("the compiled module and the interpreter", () => {
  it("agree on 10,000 generated cases per section", () => {
    const runs = 10_000 * model.plan.sections.length;
    fc.assert(fc.property(caseArb, (raw) => {
      const c = JSON.parse(JSON.stringify(raw));
      expect(mod.evaluate(c, { trace: true })).toEqual(interpret(model, c, { trace: true }));
    }), { numRuns: runs, seed: 20261125 });
  });
});
