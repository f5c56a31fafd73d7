// Issue 13, item 3: a pend asks for the fewest facts whose answers decide the request, most decisive first
// (runtime/fewest.ts), where it used to list every fact under an undecided condition. Held on a small inline
// guideline (the smallest deciding set exactly, its order, the fallback past the budget), on PEDSP (PEDSP-4.4
// without basic imaging), and by a property on PEDSP: answering the listed facts leaves no pend that a fact
// outside the list could lift, and the compiled module gives the interpreter's list.
import { isDeepStrictEqual } from "node:util";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { check, hasErrors } from "../../compiler/index.ts";
import { loadGuide } from "../../compiler/cli/io.ts";
import { emitTypeScript } from "../../compiler/emit/typescript.ts";
import { interpret } from "../../compiler/interpret.ts";
import type { Model } from "../../compiler/model.ts";
import type { Determination, EvaluateOptions } from "../../runtime/decide.ts";
import { candidateAnswers, MAX_EVALUATIONS, type CandidateAnswer } from "../../runtime/fewest.ts";
import { formatIsoDate, parseIsoDate } from "../../runtime/dates.ts";

type Evaluate = (c: unknown, o?: EvaluateOptions) => Determination;
const ALL: EvaluateOptions = { missing: "all" };
const facts = (d: Determination): string[] => d.missing.map((m) => m.fact);

/** Compile a checked model to a module in test/out/fewest and import its `evaluate`. */
async function compiled(model: Model, name: string): Promise<Evaluate> {
  mkdirSync("test/out/fewest", { recursive: true });
  const file = `test/out/fewest/${name}.ts`;
  writeFileSync(file, emitTypeScript(model, { sourceName: `${name}.guide` }));
  return ((await import(/* @vite-ignore */ pathToFileURL(resolve(file)).href)) as { evaluate: Evaluate }).evaluate;
}

function checked(text: string): Model {
  const r = check(text, "fewest.guide");
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(hasErrors(r.diagnostics)).toBe(false);
  return r.model!;
}

/** Everything but `missing` is the same with and without the search. */
function expectSameBut(d: Determination, full: Determination): void {
  expect({ ...d, missing: [] }).toStrictEqual({ ...full, missing: [] });
  expect(facts(d).every((f) => facts(full).includes(f))).toBe(true);
}

// A fever is reviewed (a tier above approval); therapy of 6 weeks approves, so whether there is weakness (the
// second approval's other criterion) can never change the outcome. Nothing documented: the old list asked for
// all three facts in declaration order; the fewest that decide are the temperature and the therapy, and the
// temperature first, since one of its answers (100 °F: reviewed) decides alone and no answer of the therapy does.
const FEVER = `guideline FEW "Fewest questions" version "1"

indications {
  back_pain "Back pain"
}

studies {
  72148 "MRI Lumbar without contrast" = MRI lumbar without contrast
}

facts {
  therapy: duration "How long has conservative therapy been tried?"
  weakness: yes/no "Is there new weakness?"
  temperature: number °F "What is the highest documented temperature?"
}

section FEW-1 "Back pain" {
  applies when indication is back_pain

  fever: review 72148
    when temperature >= 100 °F
    cite "Fever is reviewed by a physician."
  therapy_failed: approve 72148
    when therapy >= 6 weeks
    cite "MRI after six weeks of therapy."
  weak_after_therapy: approve 72148
    when therapy >= 6 weeks and weakness
    cite "MRI for weakness after six weeks of therapy."
}
`;

// Twelve findings, six of which approve: no few of them decide, and trying every combination is past the budget.
const MANY = `guideline MANY "Past the budget" version "1"

indications {
  back_pain "Back pain"
}

studies {
  72148 "MRI Lumbar without contrast" = MRI lumbar without contrast
}

facts {
${Array.from({ length: 12 }, (_, i) => `  finding_${i + 1}: yes/no "Is finding ${i + 1} present?"`).join("\n")}
}

section MANY-1 "Back pain" {
  applies when indication is back_pain

  findings: approve 72148
    when at least 6 of { ${Array.from({ length: 12 }, (_, i) => `finding_${i + 1}`).join(", ")} }
    cite "MRI with six findings."
}
`;

const request = (facts: Record<string, unknown> = {}) => ({ asOf: "2026-01-01", request: { cpt: "72148", indication: "back_pain" }, facts });

