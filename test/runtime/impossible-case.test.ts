// Issue 12, item 1: no decision on an impossible case. Each test is a finding of the issue: a physically
// impossible measurement, a non-finite value after conversion, a JavaScript caller's lying array, a set item
// read twice, throwing getters and Proxies, and a gallery wrapper with extra keys. Both the interpreter and
// the compiled module are held to each, on the PEDSP guideline.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadGuide } from "../../compiler/cli/io.ts";
import { emitTypeScript } from "../../compiler/emit/typescript.ts";
import { interpret } from "../../compiler/interpret.ts";
import type { Model } from "../../compiler/model.ts";
import type { Determination, EvaluateOptions } from "../../runtime/decide.ts";
import { compareNumbers, nearlyEqual } from "../../runtime/quantity.ts";
import { readWellFormed } from "../../runtime/fast-read.ts";
import { validateCase, type CaseSpec } from "../../runtime/validate.ts";
import { unwrapCase } from "../../runtime/wrapper.ts";

type Evaluator = (input: unknown, options?: EvaluateOptions) => Determination;
let model: Model;
let spec: CaseSpec;
const evaluators: [string, Evaluator][] = [];

beforeAll(async () => {
  const g = loadGuide("guidelines/pedsp/pedsp.guide");
  model = g.model!;
  spec = { facts: model.plan.facts.map((f) => ({ name: f.name, type: f.type })), indications: model.plan.indications.map((i) => i.name), cpts: model.plan.studies.map((s) => s.cpt) };
  mkdirSync("test/out/impossible-case", { recursive: true });
  writeFileSync("test/out/impossible-case/pedsp.ts", emitTypeScript(model, { sourceName: "pedsp.guide" }));
  const mod = (await import(/* @vite-ignore */ pathToFileURL(resolve("test/out/impossible-case/pedsp.ts")).href)) as { evaluate: Evaluator };
  evaluators.push(["interpreter", (c, o) => interpret(model, c, o)], ["compiled", mod.evaluate]);
});

/** The gallery's contrast lumbar MRI (72158) for back pain with fever: approved as it stands. */
const feverCase = (): Record<string, any> => JSON.parse(readFileSync("examples/cases/02-back-pain-fever-mri-contrast.json", "utf8")).case;
const withFact = (name: string, value: unknown): Record<string, any> => { const c = feverCase(); c.facts[name] = value; return c; };

/** pend with an error naming `field`, and a CaseError naming it under strict; never a raw error. */
function expectRefused(input: () => unknown, field: RegExp): void {
  for (const [name, ev] of evaluators) {
    let d: Determination | undefined, raw: unknown;
    try { d = ev(input()); } catch (e) { raw = e; }
    expect(raw, `${name} threw instead of pending`).toBeUndefined();
    expect(d!.outcome, `${name}: ${JSON.stringify(d!.errors)}`).toBe("pend");
    expect(d!.errors?.some((e) => field.test(e.field)), `${name}: ${JSON.stringify(d!.errors)}`).toBe(true);
    let thrown: unknown;
    try { ev(input(), { strict: true }); } catch (e) { thrown = e; }
    expect((thrown as Error)?.name, `${name} strict`).toBe("CaseError");
    expect((thrown as { issues: { field: string }[] }).issues.some((i) => field.test(i.field))).toBe(true);
  }
}

