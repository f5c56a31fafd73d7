// Differential testing: the compiled module (as `guide compile` writes it) and the reference interpreter
// return deep-equal determinations, with and without trace, on generated cases over the whole guideline.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { emitFormatted } from "../../compiler/emit/typescript.ts";
import { interpret } from "../../compiler/interpret.ts";
import { caseArb } from "./gen-case.ts";
import { compileAndImport, guideline, type Compiled } from "./support.ts";

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const g = guideline();
let compiled: Compiled;

beforeAll(async () => {
  compiled = await compileAndImport(g.model, "differential", g.name, await emitFormatted(g.model));
});

describe(`compiled ${g.name} agrees with the interpreter`, () => {
  it("the compiled plan is the checked plan", () => {
    expect(compiled.plan).toStrictEqual(JSON.parse(JSON.stringify(g.model.plan)));
  });

  it("on 10,000 generated cases, with and without trace", () => {
    const outcomes = new Map<string, number>();
    const numRuns = Math.round(10_000 * scale);
    fc.assert(fc.property(caseArb(g.model), (c) => {
      for (const trace of [false, true]) {
        const a = compiled.evaluate(c, { trace });
        const b = interpret(g.model, c, { trace });
        if (!isDeepStrictEqual(a, b)) expect(a).toStrictEqual(b); // shows the difference
        if (!trace) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
      }
    }), { numRuns });
    // The generator must reach real decisions, not only invalid cases.
    expect([...outcomes.keys()].sort(), JSON.stringify([...outcomes])).toEqual(expect.arrayContaining(["approve", "deny", "pend"]));
    expect(outcomes.get("approve") ?? 0).toBeGreaterThan(numRuns / 200);
  });
});
