// The "try a case" form asks what matters (issue 13): an indication's questions first and the rest folded,
// "not documented" answers for every kind of fact, the case's documentation, and a pend's deciding questions
// at the top of the form, each a way to its input. Against the bundled PEDSP guideline, decided in Node too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openPlayground, root, shots, type Playground } from "./harness.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkText } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import { applicableFacts, inputIdFor } from "../../editor/case-questions.ts";

const pedsp = readFileSync(join(root, "guidelines/pedsp/pedsp.guide"), "utf8");
const pedspSource = readFileSync(join(root, "guidelines/pedsp/000_f1f69f597256be6d.txt"), "utf8");
const model = checkText(pedsp, "pedsp.guide", { sourceText: pedspSource }).model!;
const applicable = applicableFacts(model);
const allFacts = model.plan.facts.map((f) => f.name);

/** A back-pain MRI request with nothing answered: PEDSP pends it. */
const base = (indication?: string, facts: Record<string, unknown> = {}): Record<string, unknown> => ({
  asOf: "2026-03-01", patient: { age: { years: 10 } }, request: { cpt: "72148", ...(indication ? { indication } : {}) }, facts,
});

let playground: Playground;
let page: Page;

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

/** Put a case in through the JSON field, then leave the field so the form's edits show in it again. */
async function loadJson(c: unknown): Promise<void> {
  await page.fill("#case-json", JSON.stringify(c));
  await page.locator("#case-json").blur();
}
const caseJson = async (): Promise<{ facts?: Record<string, unknown>; documentation?: string; request?: Record<string, unknown> }> =>
  JSON.parse(await page.inputValue("#case-json")) as { facts?: Record<string, unknown> };
/** The facts whose rows stand outside the folded "Other questions", in order. */
const shownFacts = (): Promise<string[]> => page.evaluate(() =>
  [...document.querySelectorAll<HTMLElement>("#case-facts .field[data-path^='facts.']")].filter((e) => !e.closest("details")).map((e) => e.dataset.path!.slice("facts.".length)));
const foldedFacts = (): Promise<string[]> => page.evaluate(() =>
  [...document.querySelectorAll<HTMLElement>("#case-other-questions .field[data-path^='facts.']")].map((e) => e.dataset.path!.slice("facts.".length)));

beforeAll(async () => {
  playground = await openPlayground("case-form");
  ({ page } = playground);
  await page.locator("#tab-case").click();
}, 60_000);

afterAll(async () => {
  await playground?.close();
});

