// The Monaco playground in headless Chromium: build it (vite build), serve it (vite preview, port 0),
// and drive it like an author. Screenshots go to test/out/screenshots/, keystroke timing to test/out/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { checkedIn, openPlayground, root, shots, type Playground } from "./harness.ts";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkText } from "../../compiler/compile.ts";
import { runExamples } from "../../compiler/run-examples.ts";
import { formatGuide } from "../../compiler/format/format.ts";
import { GuideLexer, Identifier } from "../../grammar/tokens.ts";

const sample = readFileSync(join(root, "test/fixtures/sample.guide"), "utf8");
const sampleSource = readFileSync(join(root, "test/fixtures/000_f1f69f597256be6d.txt"), "utf8");
const pedsp = readFileSync(join(root, "guidelines/pedsp/pedsp.guide"), "utf8");
const pedspSource = readFileSync(join(root, "guidelines/pedsp/000_f1f69f597256be6d.txt"), "utf8");
const casesDir = join(root, "examples/cases");
interface GalleryFile { description: string; case: unknown; expect: { outcome: string; section: string } }
const gallery = (name: string): GalleryFile => JSON.parse(readFileSync(join(casesDir, `${name}.json`), "utf8")) as GalleryFile;

let playground: Playground;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[] = [];
const timings: Record<string, number | number[]> = {};

interface Hook {
  editor: { setValue(s: string): void; getValue(): string; setPosition(p: { lineNumber: number; column: number }): void; focus(): void; revealLineInCenter(l: number): void;
    getScrolledVisiblePosition(p: { lineNumber: number; column: number }): { top: number; left: number; height: number } | null; getDomNode(): HTMLElement; getModel(): { getLineCount(): number; getLineContent(l: number): string; getVersionId(): number } };
  timing: { lastKeyAt: number; markersAt: number; markersVersion: number; checks: number; checkMs: number };
  checker: { crash(): void; restarts: number };
  markers(): { line: number; code: string; message: string; severity: number }[];
  lastResult(): { version: number; hasErrors: boolean; examples: { title: string; pass: boolean; expected: string; line: number }[]; index?: { facts: { name: string; question: string; range: { start: { line: number; column: number } } }[] } } | undefined;
}
declare global { interface Window { __playground: Hook } }

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

/** Put a text in the editor and wait until the checker has answered for exactly that version. */
async function setText(text: string): Promise<void> {
  await page.evaluate((t) => window.__playground.editor.setValue(t), text);
  await checkedIn(page);
}

/** Wait until the checker has answered for the editor's current version. */
async function checked(): Promise<void> {
  await checkedIn(page, 20_000);
}

/** Back to the bundled PEDSP guideline through the toolbar, checked. */
async function resetToBundled(): Promise<void> {
  await page.locator("#reset").click();
  await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue())).toBe(pedsp);
  await checked();
}

/** Type at a position in the editor (keyboard, like an author). */
async function typeAt(line: number, column: number, keys: string): Promise<void> {
  await page.evaluate(([l, c]) => { const ed = window.__playground.editor; ed.revealLineInCenter(l); ed.setPosition({ lineNumber: l, column: c }); ed.focus(); }, [line, column] as const);
  await page.keyboard.type(keys);
}

/** Client coordinates of a position in the editor (revealed first). */
async function pointAt(line: number, column: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([l, c]) => {
    const ed = window.__playground.editor;
    ed.revealLineInCenter(l);
    const p = ed.getScrolledVisiblePosition({ lineNumber: l, column: c })!;
    const r = ed.getDomNode().getBoundingClientRect();
    return { x: r.left + p.left + 2, y: r.top + p.top + p.height / 2 };
  }, [line, column] as const);
}

beforeAll(async () => {
  playground = await openPlayground("playground");
  ({ context, page, consoleErrors } = playground);
}, 60_000);

afterAll(async () => {
  writeFileSync(join(root, "test/out/playground-timing.json"), JSON.stringify(timings, null, 2) + "\n");
  await playground?.close();
});