describe("a pend asks for the fewest facts that decide it", () => {
  let fever: Model, many: Model, feverCompiled: Evaluate;
  beforeAll(async () => {
    fever = checked(FEVER);
    many = checked(MANY);
    feverCompiled = await compiled(fever, "fever");
  });

  it("the smallest deciding set, most decisive first, where the old list also asked a fact that cannot matter", () => {
    const full = interpret(fever, request(), ALL), d = interpret(fever, request());
    expect(full.outcome).toBe("pend");
    expect(facts(full)).toEqual(["therapy", "weakness", "temperature"]);
    expect(facts(d)).toEqual(["temperature", "therapy"]);
    expect(d.missing.map((m) => m.question)).toEqual(["What is the highest documented temperature?", "How long has conservative therapy been tried?"]);
    expectSameBut(d, full);
    expect(feverCompiled(request())).toStrictEqual(d);
    // Each answer of the two decides: a fever is reviewed; without one, 6 weeks approve and less denies.
    for (const [temperature, therapy, outcome] of [[101, { value: 2, unit: "weeks" }, "review"], [99, { value: 6, unit: "weeks" }, "approve"], [99, { value: 5, unit: "weeks" }, "deny"]] as const) {
      expect(interpret(fever, request({ temperature, therapy })).outcome).toBe(outcome);
    }
    // Once the temperature is known, the therapy alone decides (one fact: no search).
    expect(facts(interpret(fever, request({ temperature: 99 })))).toEqual(["therapy"]);
    expect(facts(interpret(fever, request({ temperature: 99 }), ALL))).toEqual(["therapy", "weakness"]);
  });

  it("with missing: \"all\", or for a plan compiled without samples, every fact an undecided condition reads", () => {
    const plain: Model = { ...fever, plan: JSON.parse(JSON.stringify(fever.plan), (k, v) => (k === "samples" ? undefined : v)) };
    // One answer on each side of 100 °F: a third (101 °F) would answer every comparison as 100 °F does.
    expect(fever.plan.facts.find((f) => f.name === "temperature")?.samples).toEqual([99, 100]);
    expect(facts(interpret(plain, request()))).toEqual(["therapy", "weakness", "temperature"]);
  });

  it(`falls back to every fact when deciding them would take more than ${MAX_EVALUATIONS} decisions`, () => {
    const d = interpret(many, request());
    expect(d.outcome).toBe("pend");
    expect(facts(d)).toEqual(Array.from({ length: 12 }, (_, i) => `finding_${i + 1}`));
    expect(d).toStrictEqual(interpret(many, request(), ALL));
  });
});

/** The JSON a case gives for a candidate answer (the inverse of validation, for the kinds of answers tried). */
function put(c: Record<string, any>, fact: string, a: CandidateAnswer): void {
  if (fact === "indication") c.request.indication = a;
  else if (fact === "age") c.patient = { birthDate: formatIsoDate((a as { birth: any }).birth) };
  else if (a !== null && typeof a === "object" && "y" in a) c.facts[fact] = formatIsoDate(a as any);
  else if (a !== null && typeof a === "object" && "months" in a) c.facts[fact] = (a as any).months ? { value: (a as any).months, unit: "months" } : { value: (a as any).days, unit: "days" };
  else c.facts[fact] = a;
}

/** Every combination of candidate answers to `names` (undefined when there are more than `limit`). */
function combinations(model: Model, asOf: string, names: string[], limit: number): [string, CandidateAnswer][][] | undefined {
  const answers = names.map((f) => candidateAnswers(model.plan, parseIsoDate(asOf)!, f));
  if (answers.reduce((p, a) => p * a.length, 1) > limit) return undefined;
  let out: [string, CandidateAnswer][][] = [[]];
  names.forEach((f, i) => { out = out.flatMap((xs) => answers[i].map((a) => [...xs, [f, a] as [string, CandidateAnswer]])); });
  return out;
}