describe("impossible measurements", () => {
  it("the gallery case is approved with a fever and denied at 37 °C (the baseline of the findings below)", () => {
    for (const [, ev] of evaluators) {
      expect(ev(feverCase()).outcome).toBe("approve");
      expect(ev(withFact("temperature", { value: 37, unit: "°C" })).outcome).toBe("deny");
    }
  });

  it("−1e308 °C (−Infinity °F) is refused, naming temperature, never approved", () => {
    expectRefused(() => withFact("temperature", { value: -1e308, unit: "°C" }), /^facts\.temperature/);
    expectRefused(() => withFact("temperature", { value: 1e308, unit: "°C" }), /^facts\.temperature/);
  });

  it("a temperature outside the declared bounds (1000 °F, 0 °C, 20 °F) is refused with a plain message", () => {
    for (const t of [1000, { value: 1000, unit: "°F" }, { value: 0, unit: "°C" }, 20]) expectRefused(() => withFact("temperature", t), /^facts\.temperature/);
    const r = validateCase(withFact("temperature", { value: 1000, unit: "°F" }), spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/outside the plausible range 77 to 113 °F/);
    // The ends are plausible, in either unit (25 °C is 77 °F; 45 °C is 113 °F).
    for (const t of [77, 113, { value: 25, unit: "°C" }, { value: 45, unit: "°C" }]) expect(validateCase(withFact("temperature", t), spec).ok).toBe(true);
  });

  it("every number and duration fact of PEDSP declares its bounds, and values beyond them are refused", () => {
    for (const f of model.plan.facts) {
      if (f.type.kind === "number") {
        expect(f.type.bounds, f.name).toBeDefined();
        expectRefused(() => withFact(f.name, f.type.kind === "number" ? f.type.bounds!.max + 1 : 0), new RegExp(`^facts\\.${f.name}`));
      }
      if (f.type.kind === "duration") {
        expect(f.type.bounds, f.name).toBeDefined();
        expectRefused(() => withFact(f.name, { value: 31, unit: "years" }), new RegExp(`^facts\\.${f.name}`));
      }
    }
  });

  it("an age over 130 years, or a birth date after asOf, is refused", () => {
    expectRefused(() => ({ ...feverCase(), patient: { age: { years: 131 } } }), /^patient\.age/);
    expectRefused(() => ({ ...feverCase(), patient: { birthDate: "1896-11-24" } }), /^patient\.birthDate/);
    expectRefused(() => ({ ...feverCase(), patient: { birthDate: "2026-11-26" } }), /^patient\.birthDate/);
  });

  it("no comparison treats ±Infinity or NaN as equal to anything", () => {
    for (const x of [Infinity, -Infinity, NaN]) {
      for (const y of [x, 0, 100, 1e308, -1e308, Infinity, -Infinity]) {
        expect(nearlyEqual(x, y)).toBe(false);
        expect(nearlyEqual(y, x)).toBe(false);
        for (const op of [">=", ">", "<=", "<", "=", "!="] as const) expect(compareNumbers(x, op, y), `${x} ${op} ${y}`).toBe(false);
      }
    }
    expect(compareNumbers(100.00000000001, "=", 100)).toBe(true);
  });
});

