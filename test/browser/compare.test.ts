// "Compare with the published version" in headless Chromium: edit a threshold of the bundled PEDSP, compare,
// find the group PEDSP-2.3's rule decides, load its case, and see the case form decide it as the edited text
// does (checked again in Node under both texts); the view fits a phone; a full comparison shows progress and is cancelled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkedIn, openPlayground, root, shots, type Playground } from "./harness.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkText } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import type { Model } from "../../compiler/model.ts";

const pedsp = readFileSync(join(root, "guidelines/pedsp/pedsp.guide"), "utf8");
const readSource = (n: string): string => readFileSync(join(root, "guidelines/pedsp", n), "utf8");
// PEDSP-2.3's red flag "fever" (a temperature of 100 °F or more, or 'febrile') becomes a measured 101 °F.
const FEVER = 'fever cite "Accompanying systemic symptoms';
const edited = pedsp.replace(FEVER, 'temperature >= 101 °F cite "Accompanying systemic symptoms');

let playground: Playground;
let page: Page;
let consoleErrors: string[] = [];

interface Decided { outcome: string; section?: string; supported: { cpt: string }[] }
interface Hook {
  editor: { setValue(s: string): void; getValue(): string; getModel(): { getVersionId(): number } };
  lastResult(): { version: number; hasErrors: boolean } | undefined;
  lastDetermination(): Decided | undefined;
}
/** The page's window with the playground's test hooks (typed here, not globally: playground.test.ts types its own). */
type W = { __playground: Hook };

/** The words the panel uses for a determination: outcome, section, supported studies. */
const words = (d: Decided): string => `${d.outcome}${d.section ? " " + d.section : ""}${d.supported.length ? ` (supports ${d.supported.map((s) => s.cpt).sort().join(", ")})` : ""}`;
const modelOf = (text: string): Model => {
  const r = checkText(text, "pedsp.guide", { readSource });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.model!;
};

beforeAll(async () => {
  expect(edited).not.toBe(pedsp);
  playground = await openPlayground("compare");
  ({ page, consoleErrors } = playground);
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

describe("compare with the published version", () => {
  it("shows the edit's groups and loads a counterexample the case form decides as the edited text does", async () => {
    await page.evaluate((t) => (window as unknown as W).__playground.editor.setValue(t), edited);
    await checkedIn(page);
    expect(await page.evaluate(() => (window as unknown as W).__playground.lastResult()!.hasErrors)).toBe(false);

    await page.locator("#tab-compare").click();
    await page.locator("#compare-run").click();
    // At once: the structural change, and the scope it gives (PEDSP-2.3 decides only back pain).
    await expect.poll(() => page.locator("#compare-structure").textContent(), { timeout: 30_000 }).toContain("PEDSP-2.3::red_flag");
    const lines = await page.locator("#compare-structure .compare-details > li").allTextContents();
    expect(lines.slice(0, 2)).toEqual([expect.stringMatching(/^before: .*fever cite/), expect.stringMatching(/^after: .*temperature >= 101 °F/)]);
    const scope = await page.locator("#compare-scope").textContent();
    expect(scope).toContain("back_pain");
    expect(scope).toContain("PEDSP-2.3");
    // The scoped search (10–30 s here) ends with groups; the cancel button goes away.
    await page.locator(".compare-group").first().waitFor({ timeout: 150_000 });
    await expect.poll(() => page.locator("#compare-cancel").isHidden()).toBe(true);
    expect(await page.locator("#compare-status").textContent()).toMatch(/Compared in [\d.]+ s/);

    // The group PEDSP-2.3's contrast rule decided before: approve → deny.
    const group = page.locator(".compare-group", { has: page.locator(".rule-before", { hasText: "PEDSP-2.3/mri_contrast" }) })
      .filter({ has: page.locator(".compare-keys", { hasText: /^approve/ }) }).first();
    await group.waitFor();
    const before = (await group.getAttribute("data-before"))!, after = (await group.getAttribute("data-after"))!;
    expect(before).toMatch(/^approve PEDSP-2\.3/);
    expect(after).not.toBe(before);
    expect(await group.locator(".compare-sentence").textContent()).toMatch(/temperature 10\d(\.\d+)? °F|fever/);
    await page.screenshot({ path: join(shots, "compare-groups.png") });

    await group.locator(".compare-load").click();
    expect(await page.locator("#tab-case").getAttribute("aria-selected")).toBe("true");
    const decided = await page.evaluate(() => (window as unknown as W).__playground.lastDetermination());
    expect(decided).toBeDefined();
    expect(words(decided!)).toBe(after);
    // The form shows what Compare said the edited text decides, and that it matches.
    expect(await page.locator("#case-expected").textContent()).toMatch(/from Compare.*matches/);
    await page.screenshot({ path: join(shots, "compare-loaded.png") });

    // The loaded case, read back from the form's JSON, decides so in Node too: the edit's way, and the published way before.
    const loaded = JSON.parse(await page.locator("#case-json").inputValue()) as Record<string, unknown>;
    expect(words(interpret(modelOf(edited), loaded))).toBe(after);
    expect(words(interpret(modelOf(pedsp), loaded))).toBe(before);
  }, 240_000);

  it("fits a phone: the comparison does not scroll sideways at 390 px, and its case loads", async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await page.locator("#pane-tools").click();
      await page.locator("#tab-compare").click();
      // The first test's comparison is still shown.
      await page.locator(".compare-group").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(shots, "compare-narrow.png") });
      await page.locator(".compare-load").first().click();
      expect(await page.locator("#case-form").isVisible()).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 120_000);

  it("compares everything with progress, and cancels", async () => {
    await page.locator("#tab-compare").click();
    await page.locator("#compare-full").click();
    await expect.poll(() => page.locator("#compare-scope").textContent(), { timeout: 30_000 }).toContain("Searching every indication");
    // Progress: the bar gets a value from the worker and the status counts cells.
    await page.waitForFunction(() => Number((document.getElementById("compare-progress") as HTMLProgressElement).value) > 0, undefined, { timeout: 60_000 });
    expect(await page.locator("#compare-status").textContent()).toMatch(/Searching the case space: [\d,]+ cells? of [\d,]+/);
    await page.locator("#compare-cancel").click();
    expect(await page.locator("#compare-status").textContent()).toMatch(/^Cancelled/);
    expect(await page.locator("#compare-progress").isHidden()).toBe(true);
    expect(await page.locator("#compare-run").isEnabled()).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
