// DTR's adaptive `$next-question` (compiler/interop/dtr.ts) against the running service: for every gallery case, a
// client starts from a response holding only the request (the order, the patient, the indication), answers each
// question asked from the gallery case, and calls again; the loop ends `completed` with the outcome the gallery case
// is decided with (its pend, when it pends), never asks a question already asked or answered, asks no more than the
// static form for that study, and ends within a bounded number of calls. Also: the questionnaires served, the
// Parameters form, and errors with plain messages.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret, type Determination, type Model } from "../../compiler/index.ts";
import { serve, type Running } from "../../compiler/interop/server.ts";
import { serviceExtras, PA_NUMBER_LINK_ID } from "../../compiler/interop/dtr.ts";
import { CRD_EXT, type ServiceConfig } from "../../compiler/interop/crd.ts";
import { questionnaireOf } from "../../compiler/interop/questionnaire.ts";
import { r4Issues } from "./r4.ts";
import { caseFromResponse, responseFromCase, DATA_ABSENT_REASON, NOT_DOCUMENTED_REASON, INDICATION_LINK_ID } from "../../runtime/fhir.ts";

const ASOF = "2026-11-25";
const MAX_CALLS = 30;
let model: Model;
let running: Running;
let config: ServiceConfig;
beforeAll(async () => {
  const g = loadGuide("guidelines/pedsp/pedsp.guide");
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
  running = await serve({ port: 0, today: () => ASOF, config: (baseUrl) => (config = { model, insurer: "Example Health Plan", baseUrl }), extras: serviceExtras(() => config) });
});
afterAll(async () => { await running?.close(); });

interface GalleryCase { description: string; case: { asOf: string; patient: { birthDate: string }; request: { cpt: string; indication?: string }; facts: Record<string, unknown>; documentation?: string }; expect: { outcome: Determination["outcome"] } }
const GALLERY = readdirSync("examples/cases").filter((f) => f.endsWith(".json")).sort();
const galleryCase = (f: string): GalleryCase => JSON.parse(readFileSync(`examples/cases/${f}`, "utf8"));

const nextQuestion = async (body: unknown): Promise<{ status: number; json: any; type: string | null }> => {
  const res = await fetch(`${running.url}/Questionnaire/$next-question`, { method: "POST", headers: { "Content-Type": "application/fhir+json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json(), type: res.headers.get("content-type") };
};

/** The response a client starts with: the order, the patient and the coverage contained, the indication answered. */
function startingResponse(c: GalleryCase["case"]): any {
  const items = c.request.indication ? responseFromCase(model.plan, { asOf: c.asOf, patient: c.patient, request: c.request, facts: {} }, { base: config.baseUrl }).item! : [];
  return {
    resourceType: "QuestionnaireResponse", status: "in-progress",
    contained: [
      { resourceType: "ServiceRequest", id: "sr", status: "draft", intent: "order", code: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: c.request.cpt }] }, subject: { reference: "#pt" } },
      { resourceType: "Patient", id: "pt", birthDate: c.patient.birthDate },
      { resourceType: "Coverage", id: "cov", status: "active", beneficiary: { reference: "#pt" }, payor: [{ display: "Example Health Plan" }] },
    ],
    item: items,
  };
}

/** The answer items a gallery case gives for these facts (flat: one item per fact), "not documented" on a complete record. */
function answersFrom(c: GalleryCase["case"], facts: string[]): any[] {
  const out: any[] = [];
  for (const f of facts) {
    if (Object.hasOwn(c.facts, f)) {
      const qr = responseFromCase(model.plan, { asOf: c.asOf, patient: c.patient, request: c.request, facts: { [f]: c.facts[f] } }, { base: config.baseUrl });
      const flat: any[] = [];
      const walk = (items: any[]): void => { for (const it of items) { if (it.linkId === f) flat.push(it); walk(it.item ?? []); } };
      walk(qr.item ?? []);
      expect(flat, f).toHaveLength(1);
      out.push(flat[0]);
    } else if (c.documentation === "complete") {
      out.push({ linkId: f, extension: [{ url: DATA_ABSENT_REASON, valueCode: NOT_DOCUMENTED_REASON }] });
    }
  }
  return out;
}

const questionIds = (qr: any): string[] => (qr.contained.find((r: any) => r.resourceType === "Questionnaire")?.item ?? []).map((it: any) => it.linkId);
const answeredIds = (qr: any): Set<string> => new Set((qr.item ?? []).flatMap(function ids(it: any): string[] { return [it.linkId, ...(it.item ?? []).flatMap(ids)]; }));

/** What a completed response's coverage information says, as the engine outcome it stands for. */
function outcomeOfCoverage(ext: any): string {
  const v = (url: string): string | undefined => ext.extension.find((e: any) => e.url === url)?.valueCode;
  if (v("pa-needed") === "no-auth") return "not-applicable";
  if (v("pa-needed") === "satisfied") return "approve";
  return v("doc-needed") === "clinical" ? "pend or review" : "deny";
}