describe("playground", () => {
  it("loads the bundled guideline with no console errors", async () => {
    const pedsp = join(root, "guidelines/pedsp/pedsp.guide");
    const bundled = existsSync(pedsp) ? readFileSync(pedsp, "utf8") : sample;
    expect(await page.evaluate(() => window.__playground.editor.getValue())).toBe(bundled);
    await expect.poll(() => page.textContent("#status")).toMatch(/Checked in \d+ ms/);
    // The page's example results agree with the compiler run in Node on the same text.
    const src = readFileSync(join(root, "guidelines/pedsp/000_f1f69f597256be6d.txt"), "utf8");
    const node = checkText(bundled, "x.guide", { sourceText: src });
    const ok = node.model && !node.diagnostics.some((d) => d.severity === "error");
    const want = ok ? runExamples(node.model!).results.map((r) => r.pass) : [];
    const got = await page.evaluate(() => window.__playground.lastResult()!.examples.map((e) => e.pass));
    expect(got).toEqual(want);
    expect(await page.locator("mark.cited").count()).toBeGreaterThan(0);
    await shot("01-loaded");
    expect(consoleErrors).toEqual([]);
  });

  it("puts a marker on the line of a mistake and removes it when fixed", async () => {
    await setText(sample);
    const lines = sample.split("\n");
    const line = lines.findIndex((l) => l.startsWith("section PEDSP-2.3")) + 1;
    await page.evaluate(([l, c]) => { const ed = window.__playground.editor; ed.setPosition({ lineNumber: l, column: c }); ed.focus(); }, [line, lines[line - 1].length + 1] as const);
    await page.keyboard.press("Enter");
    await page.keyboard.type("define typo_check = xray_dne", { delay: 15 });
    const t0 = Date.now();
    const handle = await page.waitForFunction((l) => {
      const p = window.__playground;
      // The markers of the text as it is now (an earlier prefix, "xray_dn", is also an unknown name).
      const hit = p.timing.markersVersion === p.editor.getModel().getVersionId() && p.markers().find((m) => m.code === "undefined-name" && m.severity === 8);
      return hit ? { line: hit.line, inPage: p.timing.markersAt - p.timing.lastKeyAt } : undefined;
    }, line + 1, { timeout: 10_000 });
    const hit = (await handle.jsonValue())!;
    timings.keystrokeToMarkerMs = Math.round(hit.inPage);
    timings.keystrokeToMarkerWallMs = Date.now() - t0;
    expect(hit.line).toBe(line + 1);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".problems li.problem.error").first().textContent()).toContain(`line ${line + 1}`);
    await shot("02-marker");
    // Fix the typo: the error marker goes away.
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("one", { delay: 15 });
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => window.__playground.markers().every((m) => m.severity !== 8), undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__playground.editor.getValue())).toContain("define typo_check = xray_done");
  });

  it("offers a declared fact in completion", async () => {
    await setText(sample);
    const line = sample.split("\n").findIndex((l) => l.startsWith("section PEDSP-2.3")) + 1;
    await page.evaluate(([l]) => { const ed = window.__playground.editor; ed.setPosition({ lineNumber: l, column: 200 }); ed.focus(); }, [line] as const);
    await page.keyboard.press("Enter");
    await page.keyboard.type("define c2 = face_to", { delay: 15 });
    await page.keyboard.press("Control+Space");
    const row = page.locator(".suggest-widget .monaco-list-row", { hasText: "face_to_face_evaluation" });
    await row.first().waitFor({ timeout: 5000 });
    await shot("03-completion");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(([l]) => window.__playground.editor.getModel().getLineContent(l + 1), [line] as const)).toContain("define c2 = face_to_face_evaluation");
  });

  it("shows a fact's type and question on hover", async () => {
    await setText(sample);
    const lines = sample.split("\n");
    const line = lines.findIndex((l) => l.includes("requires xray_done")) + 1;
    const p = await pointAt(line, lines[line - 1].indexOf("xray_done") + 3);
    await page.mouse.move(p.x - 30, p.y + 40);
    await page.mouse.move(p.x, p.y, { steps: 3 });
    const hover = page.locator(".monaco-hover", { hasText: "Have plain x-rays of the region been obtained?" });
    await hover.first().waitFor({ timeout: 5000 });
    expect(await hover.first().textContent()).toContain("yes/no");
    await shot("04-hover");
    await page.mouse.move(5, 5);
    // F12 goes to the fact's declaration.
    await page.evaluate(([l, c]) => { const ed = window.__playground.editor; ed.setPosition({ lineNumber: l, column: c }); ed.focus(); }, [line, lines[line - 1].indexOf("xray_done") + 3] as const);
    await page.keyboard.press("F12");
    const declared = lines.findIndex((l) => l.trim().startsWith("xray_done:")) + 1;
    await expect.poll(() => page.evaluate(() => (window.__playground.editor as unknown as { getPosition(): { lineNumber: number } }).getPosition().lineNumber)).toBe(declared);
    // A cursor inside a cite "…" scrolls the source pane to the cited sentence.
    const citeLine = lines.findIndex((l) => l.includes('cite "MRI without contrast of the symptomatic')) + 1;
    await page.evaluate(([l]) => window.__playground.editor.setPosition({ lineNumber: l, column: 20 }), [citeLine] as const);
    await expect.poll(() => page.locator("mark.cited.active").textContent()).toContain("MRI without contrast of the symptomatic");
  });

  it("loads an example case and shows its expected outcome and a citation", async () => {
    await setText(sample);
    const result = await page.evaluate(() => window.__playground.lastResult()!);
    const i = result.examples.findIndex((e) => e.expected === "approve");
    expect(i).toBeGreaterThanOrEqual(0);
    await page.locator("#tab-case").click();
    await page.selectOption("#case-load", `ex:${i}`);
    await expect.poll(() => page.textContent("#case-expected-outcome")).toBe("approve");
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("approve");
    expect(await page.textContent("#case-expected")).toContain("matches");
    const cite = page.locator("#case-reasons .cite-link").first();
    expect(await cite.textContent()).toMatch(/MRI without|approved/);
    await cite.click();
    await expect.poll(() => page.locator("mark.cited.active").count()).toBe(1);
    expect(await page.locator("mark.cited.active").isVisible()).toBe(true);
    await shot("05-case");
    // Edit the form: an unknown red flag turns the approve into a pend that names what to ask for.
    await page.selectOption("#case-fact-night_pain", "");
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("pend");
    expect(await page.textContent("#case-missing")).toContain("night_pain");
    // Invalid JSON: a message beside the field and no decision at all.
    await page.fill("#case-json", '{ "asOf": "2026-01-01", ');
    await expect.poll(() => page.textContent("#case-json-error")).toContain("not valid JSON");
    expect(await page.getAttribute("#case-outcome", "class")).toContain("outcome-none");
    // A valid JSON case with a bad field: pend with the issue next to the field, never approve.
    await page.fill("#case-json", JSON.stringify({ asOf: "2026-01-01", patient: { age: { years: 9 } }, request: { cpt: "72148", indication: "back_pain" }, facts: { xray_done: "yes" } }));
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("invalid");
    expect(await page.textContent('[data-error-for="facts.xray_done"]')).toContain("facts.xray_done");
  });

  it("runs every example in the examples panel, all passing", async () => {
    await setText(sample);
    const node = runExamples(checkText(sample, "sample.guide", { sourceText: sampleSource }).model!);
    await page.locator("#tab-examples").click();
    await expect.poll(() => page.locator("#examples-list li.example").count()).toBe(node.results.length);
    expect(await page.locator('#examples-list li.example[data-pass="true"]').count()).toBe(node.results.length);
    expect(await page.textContent("#examples-summary")).toContain(`${node.results.length} of ${node.results.length} examples pass`);
    await page.locator("#examples-list li.example .jump").last().click();
    const line = node.results[node.results.length - 1].example.line;
    expect(await page.evaluate(() => (window.__playground.editor as unknown as { getPosition(): { lineNumber: number } }).getPosition().lineNumber)).toBe(line);
    await shot("06-examples");
    // A broken expectation shows as a failure with the difference.
    await setText(sample.replace("expect pend missing", "expect deny missing"));
    await expect.poll(() => page.locator('#examples-list li.example[data-pass="false"]').count()).toBe(1);
    expect(await page.textContent('#examples-list li.example[data-pass="false"] .diff')).toContain("expected deny, got pend");
  });

  it("shows the compiled TypeScript in a read-only tab", async () => {
    await setText(sample);
    await page.locator("#tab-compiled").click();
    await expect.poll(() => page.locator("#compiled .view-lines").textContent()).toMatch(/Generated\s+by/);
    await shot("07-compiled");
    await page.locator("#tab-case").click();
  });

  it("formats the document: Format button, Shift+Alt+F, and never a text with syntax errors", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const find = (re: RegExp): number => { const i = lines.findIndex((l) => re.test(l)); expect(i).toBeGreaterThanOrEqual(0); return i + 1; };
    // Mess up the indentation of a few lines by typing: deeper, shallower, and a top-level line indented.
    await typeAt(find(/^ {2}trauma\s/), 1, "     ");
    const note = find(/^ {4}note "Ambiguity 45/);
    await typeAt(note, 5, "");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await typeAt(find(/^enum region /), 1, "   ");
    await checked();
    const messy = await page.evaluate(() => window.__playground.editor.getValue());
    expect(messy).not.toBe(pedsp);
    expect(await page.evaluate(() => window.__playground.markers())).toEqual([]);
    const want = await formatGuide(messy);
    await page.locator("#format").click();
    await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue()), { timeout: 20_000 }).toBe(want);
    await checked();
    expect(await page.evaluate(() => window.__playground.markers())).toEqual([]);
    await expect.poll(() => page.textContent("#format-status")).toBe("Formatted.");
    await shot("08-formatted");

    // The keyboard: Shift+Alt+F.
    await typeAt(find(/^ {2}trauma\s/), 1, "\t\t");
    await checked();
    const messy2 = await page.evaluate(() => window.__playground.editor.getValue());
    expect(messy2).not.toBe(want);
    const want2 = await formatGuide(messy2);
    await page.keyboard.press("Shift+Alt+F");
    await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue()), { timeout: 20_000 }).toBe(want2);

    // A syntax error: the context menu's Format Document leaves the text as it is and says why.
    const enumLine = find(/^enum region /);
    await typeAt(enumLine, lines[enumLine - 1].length + 1, "\nenum 42 oops");
    await checked();
    expect(await page.evaluate(() => window.__playground.markers().some((m) => m.severity === 8))).toBe(true);
    const broken = await page.evaluate(() => window.__playground.editor.getValue());
    await expect(formatGuide(broken)).rejects.toThrow(/cannot start this/);
    const p = await pointAt(enumLine + 1, 3);
    const item = page.locator(".monaco-menu .action-item", { hasText: "Format Document" });
    // Monaco's context menu sometimes drops a click that comes right after it opens (seen on a loaded
    // machine: the menu closes, nothing runs, the status stays empty). Open it and choose the item again
    // then, at most three times; what the formatter says is asserted below as before.
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.mouse.click(p.x, p.y, { button: "right" });
      await item.first().waitFor({ timeout: 5000 });
      await item.first().hover();
      await item.first().click();
      const ran = await page.waitForFunction(() => (document.querySelector("#format-status")?.textContent ?? "") !== "", undefined, { timeout: 5000 }).then(() => true, () => false);
      if (ran) break;
    }
    await expect.poll(() => page.textContent("#format-status"), { timeout: 20_000 }).toBe(`Not formatted: syntax error on line ${enumLine + 1}.`);
    expect(await page.evaluate(() => window.__playground.editor.getValue())).toBe(broken);
    await shot("09-format-refused");
    // Editing the text again clears the message.
    await page.keyboard.press("Backspace");
    await expect.poll(() => page.textContent("#format-status")).toBe("");
  });

  it("decides gallery cases loaded through the menu against the bundled PEDSP guideline", async () => {
    await resetToBundled();
    await page.locator("#tab-case").click();
    // Three outcomes; the approve last, for the screenshot.
    for (const name of ["03-back-pain-short-trial-deny", "11-scoliosis-mri-and-ct-review", "01-back-pain-night-pain-mri"]) {
      const g = gallery(name);
      await page.selectOption("#case-load", { label: g.description });
      await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe(g.expect.outcome);
      expect(await page.textContent("#case-outcome")).toContain(g.expect.section);
      expect(await page.textContent("#case-expected-outcome")).toBe(`${g.expect.outcome} ${g.expect.section}`);
      expect(await page.textContent("#case-expected")).toContain("matches");
    }
    // The approve's reason names the red flag that was met in the guideline's words, with the answer, and
    // quotes the rule's own sentence (the red flags quote theirs), which is marked in the source pane.
    expect(await page.textContent("#case-reasons")).toContain("“Pain which is extremely severe or worse at night”: met (answer: yes)");
    const cite = page.locator("#case-reasons .cite-link").first();
    expect(await cite.textContent()).not.toContain(" … ");
    await cite.click();
    await expect.poll(() => page.locator("mark.cited.active").count()).toBeGreaterThan(0);
    expect(await page.locator("mark.cited.active").first().isVisible()).toBe(true);
    await page.evaluate(() => { document.getElementById("panel-case")!.scrollTop = 0; });
    await shot("10-pedsp-gallery-case");
    expect(readdirSync(casesDir).filter((f) => f.endsWith(".json")).length).toBeGreaterThanOrEqual(20);
  });

  it("shows a gallery case's notice in the Notice tab (the text of guide eval --notice) and copies it", async () => {
    await resetToBundled();
    await page.locator("#tab-case").click();
    const g = gallery("03-back-pain-short-trial-deny");
    await page.selectOption("#case-load", { label: g.description });
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("deny");
    expect(await page.locator("#case-why-not li").count()).toBeGreaterThan(0);
    await page.locator("#tab-notice").click();
    await expect.poll(() => page.getAttribute("#notice-text", "data-outcome")).toBe("deny");
    const golden = readFileSync(join(root, "test/golden/notice/deny.txt"), "utf8");
    expect(await page.textContent("#notice-text")).toBe(golden);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.locator("#notice-copy").click();
    await expect.poll(() => page.textContent("#notice-copy-status")).toBe("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(golden);
    await page.selectOption("#notice-format", "markdown");
    expect(await page.textContent("#notice-text")).toBe(readFileSync(join(root, "test/golden/notice/deny.md"), "utf8"));
    await shot("11-notice");
    await page.selectOption("#notice-format", "text");
    await page.locator("#tab-case").click();
  });

  it("runs all of the bundled PEDSP guideline's examples in the examples panel, all passing", async () => {
    await resetToBundled();
    const node = checkText(pedsp, "pedsp.guide", { sourceText: pedspSource });
    expect(node.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const n = node.model!.examples.length;
    expect(n).toBeGreaterThan(200);
    expect(runExamples(node.model!).results.every((r) => r.pass)).toBe(true);
    await page.locator("#tab-examples").click();
    await expect.poll(() => page.locator("#examples-list li.example").count()).toBe(n);
    expect(await page.locator('#examples-list li.example[data-pass="true"]').count()).toBe(n);
    expect(await page.textContent("#examples-summary")).toContain(`${n} of ${n} examples pass`);
    await shot("11-pedsp-examples");
    await page.locator("#tab-case").click();
  });

  it("keeps the line being typed in view when the problems list grows", async () => {
    await resetToBundled();
    const line = pedsp.split("\n").findIndex((l) => /^\s+xray_done:/.test(l)) + 1;
    // The declaration on the last visible line of the editor, the cursor after its name.
    await page.evaluate(([l]) => {
      const ed = window.__playground.editor as unknown as { getTopForLineNumber(n: number): number; setScrollTop(n: number): void; getLayoutInfo(): { height: number }; setPosition(p: object): void; focus(): void };
      ed.setScrollTop(ed.getTopForLineNumber(l) - ed.getLayoutInfo().height + 40);
      ed.setPosition({ lineNumber: l, column: 14 });
      ed.focus();
    }, [line] as const);
    expect(await page.locator(".problems li.problem").count()).toBe(0);
    // Renaming the declared fact makes every use of it a problem: the list under the editor fills.
    await page.keyboard.type("x");
    await checked();
    await expect.poll(() => page.locator(".problems li.problem").count()).toBeGreaterThan(5);
    const inView = await page.evaluate(([l]) => {
      const ed = window.__playground.editor as unknown as { getScrolledVisiblePosition(p: object): { top: number; height: number } | null; getLayoutInfo(): { height: number } };
      const p = ed.getScrolledVisiblePosition({ lineNumber: l, column: 14 });
      return p !== null && p.top >= 0 && p.top + p.height <= ed.getLayoutInfo().height;
    }, [line] as const);
    expect(inView).toBe(true);
    await page.keyboard.press("Backspace");
    await checked();
  });

  it("leaves the editor by keyboard (Esc then Tab, or Ctrl+M's tab-focus mode) and reaches the case form with Tab alone", async () => {
    await resetToBundled();
    await page.locator("#tab-case").click();
    const g = gallery("01-back-pain-night-pain-mri");
    await page.selectOption("#case-load", { label: g.description });
    const inEditor = (): Promise<boolean> => page.evaluate(() => document.activeElement?.closest(".monaco-editor") !== null && document.activeElement?.closest(".monaco-editor") !== undefined);
    const text = (): Promise<string> => page.evaluate(() => window.__playground.editor.getValue());
    await typeAt(3, 1, "");
    expect(await inEditor()).toBe(true);
    expect(await page.getAttribute("#tab-focus", "aria-pressed")).toBe("false");
    // Escape, then Tab: focus leaves and nothing is indented.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(false);
    expect(await text()).toBe(pedsp);
    // From there Tab alone reaches the case form, with a visible focus ring on every stop.
    const stops: string[] = [];
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { id: el.id || el.tagName, ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0, inForm: el.closest("#case-form") !== null };
      });
      stops.push(stop.id);
      expect(stop.ring, `focus ring on ${stop.id}`).toBe(true);
      reached = stop.inForm;
      if (!reached) await page.keyboard.press("Tab");
    }
    expect(reached, stops.join(" → ")).toBe(true);
    expect(stops).toContain("source-pane");
    await shot("12-keyboard-case-form");
    // Shift+Tab walks back; Esc then Shift+Tab leaves the editor backwards too.
    await typeAt(3, 1, "");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    expect(await inEditor()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-focus");
    // Ctrl+M: tab-focus mode, shown on the button; Tab then leaves the editor every time.
    await typeAt(3, 1, "");
    await page.keyboard.press("Control+M");
    await expect.poll(() => page.getAttribute("#tab-focus", "aria-pressed")).toBe("true");
    expect(await page.textContent("#tab-focus")).toContain("on (Ctrl+M)");
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(false);
    expect(await text()).toBe(pedsp);
    // The button turns it off again, and Tab indents as before.
    await page.locator("#tab-focus").click();
    await expect.poll(() => page.getAttribute("#tab-focus", "aria-pressed")).toBe("false");
    await typeAt(3, 1, "");
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(true);
    expect(await text()).not.toBe(pedsp);
    await page.keyboard.press("Control+Z");
    await expect.poll(text).toBe(pedsp);
    await checked();
  });

  it("stacks the panes at 390 px with tabs to switch, wraps the header, and never scrolls sideways", async () => {
    await resetToBundled();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const overflow = (): Promise<number> => page.evaluate(() => document.scrollingElement!.scrollWidth);
      const shown = (): Promise<Record<string, number>> => page.evaluate(() => Object.fromEntries(["col-editor", "col-source", "col-tools"].map((id) => [id, Math.round(document.getElementById(id)!.getBoundingClientRect().width)])));
      await expect.poll(overflow).toBeLessThanOrEqual(390);
      expect(await page.isVisible("#pane-tabs")).toBe(true);
      // The header wraps inside the page: every button is on screen.
      for (const id of ["format", "download", "reset"]) {
        const box = (await page.locator(`#${id}`).boundingBox())!;
        expect(box.x + box.width, id).toBeLessThanOrEqual(390);
      }
      // One pane at a time, the whole width; each reachable by its tab (the mouse and the arrow keys).
      await page.locator("#pane-editor").click();
      expect(await shown()).toEqual({ "col-editor": expect.any(Number), "col-source": 0, "col-tools": 0 });
      expect((await shown())["col-editor"]).toBeGreaterThan(370);
      await expect.poll(() => page.evaluate(() => window.__playground.editor.getDomNode().getBoundingClientRect().width)).toBeGreaterThan(300);
      await shot("13-narrow-editor");
      await page.locator("#pane-source").click();
      expect((await shown())["col-source"]).toBeGreaterThan(370);
      expect((await shown())["col-editor"]).toBe(0);
      expect(await page.locator("mark.cited").first().isVisible()).toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(390);
      await page.keyboard.press("ArrowRight");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("pane-tools");
      expect((await shown())["col-tools"]).toBeGreaterThan(370);
      await page.locator("#tab-case").click();
      const g = gallery("03-back-pain-short-trial-deny");
      await page.selectOption("#case-load", { label: g.description });
      await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("deny");
      expect(await page.locator("#case-form").isVisible()).toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(390);
      await shot("14-narrow-case");
      // A reason's quote shows the source pane; a quote there leads back to the editor.
      await page.locator("#case-reasons .cite-link").first().click();
      expect((await shown())["col-source"]).toBeGreaterThan(370);
      await page.locator("mark.cited.active").first().click();
      expect((await shown())["col-editor"]).toBeGreaterThan(370);
      for (const tab of ["#tab-notice", "#tab-examples", "#tab-compiled"]) {
        await page.locator("#pane-tools").click();
        await page.locator(tab).click();
        expect(await overflow(), tab).toBeLessThanOrEqual(390);
      }
      await page.locator("#tab-case").click();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // Wide again: three columns side by side, the pane tabs gone.
    await expect.poll(() => page.isVisible("#pane-tabs")).toBe(false);
    const wide = await page.evaluate(() => ["col-editor", "col-source", "col-tools"].map((id) => document.getElementById(id)!.getBoundingClientRect().width));
    expect(wide.every((w) => w > 250)).toBe(true);
  });

  it("completes by place: a fact's values after `is`, units after a number, line starts, facts in conditions", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const when = lines.findIndex((l) => l === "    when asymptomatic") + 1;
    /** The suggestion labels in the order shown, once the widget has them. */
    const shown = async (): Promise<string[]> => {
      await page.locator(".suggest-widget.visible .monaco-list-row").first().waitFor({ timeout: 5000 });
      return page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".suggest-widget.visible .monaco-list-row")]
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index)).map((r) => r.querySelector(".label-name")?.textContent ?? ""));
    };
    // After `cancer_diagnosis is ` (the space opens the list) its three values come first, in declared order.
    await typeAt(when, lines[when - 1].length + 1, " and cancer_diagnosis is ");
    expect((await shown()).slice(0, 3)).toEqual(["no_cancer", "leukemia", "other_cancer"]);
    await shot("15-completion-values");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(([l]) => window.__playground.editor.getModel().getLineContent(l), [when] as const)).toBe("    when asymptomatic and cancer_diagnosis is no_cancer");
    // Inside `is one of {`: the values again.
    await page.keyboard.type(" and indication is one of {");
    const indications = await shown();
    expect(indications.length).toBeGreaterThan(5);
    const index = await page.evaluate(() => window.__playground.lastResult()!.index!) as unknown as { indications: { name: string }[]; facts: { name: string }[] };
    expect(indications.every((w) => index.indications.some((i) => i.name === w))).toBe(true);
    await page.keyboard.press("Escape");
    await resetToBundled();
    // After a number: the compared fact's units first (temperature is in °F), and time units after `age >=`.
    await typeAt(when, lines[when - 1].length + 1, " and temperature >= 100 ");
    await page.keyboard.press("Control+Space");
    expect((await shown()).slice(0, 2)).toEqual(["°F", "°C"]);
    await page.keyboard.press("Escape");
    await page.keyboard.type("°F and age < 2 ");
    await page.keyboard.press("Control+Space");
    expect((await shown()).slice(0, 4)).toEqual(["days", "weeks", "months", "years"]);
    await page.keyboard.press("Escape");
    // In a condition (after `and`): facts and definitions first.
    await page.keyboard.type("years and ");
    await page.keyboard.press("Control+Space");
    const first = (await shown())[0];
    expect(index.facts.some((f) => f.name === first) || /^[a-z_]+$/.test(first)).toBe(true);
    expect(["approve", "section", "72148"]).not.toContain(first);
    await page.keyboard.press("Escape");
    // At the start of a line in a section: the words a section line starts with.
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Space");
    expect((await shown()).slice(0, 3)).toEqual(["requires", "define", "applies when"]);
    await page.keyboard.press("Escape");
    // `label: ` then an outcome.
    await page.keyboard.type("extra: ");
    await page.keyboard.press("Control+Space");
    expect((await shown())[0]).toBe("approve");
    await page.keyboard.press("Escape");
    await resetToBundled();
  });

  it("applies a \"did you mean\" quick fix (Ctrl+. in the editor, or the button in the problems list)", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const when = lines.findIndex((l) => l === "    when asymptomatic") + 1;
    const lineText = (): Promise<string> => page.evaluate(([l]) => window.__playground.editor.getModel().getLineContent(l), [when] as const);
    await typeAt(when, lines[when - 1].length + 1, " and severe_or_night_pian");
    await page.keyboard.press("Escape");
    await checked();
    const marker = (await page.evaluate(() => window.__playground.markers())).find((m) => m.code === "undefined-name");
    expect(marker?.message).toContain("Did you mean 'severe_or_night_pain'?");
    // The cursor on the misspelt name, Ctrl+.: the fix is offered first; Enter applies it.
    await page.evaluate(([l, c]) => { const ed = window.__playground.editor; ed.setPosition({ lineNumber: l, column: c }); ed.focus(); }, [when, lines[when - 1].length + 16] as const);
    await page.keyboard.press("Control+.");
    const item = page.locator(".action-widget", { hasText: "Change 'severe_or_night_pian' to 'severe_or_night_pain'" });
    await item.first().waitFor({ timeout: 5000 });
    await shot("16-quick-fix");
    await page.keyboard.press("Enter");
    await expect.poll(lineText).toBe("    when asymptomatic and severe_or_night_pain");
    await checked();
    expect((await page.evaluate(() => window.__playground.markers())).filter((m) => m.severity === 8)).toEqual([]);
    // The same fix from the problems list.
    await page.keyboard.type(" and xray_dne");
    await page.keyboard.press("Escape");
    await checked();
    const fix = page.locator(".problems li.problem button.fix", { hasText: "Change to ‘xray_done’" });
    await fix.first().waitFor({ timeout: 5000 });
    await fix.first().click();
    await expect.poll(lineText).toBe("    when asymptomatic and severe_or_night_pain and xray_done");
    await resetToBundled();
  });

  it("shares the guideline and the case in a link that opens them again, and opens a .guide file", async () => {
    await resetToBundled();
    await page.locator("#tab-case").click();
    const g = gallery("03-back-pain-short-trial-deny");
    await page.selectOption("#case-load", { label: g.description });
    await expect.poll(() => page.getAttribute("#case-outcome", "data-outcome")).toBe("deny");
    await typeAt(1, 1, "// Shared for review: “quotes”, ünïcode and a tab\t.\n");
    await checked();
    const text = await page.evaluate(() => window.__playground.editor.getValue());
    const caseJson = await page.inputValue("#case-json");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.locator("#share").click();
    await expect.poll(() => page.textContent("#share-status")).toMatch(/^Copied \(\d+ KB\)\.$/);
    const link = await page.inputValue("#share-link");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(link).toMatch(/#share=[A-Za-z0-9_-]+$/);
    // Compressed: the link is much shorter than the text it holds.
    expect(link.length).toBeLessThan(text.length / 2);
    timings.shareLinkChars = link.length;
    timings.shareTextChars = text.length;
    await shot("17-share");
    // Another tab opens the link: the same text and case, the same decision, and the fragment dropped.
    const other = await context.newPage();
    try {
      await other.goto(link);
      await other.waitForFunction(() => { const p = window.__playground; return p && p.lastResult()?.version === p.editor.getModel().getVersionId() && p.editor.getValue().startsWith("// Shared"); }, undefined, { timeout: 30_000 });
      expect(await other.evaluate(() => window.__playground.editor.getValue())).toBe(text);
      expect(await other.inputValue("#case-json")).toBe(caseJson);
      await expect.poll(() => other.getAttribute("#case-outcome", "data-outcome")).toBe("deny");
      expect(new URL(other.url()).hash).toBe("");
      // A damaged link says so and changes nothing.
      await other.evaluate(() => { location.hash = "#share=AAAA"; });
      await expect.poll(() => other.textContent("#banner")).toContain("This share link could not be opened");
      expect(await other.evaluate(() => window.__playground.editor.getValue())).toBe(text);
    } finally {
      await other.close();
    }
    // Open a file: its text replaces the editor's (Ctrl+Z brings the previous text back).
    await page.locator("#share-close").click();
    await page.setInputFiles("#open-file", { name: "sample.guide", mimeType: "text/plain", buffer: Buffer.from(sample) });
    await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue())).toBe(sample);
    await checked();
    await resetToBundled();
  });

  it("finds every use of a fact and renames it everywhere (F2), a definition and a section too; lists rules in the outline", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const uses = (text: string, name: string): number => GuideLexer.tokenize(text).tokens.filter((t) => t.tokenType === Identifier && t.image === name).length;
    const n = uses(pedsp, "xray_done");
    expect(n).toBeGreaterThan(10);
    const decl = lines.findIndex((l) => /^\s+xray_done:/.test(l)) + 1;
    const use = lines.findIndex((l, i) => i > decl && /\bxray_done\b/.test(l.replace(/"[^"]*"/g, "")) && !l.trim().startsWith("//")) + 1;
    // Shift+F12 on the declaration: every use, the declaration included.
    await typeAt(decl, lines[decl - 1].indexOf("xray_done") + 3, "");
    await page.keyboard.press("Shift+F12");
    await expect.poll(() => page.locator(".peekview-widget").first().textContent(), { timeout: 10_000 }).toContain(`References (${n})`);
    await shot("18-references");
    await page.keyboard.press("Escape");
    // F2 on a use: the new name replaces the declaration and every use; quotes and comments are left alone.
    await typeAt(use, lines[use - 1].indexOf("xray_done") + 3, "");
    await page.keyboard.press("F2");
    await page.waitForFunction(() => document.activeElement?.classList.contains("rename-input") === true, undefined, { timeout: 5000 });
    await page.keyboard.press("Control+A");
    await page.keyboard.type("plain_xrays_done");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue())).not.toBe(pedsp);
    await checked();
    const renamed = await page.evaluate(() => window.__playground.editor.getValue());
    expect(uses(renamed, "xray_done")).toBe(0);
    expect(uses(renamed, "plain_xrays_done")).toBe(n);
    expect(renamed.length).toBe(pedsp.length + n * ("plain_xrays_done".length - "xray_done".length));
    // Nothing was left behind: no marker, and every example still passes.
    expect((await page.evaluate(() => window.__playground.markers())).filter((m) => m.severity === 8)).toEqual([]);
    expect(await page.evaluate(() => window.__playground.lastResult()!.examples.every((e) => e.pass))).toBe(true);
    // One Ctrl+Z undoes the whole rename.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+Z");
    await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue())).toBe(pedsp);
    await checked();
    // Rules are in the outline (Ctrl+Shift+O), by label.
    await page.evaluate(() => window.__playground.editor.focus());
    await page.keyboard.press("Control+Shift+O");
    await page.keyboard.type("myelogram");
    await expect.poll(() => page.locator(".quick-input-widget .monaco-list-row").first().textContent(), { timeout: 5000 }).toContain("myelogram");
    await shot("19-outline-rules");
    await page.keyboard.press("Escape");
    // A definition and a section rename the same way: every use, and nothing left undeclared.
    const rename = async (line: number, column: number, to: string): Promise<string> => {
      const before = await page.evaluate(() => window.__playground.editor.getValue());
      await typeAt(line, column, "");
      await page.keyboard.press("F2");
      await page.waitForFunction(() => document.activeElement?.classList.contains("rename-input") === true, undefined, { timeout: 5000 });
      await page.keyboard.press("Control+A");
      await page.keyboard.type(to);
      await page.keyboard.press("Enter");
      await expect.poll(() => page.evaluate(() => window.__playground.editor.getValue())).not.toBe(before);
      await checked();
      expect((await page.evaluate(() => window.__playground.markers())).filter((m) => m.severity === 8)).toEqual([]);
      return page.evaluate(() => window.__playground.editor.getValue());
    };
    const def = lines.findIndex((l) => /^\s+define red_flag\b/.test(l)) + 1;
    const defUses = uses(pedsp, "red_flag");
    const t1 = await rename(def, lines[def - 1].indexOf("red_flag") + 2, "any_red_flag");
    expect(uses(t1, "any_red_flag")).toBe(defUses);
    expect(uses(t1, "red_flag")).toBe(0);
    const sectionIds = (text: string, id: string): number => GuideLexer.tokenize(text).tokens.filter((t) => t.tokenType.name === "SectionId" && t.image === id).length;
    const sec = lines.findIndex((l) => l.startsWith("section PEDSP-2.3 ")) + 1;
    const secUses = sectionIds(t1, "PEDSP-2.3");
    expect(secUses).toBeGreaterThan(5);
    const t2 = await rename(sec, 12, "PEDSP-2.30");
    expect(sectionIds(t2, "PEDSP-2.30")).toBe(secUses);
    expect(sectionIds(t2, "PEDSP-2.3")).toBe(0);
    expect(await page.evaluate(() => window.__playground.lastResult()!.examples.every((e) => e.pass))).toBe(true);
    await resetToBundled();
  });

  it("marks a quote the source holds twice at the place each citation means", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const cites = lines.map((l, i) => (l.includes('cite "Motor Vehicle Collision"') ? i + 1 : 0)).filter(Boolean);
    expect(cites.length).toBe(2);
    expect(pedspSource.split("Motor Vehicle Collision").length - 1).toBe(2);
    // Both occurrences in the source are marked, each its own mark.
    const marks = page.locator("mark.cited", { hasText: /^Motor Vehicle Collision$/ });
    await expect.poll(() => marks.count()).toBe(2);
    const activeIndex = (): Promise<number> => page.evaluate(() => [...document.querySelectorAll("mark.cited")].filter((m) => m.textContent === "Motor Vehicle Collision").findIndex((m) => m.classList.contains("active")));
    // The cursor in each citation marks its own occurrence: the under-3 list's first, the older children's second.
    for (const [i, line] of cites.entries()) {
      await page.evaluate(([l, c]) => window.__playground.editor.setPosition({ lineNumber: l, column: c }), [line, lines[line - 1].indexOf("Motor") + 3] as const);
      await expect.poll(activeIndex).toBe(i);
      // The source line of the mark is the one after its list's previous item.
      const before = await page.evaluate(() => {
        const m = [...document.querySelectorAll("mark.cited.active")][0];
        let p = m.previousSibling;
        while (p && p.nodeName !== "MARK") p = p.previousSibling;
        return p?.textContent ?? "";
      });
      expect(before).toBe(i === 0 ? "Individual does not open eyes regardless of stimulus" : "Diving injury");
    }
    // A click on the second mark goes to the second citation.
    await marks.nth(1).click();
    await expect.poll(() => page.evaluate(() => (window.__playground.editor as unknown as { getPosition(): { lineNumber: number } }).getPosition().lineNumber)).toBe(cites[1]);
    await marks.nth(0).click();
    await expect.poll(() => page.evaluate(() => (window.__playground.editor as unknown as { getPosition(): { lineNumber: number } }).getPosition().lineNumber)).toBe(cites[0]);
  });

  it("measures keystroke to markers on PEDSP: the median of ten typos", async () => {
    await resetToBundled();
    const lines = pedsp.split("\n");
    const when = lines.findIndex((l) => l === "    when asymptomatic") + 1;
    const ms: number[] = [], checkMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      // A typo makes the name unknown: from the keystroke to its error marker on the page.
      await typeAt(when, lines[when - 1].length + 1, "x");
      const handle = await page.waitForFunction((l) => {
        const p = window.__playground;
        const v = p.editor.getModel().getVersionId();
        const hit = p.timing.markersVersion === v && p.markers().some((m) => m.line === l && m.code === "undefined-name");
        return hit ? { ms: p.timing.markersAt - p.timing.lastKeyAt, check: p.timing.checkMs } : undefined;
      }, when, { timeout: 20_000 });
      const got = (await handle.jsonValue())!;
      ms.push(Math.round(got.ms));
      checkMs.push(got.check);
      // Fixed again, and the page settled before the next typo.
      await page.keyboard.press("Backspace");
      await checked();
      await expect.poll(() => page.evaluate(() => window.__playground.markers().filter((m) => m.severity === 8).length)).toBe(0);
    }
    const sorted = [...ms].sort((a, b) => a - b);
    timings.pedspKeystrokeToMarkersMedianMs = Math.round((sorted[4] + sorted[5]) / 2);
    timings.pedspKeystrokeToMarkersMinMs = sorted[0];
    timings.pedspKeystrokeToMarkersMaxMs = sorted[9];
    timings.pedspKeystrokeToMarkersAllMs = ms;
    // Of which the worker's check (parse and check of the whole text), as the worker measured it.
    timings.pedspWorkerCheckMedianMs = [...checkMs].sort((a, b) => a - b)[5];
    timings.pedspWorkerCheckAllMs = checkMs;
    expect(ms.every((x) => x >= 0)).toBe(true);
  });

  it("restarts a dead checker, says so, and keeps checking", async () => {
    await page.evaluate(() => window.__playground.checker.crash());
    await expect.poll(() => page.textContent("#banner")).toContain("Checker restarted");
    expect(await page.isVisible("#banner")).toBe(true);
    await setText(sample.replace("xray_done\n", "xray_dne\n"));
    expect(await page.evaluate(() => window.__playground.markers().some((m) => m.code === "undefined-name"))).toBe(true);
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes("checker crash requested")));
  });

  it("checks a 1 MB text off the page's thread", async () => {
    const big = sample + "\n" + `// ${"filler text ".repeat(8)}\n`.repeat(11_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    const gaps = await page.evaluate(async (text) => {
      const p = window.__playground;
      let last = performance.now(), worst = 0;
      const tick = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 20);
      const t0 = performance.now();
      p.editor.setValue(text);
      const setMs = performance.now() - t0;
      const version = p.editor.getModel().getVersionId();
      while (p.lastResult()?.version !== version) await new Promise((r) => setTimeout(r, 20));
      clearInterval(tick);
      return { setMs, worst, checkedMs: performance.now() - t0 };
    }, big);
    timings.megabyteSetValueMs = Math.round(gaps.setMs);
    timings.megabyteWorstMainThreadGapMs = Math.round(gaps.worst);
    timings.megabyteCheckedMs = Math.round(gaps.checkedMs);
    expect(gaps.worst).toBeLessThan(1500);
    await setText(sample);
    expect(consoleErrors).toEqual([]);
  });
});
