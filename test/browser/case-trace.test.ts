// "Show this case in the editor" in headless Chromium: a gallery case, the toggle on, the deciding rule's condition line
// marked with its value and the rule marked; an edit clears the marks (a text with errors keeps them away), the fixed text
// and a new case draw them again, the toggle off clears them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkedIn, openPlayground, root, shots, type Playground } from "./harness.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface GalleryFile { description: string; expect: { outcome: string; section?: string } }
const gallery = (name: string): GalleryFile => JSON.parse(readFileSync(join(root, "examples/cases", `${name}.json`), "utf8")) as GalleryFile;

let playground: Playground;
let page: Page;
let consoleErrors: string[] = [];

interface Deco { range: { startLineNumber: number }; options: { className?: string | null; inlineClassName?: string | null; linesDecorationsClassName?: string | null; after?: { content: string; inlineClassName?: string | null } | null } }
interface TModel { getVersionId(): number; getAllDecorations(): Deco[]; getLineDecorations(line: number): Deco[]; getLineCount(): number }
interface Hook {
  editor: { setValue(s: string): void; getValue(): string; getModel(): TModel; executeEdits(src: string, e: { range: unknown; text: string }[]): boolean };
  lastResult(): { version: number; hasErrors: boolean; model?: { plan: { sections: { id: string; rules: { id: string; when?: number }[] }[] } } } | undefined;
  lastDetermination(): { outcome: string; section?: string; reasons: { rule: string; section: string; dsl: { line: number } }[]; trace?: { node: number; value: string; line: number }[] } | undefined;
  caseTrace: { decidingLine: number };
}
type W = { __playground: Hook };

/** The classes of the case-trace decorations by line (only ours: every class starts "ct-"). */
const marks = (): Promise<{ line: number; classes: string }[]> => page.evaluate(() => (window as unknown as W).__playground.editor.getModel().getAllDecorations()
  .map((d) => ({ line: d.range.startLineNumber, classes: [d.options.className, d.options.inlineClassName, d.options.linesDecorationsClassName, d.options.after?.inlineClassName].filter(Boolean).join(" ") }))
  .filter((d) => /\bct-/.test(d.classes)));

const checked = (): Promise<void> => checkedIn(page);

beforeAll(async () => {
  playground = await openPlayground("case-trace", { width: 1440, height: 900 });
  ({ page, consoleErrors } = playground);
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

describe("show this case in the editor", () => {
  it("marks the conditions a gallery case evaluated, with their values, and the deciding rule; an edit clears them", async () => {
    const g = gallery("01-back-pain-night-pain-mri");
    await page.locator("#tab-case").click();
    await page.selectOption("#case-load", { label: g.description });
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("approve");
    // Off by default: nothing on the text.
    expect(await page.locator("#case-trace-toggle").isChecked()).toBe(false);
    expect(await marks()).toEqual([]);

    await page.locator("#case-trace-toggle").check();
    await expect.poll(async () => (await marks()).length).toBeGreaterThan(0);

    // The deciding rule, its condition node and that node's value in the trace.
    const want = await page.evaluate(() => {
      const p = (window as unknown as W).__playground, d = p.lastDetermination()!, r = d.reasons[0];
      const rule = p.lastResult()!.model!.plan.sections.find((s) => s.id === r.section)!.rules.find((x) => x.id === r.rule)!;
      const t = d.trace!.find((e) => e.node === rule.when)!;
      return { ruleLine: r.dsl.line, condLine: t.line, value: t.value, trace: d.trace!.length, decidingLine: p.caseTrace.decidingLine };
    });
    expect(want.value).toBe("true");
    expect(want.decidingLine).toBe(want.ruleLine);
    const all = await marks();
    const on = (line: number): string => all.filter((m) => m.line === line).map((m) => m.classes).join(" ");
    // The condition line carries its value (an inline mark or the value after the line), never another value.
    expect(on(want.condLine)).toMatch(/\bct-true\b/);
    expect(on(want.condLine)).not.toMatch(/\bct-(false|unknown)\b/);
    expect(on(want.ruleLine)).toContain("ct-decider");
    // Every value of the trace is drawn somewhere, each on a line of the trace.
    const traced = await page.evaluate(() => [...new Set((window as unknown as W).__playground.lastDetermination()!.trace!.map((t) => `${t.line}:${t.value}`))]);
    for (const lv of traced) { const [line, value] = lv.split(":"); expect(on(Number(line)), lv).toMatch(new RegExp(`\\bct-(${value}|bar)`)); }
    expect(await page.textContent("#case-trace-status")).toContain(`line ${want.ruleLine}`);

    // In the page: the rule is in view with its marks (the toggle revealed it), the value written after the line.
    await expect.poll(() => page.locator("#editor .ct-decider").count()).toBeGreaterThan(0);
    expect(await page.locator("#editor .ct-after.ct-true").count()).toBeGreaterThan(0);
    expect(await page.locator("#editor .ct-cond").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "case-trace-01-approve.png") });

    // An edit clears every mark at once (the lines may have moved), before any check answers.
    const original = await page.evaluate(() => (window as unknown as W).__playground.editor.getValue());
    const left = await page.evaluate((line) => {
      const p = (window as unknown as W).__playground;
      p.editor.executeEdits("test", [{ range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 }, text: "%%% " }]);
      return p.editor.getModel().getAllDecorations().filter((d) => /\bct-/.test([d.options.className, d.options.inlineClassName, d.options.after?.inlineClassName].join(" "))).length;
    }, want.condLine);
    expect(left).toBe(0);
    // A text with errors decides nothing, so nothing comes back.
    await checked();
    expect(await page.evaluate(() => (window as unknown as W).__playground.lastResult()!.hasErrors)).toBe(true);
    expect(await marks()).toEqual([]);
    expect(await page.textContent("#case-trace-status")).toContain("No determination");

    // The text fixed: checked and decided again, drawn again.
    await page.evaluate((t) => (window as unknown as W).__playground.editor.setValue(t), original);
    await checked();
    await expect.poll(async () => (await marks()).some((m) => m.line === want.ruleLine && m.classes.includes("ct-decider"))).toBe(true);

    // Another case: the marks follow it (a deny decided by another rule).
    const deny = gallery("03-back-pain-short-trial-deny");
    await page.selectOption("#case-load", { label: deny.description });
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("deny");
    const denyLine = await page.evaluate(() => (window as unknown as W).__playground.lastDetermination()!.reasons[0].dsl.line);
    const after = await marks();
    expect(after.some((m) => m.line === denyLine && m.classes.includes("ct-decider"))).toBe(true);
    expect(after.some((m) => m.line === want.ruleLine && m.classes.includes("ct-decider"))).toBe(denyLine === want.ruleLine);
    expect(after.some((m) => /\bct-false\b/.test(m.classes))).toBe(true);

    // Off: nothing left on the text.
    await page.locator("#case-trace-toggle").uncheck();
    expect(await marks()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