describe("$next-question: the adaptive loop over every gallery case", () => {
  const staticQuestions = (cpt: string): number => {
    const q = questionnaireOf(model, { cpt }).questionnaire;
    let n = 0;
    const walk = (items: any[]): void => { for (const it of items) { if (it.type !== "group" && it.type !== "display" && it.linkId !== INDICATION_LINK_ID) n++; walk(it.item ?? []); } };
    walk(q.item);
    return n;
  };

  for (const f of GALLERY) {
    it(`${f}: ends completed with the case's own decision, asking nothing twice and nothing already answered`, async () => {
      const g = galleryCase(f);
      const direct = interpret(model, g.case);
      let qr = startingResponse(g.case);
      // The adaptive form starts with the indication question (answered here when the case names one).
      const asked = new Set<string>([INDICATION_LINK_ID]);
      let calls = 0;
      for (;;) {
        expect(calls, "bounded").toBeLessThan(MAX_CALLS);
        const { status, json, type } = await nextQuestion(qr);
        calls++;
        expect(status, JSON.stringify(json).slice(0, 300)).toBe(200);
        expect(type).toMatch(/^application\/fhir\+json/);
        expect(json.resourceType).toBe("QuestionnaireResponse");
        expect(r4Issues(json)).toEqual([]);
        const before = answeredIds(qr);
        const now = questionIds(json);
        const fresh = now.filter((id) => !asked.has(id));
        for (const id of fresh) {
          expect(before.has(id), `${id} asked after it was answered`).toBe(false);
        }
        if (json.status === "completed") { qr = json; break; }
        expect(json.status).toBe("in-progress");
        expect(fresh.length, "an in-progress response asks something new").toBeGreaterThan(0);
        for (const id of fresh) asked.add(id);
        qr = { ...json, item: [...(json.item ?? []), ...answersFrom(g.case, fresh)] };
      }
      // The response decides as the gallery case does, and its coverage information says so.
      const fromResponse = caseFromResponse(model.plan, qr, { asOf: g.case.asOf, birthDate: g.case.patient.birthDate, cpt: g.case.request.cpt });
      const d = interpret(model, fromResponse);
      expect(d.outcome).toBe(direct.outcome);
      expect(d.section).toBe(direct.section);
      const ext = qr.extension.find((e: any) => e.url === CRD_EXT);
      expect(ext).toBeDefined();
      const said = outcomeOfCoverage(ext);
      expect(said === direct.outcome || (said === "pend or review" && (direct.outcome === "pend" || direct.outcome === "review"))).toBe(true);
      if (direct.outcome === "approve") {
        const last = qr.contained[0].item.at(-1);
        expect(last.linkId).toBe(PA_NUMBER_LINK_ID);
        expect(last.text).toMatch(/Authorization number PEDSP-[0-9A-F]{12}\./);
      }
      // No more questions than the static form of this study asks.
      expect(asked.size - 1).toBeLessThanOrEqual(staticQuestions(g.case.request.cpt));
    });
  }
});

describe("$next-question: forms and errors", () => {
  it("takes Parameters with the order and patient as parameters, and several questions per call", async () => {
    const g = galleryCase("03-back-pain-short-trial-deny.json");
    const qr = startingResponse(g.case);
    const [sr, pt] = qr.contained;
    const body = { resourceType: "Parameters", parameter: [
      { name: "questionnaire-response", resource: { ...qr, contained: [] } },
      { name: "order", resource: sr },
      { name: "patient", resource: pt },
    ] };
    const { status, json } = await nextQuestion(body);
    expect(status).toBe(200);
    expect(json.status).toBe("in-progress");
    const q = json.contained.find((r: any) => r.resourceType === "Questionnaire");
    expect(q.meta.profile).toEqual(["http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt"]);
    expect(json.questionnaire).toBe(`#${q.id}`);
    expect(q.item[0].linkId).toBe(INDICATION_LINK_ID);
    expect(q.item.length).toBeGreaterThan(2);
  });

  it("reads the indication from the order's reason when the response does not answer it", async () => {
    const g = galleryCase("03-back-pain-short-trial-deny.json");
    const qr = startingResponse(g.case);
    qr.item = [];
    qr.contained[0].reasonCode = [{ coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "M54.50" }] }];
    const { json } = await nextQuestion(qr);
    const asked = questionIds(json);
    // With the indication known, the questions are back pain's: the indication itself is not among the new ones.
    expect(asked.slice(1)).not.toContain(INDICATION_LINK_ID);
    expect(asked).toContain("recent_evaluation");
  });

  it("errors: a plain message naming the problem", async () => {
    const qr = startingResponse(galleryCase("03-back-pain-short-trial-deny.json").case);
    const bad = structuredClone(qr);
    bad.item.push({ linkId: "xray_done", answer: [{ valueString: "yes" }] });
    const cases: [unknown, RegExp][] = [
      [{ resourceType: "Patient" }, /Send a QuestionnaireResponse/],
      [{ ...qr, contained: [] }, /does not say what is requested/],
      [{ ...qr, contained: [{ ...qr.contained[0], code: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "99213" }] } }] }, /CPT 99213 is not a study PEDSP decides/],
      [bad, /item xray_done: must be answered with valueBoolean/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await nextQuestion(body);
      expect(status).toBe(400);
      expect(json.message).toMatch(message);
    }
    const res = await fetch(`${running.url}/Questionnaire/$next-question`, { method: "POST", body: "not json" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toBe("invalid-json");
  });

  it("serves the questionnaires its coverage information names", async () => {
    for (const [id, profile] of [["pedsp", "dtr-std-questionnaire"], ["pedsp-72148", "dtr-std-questionnaire"], ["pedsp-72148-adaptive", "dtr-questionnaire-adapt"]]) {
      const res = await fetch(`${running.url}/Questionnaire/${id}`);
      expect(res.status, id).toBe(200);
      const q = (await res.json()) as any;
      expect(q.id).toBe(id);
      expect(q.url).toBe(`${running.url}/Questionnaire/${id}`);
      expect(q.meta.profile[0]).toMatch(new RegExp(`${profile}$`));
    }
    expect((await fetch(`${running.url}/Questionnaire/pedsp-99999`)).status).toBe(404);
    expect((await fetch(`${running.url}/Questionnaire/other`)).status).toBe(404);
  });
});