describe("on PEDSP", () => {
  let model: Model, evaluate: Evaluate;
  beforeAll(async () => {
    const g = loadGuide("guidelines/pedsp/pedsp.guide");
    expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    model = g.model!;
    evaluate = await compiled(model, "pedsp");
  });

  // PEDSP-4.4: the involved-level MRI needs only the basic imaging prerequisite; the whole-spine rule's criteria
  // (open neural tube defect, surgical planning) were asked too, though no answer of theirs lifts the pend.
  const openDysraphism = (facts: Record<string, unknown>) => ({
    asOf: "2026-01-01", patient: { birthDate: "2025-12-01" }, request: { cpt: "72148", indication: "open_dysraphism" },
    facts: { face_to_face_evaluation: "2025-12-30", affected_region: ["lumbar"], repeat_study: false, ...facts },
  });

  it("PEDSP-4.4 without basic imaging documented asks only what can lift the pend", () => {
    const c = openDysraphism({});
    const full = interpret(model, c, ALL), d = interpret(model, c);
    expect(full.outcome).toBe("pend");
    expect(facts(full)).toEqual(expect.arrayContaining(["xray_done", "last_screening_study", "open_neural_tube_defect", "surgical_planning"]));
    // A spinal ultrasound already done lifts it for four of its answers; x-rays for one.
    expect(facts(d)).toEqual(["last_screening_study", "xray_done"]);
    expectSameBut(d, full);
    expect(evaluate(c)).toStrictEqual(d);
  });

  it("PEDSP-4.4 with no basic imaging at all asks nothing: no answer lifts the pend, the prerequisite does", () => {
    const c = openDysraphism({ xray_done: false, last_screening_study: "no_prior_study" });
    const full = interpret(model, c, ALL), d = interpret(model, c);
    expect(facts(full)).toEqual(["surgical_planning", "open_neural_tube_defect"]);
    expect(d.outcome).toBe("pend");
    expect(d.missing).toEqual([]);
    expect(d.needed.length).toBeGreaterThan(0);
    expectSameBut(d, full);
    expect(evaluate(c)).toStrictEqual(d);
  });

  it("PEDSP-7.3: either x-ray measurement documents the basic imaging, so only the first is asked (a tie keeps the guideline's order)", () => {
    const c = { asOf: "2026-01-01", patient: { age: { years: 10 } }, request: { cpt: "72141", indication: "trisomy_21" },
      facts: { face_to_face_evaluation: "2025-12-22", symptoms_suggest_myelopathy: true, xray_done: false, last_screening_study: "no_prior_study", repeat_study: false } };
    expect(facts(interpret(model, c, ALL))).toEqual(["pre_dens_interval", "neural_canal_width"]);
    expect(facts(interpret(model, c))).toEqual(["pre_dens_interval"]);
  });

  it("property: answering the listed facts leaves no pend a fact outside the list could lift; compiled == interpreter", () => {
    const examples = model.examples;
    let searched = 0, shorter = 0, checkedCombos = 0;
    fc.assert(fc.property(
      fc.nat(examples.length - 1), fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), fc.nat(9),
      (ex, drop, who) => {
        // A partial case: an example with some of its facts left out (and, now and then, its age).
        const c: Record<string, any> = structuredClone(examples[ex].case);
        Object.keys(c.facts).sort().forEach((k, i) => { if (drop[i % drop.length]) delete c.facts[k]; });
        if (who === 0) delete c.patient;
        const d = interpret(model, c);
        const a = evaluate(c);
        if (!isDeepStrictEqual(a, d)) expect(a).toStrictEqual(d);
        if (d.outcome !== "pend" || d.errors) return;
        const full = interpret(model, c, ALL);
        expectSameBut(d, full);
        if (full.missing.length < 2) { expect(d.missing).toStrictEqual(full.missing); return; }
        searched++;
        if (d.missing.length < full.missing.length) shorter++;
        // Every combination of answers to the list: where the request still pends, no answers to the facts
        // still undecided lift it (so nothing outside the list was needed).
        const listed = combinations(model, c.asOf, facts(d), 48);
        if (!listed) return;
        for (const combo of listed) {
          const answered = structuredClone(c);
          for (const [f, x] of combo) put(answered, f, x);
          const r = interpret(model, answered, ALL);
          if (r.errors || r.outcome !== "pend" || r.missing.length === 0) continue;
          const rest = combinations(model, c.asOf, facts(r), 32);
          if (!rest) continue;
          for (const more of rest) {
            const further = structuredClone(answered);
            for (const [f, x] of more) put(further, f, x);
            const e = interpret(model, further, ALL);
            checkedCombos++;
            if (!e.errors && e.outcome !== "pend") {
              expect({ case: further, listed: facts(d), outcome: e.outcome }).toEqual({ case: further, listed: facts(d), outcome: "pend" });
            }
          }
        }
      }), { numRuns: 300 });
    // The property reached real searches, some of which asked fewer facts than before.
    expect(searched).toBeGreaterThan(20);
    expect(shorter).toBeGreaterThan(3);
    expect(checkedCombos).toBeGreaterThan(0);
  });
});
