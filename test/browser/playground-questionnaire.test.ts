// The playground's "Download questionnaire" (issue 18): the button downloads the FHIR R4 Questionnaire of the text in
// the editor, the same JSON `guide questionnaire` makes, and says in plain words why not when the text has errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkedIn, openPlayground, root, shots, type Playground } from "./harness.ts";
import { loadGuide } from "../../compiler/cli/io.ts";
import { questionnaireOf } from "../../compiler/interop/questionnaire.ts";

/** The page's test hook, as far as this file uses it (other files declare Window.__playground their own way). */
interface Hook { __playground: { editor: { setValue(s: string): void } } }

let playground: Playground;
beforeAll(async () => { playground = await openPlayground("questionnaire"); }, 180_000);
afterAll(async () => { await playground?.close(); });

describe("Download questionnaire", () => {
  it("downloads the bundled guideline's Questionnaire, byte for byte what questionnaireOf gives", async () => {
    const { page } = playground;
    await checkedIn(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-questionnaire").click()]);
    expect(download.suggestedFilename()).toBe("pedsp.questionnaire.json");
    const text = readFileSync((await download.path())!, "utf8");
    const model = loadGuide(join(root, "guidelines/pedsp/pedsp.guide")).model!;
    expect(text).toBe(JSON.stringify(questionnaireOf(model).questionnaire, null, 2) + "\n");
    await expect.poll(() => page.locator("#status").textContent()).toBe("Questionnaire downloaded.");
    await page.screenshot({ path: join(shots, "playground-questionnaire-button.png"), clip: { x: 0, y: 0, width: 1280, height: 90 } });
    // The header still holds every button at 1280 px.
    const right = await page.evaluate(() => document.getElementById("reset")!.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(1280);
    expect(playground.consoleErrors).toEqual([]);
  }, 120_000);

  it("says why there is none while the text has errors", async () => {
    const { page } = playground;
    await page.evaluate(() => (window as unknown as Hook).__playground.editor.setValue("guideline X \"broken\" {"));
    await checkedIn(page);
    await page.locator("#download-questionnaire").click();
    await expect.poll(() => page.locator("#banner").textContent()).toMatch(/made from a guideline without errors/);
  }, 60_000);
});
