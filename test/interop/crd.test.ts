// The CRD service (compiler/interop/crd.ts, server.ts) as a client sees it: a real HTTP server on 127.0.0.1 (a free
// port), discovery, order-sign for CPT 72148 without facts (pend: the coverage-information extension checked with
// fhirpath against CRD 2.2's invariants crd-ci-q1, q2, q5 and q8, the questionnaire canonical), with a prefetch that
// decides it (an adult: not-applicable, no auth) and with temperatures, a denial's off-guideline card, errors with
// plain messages, and an engine failure that is indeterminate, never approved.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret, type Model } from "../../compiler/index.ts";
import { CRD_EXT, coverageInformation, orderSign, type CdsResponse, type ServiceConfig } from "../../compiler/interop/crd.ts";
import { serve, type Running } from "../../compiler/interop/server.ts";
import { r4Issues } from "./r4.ts";

const ASOF = "2026-11-25";
const INSURER = "Example Health Plan";
let model: Model;
let running: Running;
beforeAll(async () => {
  const g = loadGuide("guidelines/pedsp/pedsp.guide");
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
  running = await serve({ port: 0, host: "127.0.0.1", today: () => ASOF, config: (baseUrl) => ({ model, insurer: INSURER, baseUrl }) });
});
afterAll(async () => { await running?.close(); });