describe("JavaScript callers' objects", () => {
  it("an array whose own includes() lies changes nothing: the items are read by index", () => {
    const lying = (items: string[]) => {
      const a = [...items];
      Object.defineProperty(a, "includes", { value: () => true, enumerable: false });
      Object.defineProperty(a, "filter", { value: () => ["cervical", "thoracic", "lumbar", "sacral"], enumerable: false });
      return a;
    };
    for (const [name, ev] of evaluators) {
      const honest = ev(withFact("symptomatic_region", ["thoracic"]));
      const d = ev(withFact("symptomatic_region", lying(["thoracic"])));
      expect(d.outcome, name).toBe(honest.outcome);
      expect(d.outcome, name).not.toBe("approve");
      const two = ev(withFact("symptomatic_region", lying(["cervical", "thoracic"])));
      expect(two.outcome, name).toBe(ev(withFact("symptomatic_region", ["cervical", "thoracic"])).outcome);
    }
  });

  it("the fast path reads each set item once: the item checked is the item decided", () => {
    let reads = 0;
    const items: unknown[] = [];
    Object.defineProperty(items, "0", { get: () => (++reads === 1 ? "thoracic" : "lumbar"), enumerable: true });
    const c = withFact("affected_region", items);
    const read = readWellFormed(c, spec);
    expect(reads).toBe(1);
    expect(read?.facts.get("affected_region")).toEqual(["thoracic"]);
    for (const [name, ev] of evaluators) {
      reads = 0;
      expect(ev(withFact("affected_region", items)).outcome, name).not.toBe("approve");
    }
  });

  it("throwing getters, Proxy traps and revoked Proxies become errors naming the field, never raw errors", () => {
    const boom = (): never => { throw new Error("boom"); };
    const getter = <T extends object>(o: T, key: string): T => Object.defineProperty(o, key, { get: boom, enumerable: true });
    const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
    const revokedArray = () => { const p = Proxy.revocable([], {}); p.revoke(); return p.proxy; };
    const trap = (target: object, t: ProxyHandler<object>) => new Proxy(target, t);
    expectRefused(() => getter(feverCase(), "asOf"), /^asOf$/);
    expectRefused(() => getter(feverCase(), "facts"), /^facts$/);
    expectRefused(() => { const c = feverCase(); getter(c.facts, "temperature"); return c; }, /^facts\.temperature$/);
    expectRefused(() => { const c = feverCase(); getter(c.facts.temperature, "value"); return c; }, /^facts\.temperature\.value$/);
    expectRefused(() => { const c = feverCase(); getter(c.request, "cpt"); return c; }, /^request\.cpt$/);
    expectRefused(() => { const c = feverCase(); getter(c.patient, "birthDate"); return c; }, /^patient\.birthDate$/);
    expectRefused(() => { const c = feverCase(); const a: unknown[] = []; getter(a, "0"); c.facts.symptomatic_region = a; return c; }, /^facts\.symptomatic_region\[0\]$/);
    expectRefused(() => revoked(), /^case$/);
    expectRefused(() => ({ ...feverCase(), patient: revoked() }), /^patient$/);
    expectRefused(() => withFact("symptomatic_region", revokedArray()), /^facts\.symptomatic_region$/);
    expectRefused(() => trap(feverCase(), { get: boom }), /./);
    expectRefused(() => trap(feverCase(), { ownKeys: boom }), /^case$/);
    expectRefused(() => trap(feverCase(), { getPrototypeOf: boom }), /^case$/);
    expectRefused(() => withFact("temperature", trap({ value: 101, unit: "°F" }, { getOwnPropertyDescriptor: boom })), /^facts\.temperature$/);
    expectRefused(() => withFact("symptomatic_region", trap(["lumbar"], { get: (t, k) => (k === "length" ? 1.5 : Reflect.get(t, k)) })), /^facts\.symptomatic_region$/);
  });

  it("a thrown value is never looked at (its message getter or toString would run the caller's code)", () => {
    let touched = false;
    const hostile = new Proxy({}, { get: () => { touched = true; return ""; }, getPrototypeOf: () => { touched = true; return null; } });
    const c = feverCase();
    Object.defineProperty(c, "asOf", { get: () => { throw hostile; }, enumerable: true });
    for (const [, ev] of evaluators) expect(ev(c).outcome).toBe("pend");
    expect(touched).toBe(false);
  });
});

describe("the gallery wrapper { case: … } (one rule: runtime/wrapper.ts)", () => {
  it("unwraps description, case and expect, and decides the case inside", () => {
    const file = JSON.parse(readFileSync("examples/cases/02-back-pain-fever-mri-contrast.json", "utf8"));
    for (const [, ev] of evaluators) expect(ev(file).outcome).toBe("approve");
  });

  it("a wrapper with other keys beside `case` is an error naming each of them", () => {
    const file = { ...JSON.parse(readFileSync("examples/cases/02-back-pain-fever-mri-contrast.json", "utf8")), asOf: "2026-11-25", request: { cpt: "72158" }, extra: 1 };
    expect(unwrapCase(file).issues.map((i) => i.field)).toEqual(["asOf", "request", "extra"]);
    for (const [, ev] of evaluators) {
      const d = ev(file);
      expect(d.outcome).toBe("pend");
      expect(d.errors!.map((e) => e.field)).toEqual(["asOf", "request", "extra"]);
    }
    expectRefused(() => JSON.parse(`{"case": ${JSON.stringify(feverCase())}, "__proto__": {"x": 1}}`), /^__proto__$/);
  });
});