describe("the case form asks what matters", () => {
  it("shows the chosen indication's questions by group and folds the others, and every question without one", async () => {
    await loadJson(base());
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("pend");
    expect(await page.locator("#case-other-questions").count()).toBe(0);
    expect(await shownFacts()).toEqual(allFacts);

    await page.selectOption("#case-indication", "back_pain");
    await expect.poll(() => page.locator("#case-other-questions").count()).toBe(1);
    const want = applicable.get("back_pain")!;
    expect(want.length).toBeLessThan(allFacts.length);
    expect(await shownFacts()).toEqual(want);
    expect((await foldedFacts()).sort()).toEqual(allFacts.filter((f) => !want.includes(f)).sort());
    expect(await page.locator("#case-other-questions").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator("#case-fact-gcs").isVisible()).toBe(false);
    expect(await page.textContent("#case-other-questions > summary")).toBe(`Other questions (${allFacts.length - want.length})`);
    // Grouped as declared: each shown fieldset's legend is its facts' group.
    const groups = await page.evaluate(() => [...document.querySelectorAll<HTMLFieldSetElement>("#case-facts > fieldset")].map((f) => f.dataset.group));
    const groupOf = new Map(model.plan.facts.map((f) => [f.name, f.group ?? "Other facts"]));
    expect(groups).toEqual([...new Set(want.map((f) => groupOf.get(f)))]);
    expect((await caseJson()).request).toEqual({ cpt: "72148", indication: "back_pain" });
    await page.evaluate(() => document.querySelector(".case-documentation")!.scrollIntoView({ block: "start" }));
    await shot("case-form-indication");

    // A folded question with a problem unfolds, the problem beside it.
    await loadJson(base("back_pain", { gcs: "abc" }));
    await expect.poll(() => page.locator("#case-other-questions").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.textContent('[data-error-for="facts.gcs"]')).toContain("must be a number");
    expect(await page.locator("#case-fact-gcs").isVisible()).toBe(true);
    expect(await page.textContent("#case-other-questions > summary")).toContain("1 answered");

    // Another indication lays the questions out for it; none puts back the whole form.
    await page.selectOption("#case-indication", "trauma");
    await expect.poll(() => shownFacts()).toEqual(applicable.get("trauma"));
    await page.selectOption("#case-indication", "");
    await expect.poll(() => page.locator("#case-other-questions").count()).toBe(0);
    expect(await shownFacts()).toEqual(allFacts);
  });

  it("answers \"not documented\" for a yes/no fact and for every other kind, and the case's documentation", async () => {
    await loadJson(base("back_pain"));
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("pend");
    // Yes/no: blank (not answered), Yes, No (documented absent), Not documented with what it is read as.
    const options = await page.locator("#case-fact-severe_or_night_pain option").allTextContents();
    expect(options).toEqual(["— not answered —", "Yes", "No (documented absent)", "Not documented in the record (read as no)"]);
    await page.selectOption("#case-fact-severe_or_night_pain", "not documented");
    await expect.poll(async () => (await caseJson()).facts?.severe_or_night_pain).toBe("not documented");
    await page.selectOption("#case-fact-severe_or_night_pain", "no");
    await expect.poll(async () => (await caseJson()).facts?.severe_or_night_pain).toBe(false);
    await page.selectOption("#case-fact-severe_or_night_pain", "");
    await expect.poll(async () => "severe_or_night_pain" in ((await caseJson()).facts ?? {})).toBe(false);

    // A number, a duration, a date and a set: a "Not documented" box, which clears and disables the value.
    for (const f of ["temperature", "conservative_treatment", "face_to_face_evaluation", "affected_region"]) {
      expect(model.plan.facts.find((x) => x.name === f), f).toBeDefined();
      await page.check(`#case-fact-${f}-nd`);
      await expect.poll(async () => (await caseJson()).facts?.[f]).toBe("not documented");
    }
    expect(await page.locator("#case-fact-temperature").isDisabled()).toBe(true);
    await page.uncheck("#case-fact-temperature-nd");
    await expect.poll(async () => "temperature" in ((await caseJson()).facts ?? {})).toBe(false);
    await page.fill("#case-fact-temperature", "101");
    await expect.poll(async () => (await caseJson()).facts?.temperature).toEqual({ value: 101, unit: "°F" });
    // Ticking a value of a set unticks its "not documented".
    const region = model.plan.facts.find((x) => x.name === "affected_region")!;
    const value = (region.type as { values: readonly string[] }).values[0];
    await page.check(`#case-fact-affected_region-${value}`);
    await expect.poll(async () => (await caseJson()).facts?.affected_region).toEqual([value]);
    expect(await page.isChecked("#case-fact-affected_region-nd")).toBe(false);
    await page.evaluate(() => document.querySelector('[data-path="facts.fever"]')!.scrollIntoView({ block: "start" }));
    await shot("case-form-not-documented");

    // The case's documentation, at the top of the facts; "complete" rewords what a blank means.
    await page.selectOption("#case-documentation", "complete");
    await expect.poll(async () => (await caseJson()).documentation).toBe("complete");
    expect(await page.locator("#case-fact-night_pain, #case-fact-mild_transient_pain").first().locator("option").first().textContent()).toContain("left out: not documented");
    await page.selectOption("#case-documentation", "");
    await expect.poll(async () => (await caseJson()).documentation).toBeUndefined();

    // A case that gives "not documented" fills the form with it (the JSON round trip).
    await loadJson(base("back_pain", { fever: "not documented", temperature: "not documented", affected_region: "not documented", cancer_diagnosis: "not documented" }));
    await expect.poll(() => page.inputValue("#case-fact-fever")).toBe("not documented");
    expect(await page.isChecked("#case-fact-temperature-nd")).toBe(true);
    expect(await page.isChecked("#case-fact-affected_region-nd")).toBe(true);
    expect(await page.inputValue("#case-fact-cancer_diagnosis")).toBe("not documented");

    // An implied fact that disagrees with its evidence: the runtime refuses the case, the message beside the fact.
    expect(await page.locator('[data-path="facts.fever"] .hint').textContent()).toContain("temperature >= 100");
    await loadJson(base("back_pain", { fever: true, temperature: { value: 98, unit: "°F" } }));
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("invalid");
    expect(await page.textContent('[data-error-for="facts.fever"]')).toContain("temperature");
  });

  it("lists a pend's deciding questions in order at the top of the form; the first focuses its input", async () => {
    const c = base("back_pain");
    const d = interpret(model, c as never, {});
    expect(d.outcome).toBe("pend");
    expect(d.missing.length).toBeGreaterThan(0);
    await loadJson(c);
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("pend");
    const deciding = page.locator("#case-deciding");
    expect(await deciding.isVisible()).toBe(true);
    expect(await page.textContent("#case-deciding-title")).toBe("Questions that would decide this request");
    // At the top of the form, in the determination's order.
    expect(await page.evaluate(() => document.getElementById("case-form")!.firstElementChild?.id)).toBe("case-deciding");
    expect(await page.locator("#case-deciding-list li button").allTextContents()).toEqual(d.missing.map((m) => m.question));
    await page.evaluate(() => document.getElementById("case-form")!.scrollIntoView({ block: "start" }));
    await shot("case-form-deciding");
    await page.locator("#case-deciding-list li button").first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(inputIdFor(d.missing[0].fact));
    expect(await page.locator(`#${inputIdFor(d.missing[0].fact)}`).isVisible()).toBe(true);

    // Not a pend (the guideline's first example that is not, as Node decides it): no list.
    const decided = model.examples.map((e) => ({ c: e.case, d: interpret(model, e.case as never, {}) })).find((x) => x.d.outcome !== "pend" && !x.d.errors?.length)!;
    await loadJson(decided.c);
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe(decided.d.outcome);
    expect(await deciding.isVisible()).toBe(false);
    // Nor when there is no decision (the JSON does not parse).
    await loadJson(c);
    await expect.poll(() => deciding.isVisible()).toBe(true);
    await page.fill("#case-json", "{ not json");
    await expect.poll(() => deciding.isVisible()).toBe(false);
    expect(playground.consoleErrors).toEqual([]);
  });
});