const post = async (path: string, body: unknown): Promise<{ status: number; json: any; type: string | null }> => {
  const res = await fetch(`${running.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json(), type: res.headers.get("content-type") };
};
const example = (): any => JSON.parse(readFileSync("examples/interop/order-sign-72148.json", "utf8"));
/** The example request with another patient, order or extra prefetch. */
function request(o: { birthDate?: string; cpt?: string; icd?: string; observations?: unknown[] } = {}): any {
  const r = example();
  if (o.birthDate) r.prefetch.patient.birthDate = o.birthDate;
  const sr = r.context.draftOrders.entry[0].resource;
  if (o.cpt) sr.code.coding[0].code = o.cpt;
  if (o.icd) sr.reasonCode[0].coding[0].code = o.icd;
  if (o.observations) r.prefetch.temperatures = { resourceType: "Bundle", type: "searchset", entry: o.observations.map((resource) => ({ resource })) };
  return r;
}
/** A body-temperature vital sign (LOINC 8310-5) in UCUM `Cel` or `[degF]`. */
const obs = (id: string, value: number, code: string, day: string): unknown => ({
  resourceType: "Observation", id, status: "final", category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs" }] }],
  code: { coding: [{ system: "http://loinc.org", code: "8310-5", display: "Body temperature" }] },
  effectiveDateTime: `${day}T09:00:00Z`, valueQuantity: { value, unit: code === "Cel" ? "°C" : "°F", system: "http://unitsofmeasure.org", code },
});
const coverageExt = (r: CdsResponse, i = 0): any => (r.systemActions[i].resource.extension as any[]).find((e) => e.url === CRD_EXT);
const sub = (ext: any, url: string): any[] => ext.extension.filter((e: any) => e.url === url);

// CRD 2.2's invariants on ext-coverage-information, as published (input/fsh of HL7/davinci-crd).
const INVARIANTS: Record<string, string> = {
  "crd-ci-q1": "extension.where(url='questionnaire').exists() implies extension.where(url = 'doc-needed').exists()",
  "crd-ci-q2": "extension.where(url = 'covered' and value = 'not-covered').exists() implies extension.where(url = 'pa-needed').exists().not()",
  "crd-ci-q5": "extension.where(url = 'pa-needed' and value = 'satisfied').exists() = extension.where(url = 'satisfied-pa-id').exists()",
  "crd-ci-q8": "extension.where(url = 'doc-purpose' and value != 'conditional').exists() implies extension.where(url = 'reason').exists()",
};
/** The ServiceRequest is valid R4, and each invariant, evaluated by fhirpath (R4 model), holds on every coverage-information extension. */
function invariants(sr: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { r4: r4Issues(sr as object) };
  for (const [id, expr] of Object.entries(INVARIANTS)) out[id] = fhirpath.evaluate(sr, `ServiceRequest.extension.where(url = '${CRD_EXT}').all(${expr})`, undefined, r4 as any);
  return out;
}
const ALL_HOLD = { r4: [], "crd-ci-q1": [true], "crd-ci-q2": [true], "crd-ci-q5": [true], "crd-ci-q8": [true] };

describe("guide serve: the CRD service", () => {
  it("listens on 127.0.0.1 on the port it chose", () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).toBeGreaterThan(0);
  });

  it("discovery: one order-sign service with prefetch templates for the Patient and the Coverage", async () => {
    const res = await fetch(`${running.url}/cds-services`);
    expect(res.status).toBe(200);
    const body = await res.json() as any;
    expect(body.services).toHaveLength(1);
    const s = body.services[0];
    expect(s).toMatchObject({ hook: "order-sign", id: "pedsp-crd" });
    expect(s.title).toContain("Pediatric Spine Imaging");
    expect(s.prefetch.patient).toBe("Patient/{{context.patientId}}");
    expect(s.prefetch.coverage).toBe("Coverage?patient={{context.patientId}}&status=active");
  });

  it("order-sign for CPT 72148 without facts: an update with coverage information that needs documentation (pend)", async () => {
    const { status, json } = await post("/cds-services/pedsp-crd", example());
    expect(status).toBe(200);
    const r = json as CdsResponse;
    expect(r.cards).toEqual([]);
    expect(r.systemActions).toHaveLength(1);
    const a = r.systemActions[0];
    expect(a.type).toBe("update");
    expect(a.resource).toMatchObject({ resourceType: "ServiceRequest", id: "sr1", code: example().context.draftOrders.entry[0].resource.code });
    const ext = coverageExt(r);
    expect(sub(ext, "coverage")[0].valueReference).toEqual({ reference: "Coverage/c1" });
    expect(sub(ext, "covered")[0].valueCode).toBe("covered");
    expect(sub(ext, "pa-needed")[0].valueCode).toBe("auth-needed");
    expect(sub(ext, "doc-needed")[0].valueCode).toBe("clinical");
    expect(sub(ext, "doc-purpose")[0].valueCode).toBe("withpa");
    expect(sub(ext, "questionnaire")[0].valueCanonical).toBe(`${running.url}/Questionnaire/pedsp|1.2`);
    expect(sub(ext, "reason")[0].valueCodeableConcept.text).toMatch(/more information is needed to decide; \d+ questions? to answer: /);
    expect(sub(ext, "date")[0].valueDate).toBe(ASOF);
    expect(sub(ext, "coverage-assertion-id")[0].valueString).toMatch(/^ca-[0-9a-f]{24}$/);
    expect(sub(ext, "satisfied-pa-id")).toEqual([]);
    // One detail per missing fact, with its question: the same facts the engine asks for on this partial case.
    const d = interpret(model, { asOf: ASOF, patient: { birthDate: "2015-06-14" }, request: { cpt: "72148", indication: "back_pain" }, facts: {} });
    expect(d.outcome).toBe("pend");
    const details = sub(ext, "detail").filter((x) => x.extension.some((e: any) => e.url === "code" && e.valueCodeableConcept.coding[0].code === "instructions"));
    expect(details.map((x) => x.extension.find((e: any) => e.url === "value").valueString)).toEqual(d.missing.map((m) => m.question));
    expect(invariants(a.resource)).toEqual(ALL_HOLD);
  });

  it("answers the same request the same way (the coverage assertion id too)", async () => {
    const a = (await post("/cds-services/pedsp-crd", example())).json;
    const b = (await post("/cds-services/pedsp-crd", example())).json;
    expect(b).toEqual(a);
  });

  it("order-sign decided by the prefetch: an adult's order is not this guideline's, so no authorization is needed under it", async () => {
    const { status, json } = await post("/cds-services/pedsp-crd", request({ birthDate: "2000-03-01" }));
    expect(status).toBe(200);
    const ext = coverageExt(json);
    expect(sub(ext, "covered")[0].valueCode).toBe("covered");
    expect(sub(ext, "pa-needed")[0].valueCode).toBe("no-auth");
    expect(sub(ext, "doc-needed")).toEqual([]);
    expect(sub(ext, "questionnaire")).toEqual([]);
    expect(sub(ext, "reason")[0].valueCodeableConcept.text).toContain("ADULT-SPINE");
    expect(json.cards).toEqual([]);
    expect(invariants(json.systemActions[0].resource)).toEqual(ALL_HOLD);
  });

  it("pre-populates the temperature from vital-sign Observations (°C converted), so fever is no longer asked", async () => {
    const without = coverageExt((await post("/cds-services/pedsp-crd", example())).json);
    const asked = (ext: any): string[] => sub(ext, "detail").map((x: any) => x.extension.find((e: any) => e.url === "qualification")?.valueString).filter(Boolean);
    expect(asked(without)).toContain("Questionnaire item fever");
    // 38.5 °C (101.3 °F) ten days ago; an older 39 °C outside the 30-day window is not read.
    const withTemp = coverageExt((await post("/cds-services/pedsp-crd", request({ observations: [obs("t1", 38.5, "Cel", "2026-11-15"), obs("t0", 39, "Cel", "2026-09-01")] }))).json);
    expect(asked(withTemp)).not.toContain("Questionnaire item fever");
    expect(asked(withTemp)).not.toContain("Questionnaire item temperature");
  });

  it("a denial: auth-needed and an off-guideline card with the unmet criteria, their citations and a link to the section", async () => {
    // MRI lumbar without contrast for a 10-year-old's back pain with a documented fever (102 °F): PEDSP-2.3 asks for
    // the study with contrast then, so the order as written is not supported whatever else the record says.
    const { status, json } = await post("/cds-services/pedsp-crd", request({ birthDate: "2016-01-01", observations: [obs("t2", 102, "[degF]", "2026-11-24")] }));
    expect(status).toBe(200);
    const ext = coverageExt(json);
    expect(sub(ext, "pa-needed")[0].valueCode).toBe("auth-needed");
    expect(invariants(json.systemActions[0].resource)).toEqual(ALL_HOLD);
    expect(json.cards).toHaveLength(1);
    const card = json.cards[0];
    expect(card.summary.length).toBeLessThan(140);
    expect(card.summary).toMatch(/PEDSP-2\.3 criteria not met$/);
    expect(card.indicator).toBe("warning");
    expect(card.source).toEqual({ label: INSURER, topic: { system: "http://terminology.hl7.org/CodeSystem/cdshooks-card-type", code: "off-guideline", display: "Off Guideline" } });
    expect(card.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(card.detail).toContain("PEDSP-2.3");
    expect(card.detail).toMatch(/Guideline: “[^”]+” \(source line \d+\)/);
    expect(card.links[0]).toEqual({ label: "PEDSP-2.3 Back and Neck Pain in Children Age 6 and Over", url: `${running.url}/sections/PEDSP-2.3`, type: "absolute" });
    // The link resolves to the section's sentences.
    const page = await fetch(card.links[0].url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("PEDSP-2.3 Back and Neck Pain in Children Age 6 and Over");
  });

  it("an approval: satisfied with the authorization number (crd-ci-q5), from a gallery case", () => {
    const file = ["06-spondylolysis-spect.json", "07-discitis-mri.json"].find((f) => interpret(model, JSON.parse(readFileSync(`examples/cases/${f}`, "utf8")).case).outcome === "approve")!;
    const d = interpret(model, JSON.parse(readFileSync(`examples/cases/${file}`, "utf8")).case);
    const c: ServiceConfig = { model, insurer: INSURER, baseUrl: "https://payer.example" };
    const ext = coverageInformation(c, d, { coverageRef: "Coverage/c1", patientId: "p1", asOf: ASOF, assertion: "ca-1", srId: "sr1" });
    expect(sub(ext, "pa-needed")[0].valueCode).toBe("satisfied");
    expect(sub(ext, "satisfied-pa-id")[0].valueString).toMatch(/^PEDSP-[0-9A-F]{12}$/);
    expect(sub(ext, "doc-purpose")).toEqual([]);
    expect(invariants({ resourceType: "ServiceRequest", status: "draft", intent: "order", subject: { reference: "Patient/p1" }, code: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: d.cpt }] }, extension: [ext] })).toEqual(ALL_HOLD);
  });

  it("an engine failure is indeterminate with a technical reason, never an approval", () => {
    const c: ServiceConfig = { model, insurer: INSURER, baseUrl: "https://payer.example" };
    const r = orderSign(c, example(), ASOF, () => { throw new Error("boom at line 3"); });
    expect(r.status).toBe(200);
    const ext = coverageExt(r.body as CdsResponse);
    expect(sub(ext, "covered")[0].valueCode).toBe("indeterminate");
    expect(sub(ext, "pa-needed")[0].valueCode).toBe("indeterminate");
    expect(sub(ext, "reason")[0].valueCodeableConcept.text).toMatch(/^Technical problem/);
    expect(JSON.stringify(r.body)).not.toContain("boom");
    expect(JSON.stringify(r.body)).not.toContain("satisfied");
  });

  it("malformed JSON: 400 with a plain message, no stack trace", async () => {
    const { status, json, type } = await post("/cds-services/pedsp-crd", "{\"hook\": \"order-sign\",");
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(json.error).toBe("invalid-json");
    expect(json.message).toMatch(/^The request body is not valid JSON/);
    expect(JSON.stringify(json)).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  it("requests it cannot decide: 400 (or 412 without a Coverage) with a plain message", async () => {
    const cases: [unknown, number, RegExp][] = [
      [[1, 2], 400, /must be a JSON object/],
      [{ ...example(), hook: "patient-view" }, 400, /answers the order-sign hook/],
      [{ hook: "order-sign", hookInstance: "x" }, 400, /no context/],
      [{ ...example(), context: { patientId: "p1", draftOrders: { resourceType: "Bundle", entry: [] } } }, 400, /holds no ServiceRequest/],
      [request({ cpt: "99213" }), 400, /No draft order is a study PEDSP decides \(CPT 99213\)/],
      [request({ birthDate: "2015-02-30" }), 400, /cannot be decided from this request: patient\.birthDate/],
      [{ ...example(), prefetch: { patient: example().prefetch.patient } }, 412, /no active Coverage/],
    ];
    for (const [body, want, message] of cases) {
      const { status, json } = await post("/cds-services/pedsp-crd", body);
      expect(status, `${JSON.stringify(json)} for ${message}`).toBe(want);
      expect(json.message).toMatch(message);
    }
  });

  it("unknown services, paths and methods: plain JSON errors", async () => {
    expect((await post("/cds-services/other", example())).status).toBe(404);
    expect((await fetch(`${running.url}/cds-services/pedsp-crd`)).status).toBe(405);
    const nf = await fetch(`${running.url}/nowhere`);
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as any).message).toMatch(/GET \/cds-services/);
    expect((await fetch(`${running.url}/sections/PEDSP-99`)).status).toBe(404);
  });
});

describe("the guide serve command", () => {
  it("starts on a free port, prints where, answers discovery and stops on SIGTERM with exit 0", async () => {
    const { startServe } = await import("../../compiler/interop/serve-process.ts");
    const { url, child, exited, stderr } = await startServe("bin/guide.js", ["guidelines/pedsp/pedsp.guide", "--port", "0", "--insurer", "Test Plan"], 45_000);
    try {
      const res = await fetch(`${url}/cds-services`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).services[0].id).toBe("pedsp-crd");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, stderr()).toBe(0);
  }, 90_000);

  it("options are checked before anything is read: a bad --as-of or --port is a usage error (exit 2)", async () => {
    const { main } = await import("../../compiler/cli/main.ts");
    for (const [args, message] of [[["--as-of", "2026-02-30"], /--as-of must be a date written YYYY-MM-DD/], [["--port", "70000"], /--port must be a port number/]] as const) {
      const err: string[] = [];
      expect(await main(["serve", "guidelines/pedsp/pedsp.guide", ...args], { stdout: () => {}, stderr: (s) => err.push(s) })).toBe(2);
      expect(err.join("\n")).toMatch(message);
    }
  });

  it("a port in use is a usage error (exit 2) with a plain message", async () => {
    const { main } = await import("../../compiler/cli/main.ts");
    const err: string[] = [];
    const code = await main(["serve", "guidelines/pedsp/pedsp.guide", "--port", String(running.port)], { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/port \d+ is in use on 127\.0\.0\.1; pick another with --port/);
  });
});
