// The PAS answer (compiler/interop/pas.ts): a ClaimResponse with the X12 306 review action for every gallery case,
// A1 with an authorization number and period on approval, A3 with the specific reason (each unmet criterion and its
// citation) on denial, A4 with the questions on a pend or review, no action on not-applicable; deterministic.
import { describe, it, expect, beforeAll } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret, type Determination, type Model } from "../../compiler/index.ts";
import { claimResponseOf, readReviewAction, PAS_URLS, X12_ACTION_SYSTEM, type ClaimResponseOptions } from "../../compiler/interop/pas.ts";
import { r4Issues } from "./r4.ts";

let model: Model;
beforeAll(() => {
  const g = loadGuide("guidelines/pedsp/pedsp.guide");
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
});

interface GalleryCase { description: string; case: Record<string, unknown>; expect: { outcome: Determination["outcome"]; section?: string } }
const GALLERY = readdirSync("examples/cases").filter((f) => f.endsWith(".json")).sort();
const galleryCase = (f: string): GalleryCase => JSON.parse(readFileSync(`examples/cases/${f}`, "utf8"));
const decide = (f: string): Determination => interpret(model, galleryCase(f).case, { whyNot: true });
/** The first gallery case the guideline decides with this outcome (01, 02 and 04 expect approve but pend under PEDSP 1.2). */
const firstWith = (outcome: Determination["outcome"]): string => {
  const f = GALLERY.find((x) => decide(x).outcome === outcome);
  if (!f) throw new Error(`no gallery case is decided ${outcome}`);
  return f;
};
const OPTS: ClaimResponseOptions = { patientRef: "Patient/p1", insurer: "Example Health Plan", created: "2026-11-25T10:00:00Z", request: "Claim/c1" };

describe("claimResponseOf", () => {
  it("answers every gallery case with the review action its outcome maps to, as a valid R4 ClaimResponse", () => {
    const want: Record<Determination["outcome"], string | undefined> = { approve: "A1", deny: "A3", pend: "A4", review: "A4", "not-applicable": undefined };
    for (const f of GALLERY) {
      const d = decide(f);
      const cr = claimResponseOf(d, { ...OPTS, plan: model.plan });
      expect(cr.resourceType).toBe("ClaimResponse");
      expect(cr.use).toBe("preauthorization");
      expect(cr.status).toBe("active");
      expect(cr.meta.profile).toEqual([PAS_URLS.claimResponse]);
      expect(cr.patient).toEqual({ reference: "Patient/p1" });
      expect(cr.request).toEqual({ reference: "Claim/c1" });
      expect(cr.item[0].adjudication[0].category.coding[0].code).toBe("submitted");
      expect(readReviewAction(cr)?.code, f).toBe(want[d.outcome]);
      expect(cr.outcome, f).toBe(d.outcome === "pend" || d.outcome === "review" ? "queued" : "complete");
      // Only an approval carries an authorization.
      expect(cr.preAuthRef !== undefined, f).toBe(d.outcome === "approve");
      // Valid R4 (the base definitions; PAS's profile is not loaded).
      expect(r4Issues(cr), f).toEqual([]);
    }
  });

  it("A1 on approval: the authorization number in preAuthRef and the review action, the period from the issue date", () => {
    const d = decide(firstWith("approve"));
    const cr = claimResponseOf(d, OPTS);
    const ra = readReviewAction(cr)!;
    expect(ra.code).toBe("A1");
    expect(cr.item[0].adjudication[0].extension![0].extension).toContainEqual({ url: PAS_URLS.reviewActionCode, valueCodeableConcept: { coding: [{ system: X12_ACTION_SYSTEM, code: "A1", display: "Certified in total" }] } });
    expect(ra.number).toMatch(/^PEDSP-[0-9A-F]{12}$/);
    expect(cr.preAuthRef).toBe(ra.number);
    expect(cr.preAuthPeriod).toEqual({ start: "2026-11-25", end: "2027-02-22" });
    expect(cr.item[0].extension).toContainEqual({ url: PAS_URLS.itemPreAuthPeriod, valuePeriod: { start: "2026-11-25", end: "2027-02-22" } });
    expect(cr.item[0].extension).toContainEqual({ url: PAS_URLS.itemPreAuthIssueDate, valueDate: "2026-11-25" });
    expect(cr.disposition).toContain("Certified in total");
    expect(cr.processNote).toBeUndefined();
    // A given number is used as given; validDays sets the period.
    const given = claimResponseOf(d, { ...OPTS, authNumber: "AUTH-1", validDays: 30 });
    expect(given.preAuthRef).toBe("AUTH-1");
    expect(readReviewAction(given)!.number).toBe("AUTH-1");
    expect(given.preAuthPeriod).toEqual({ start: "2026-11-25", end: "2026-12-24" });
  });

  it("A3 on denial: each unmet criterion with the guideline sentence it rests on, in processNote and the reason code's text", () => {
    const d = decide("03-back-pain-short-trial-deny.json");
    const cr = claimResponseOf(d, { ...OPTS, plan: model.plan });
    const ra = readReviewAction(cr)!;
    expect(ra.code).toBe("A3");
    expect(ra.number).toBeUndefined();
    expect(ra.reason!.coding[0].system).toBe("https://codesystem.x12.org/external/886");
    const notes = cr.processNote!.map((n) => n.text);
    expect(notes.length).toBeGreaterThan(0);
    // The specific reason: the section, the unmet criteria with the case's answers, the rule's sentence and its line.
    expect(notes[0]).toMatch(/^PEDSP-2\.3: Not supported, criteria not met: /);
    expect(notes[0]).toContain("4 week trial of provider-supervised conservative treatment");
    expect(notes[0]).toMatch(/answer: [^)]*2 weeks/);
    expect(notes[0]).toContain("Guideline: “MRI without contrast of the symptomatic spinal region is the preferred study");
    expect(notes[0]).toMatch(/\(source line \d+\)/);
    expect(ra.reason!.text).toBe(notes[0]);
    expect(cr.item[0].noteNumber).toEqual(cr.processNote!.map((n) => n.number));
    expect(cr.disposition).toBe("Not certified: MRI Lumbar without contrast (CPT 72148) does not meet Pediatric Spine Imaging (PEDSP, version 1.2), section PEDSP-2.3 Back and Neck Pain in Children Age 6 and Over.");
    // No identifier of the guideline's encoding (fact names) in what is sent.
    for (const n of notes) expect(n).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  });

  it("A4 on a pend: the questions whose answers decide, one note each", () => {
    for (const f of ["05-back-pain-stale-evaluation.json", "14-tethered-cord-missing-repeat.json"]) {
      const d = decide(f);
      expect(d.outcome).toBe("pend");
      const cr = claimResponseOf(d, OPTS);
      const ra = readReviewAction(cr)!;
      expect(ra.code).toBe("A4");
      expect(ra.reason!.coding[0].code).toBe("0U");
      const notes = cr.processNote!.map((n) => n.text);
      for (const m of d.missing) expect(notes, f).toContain(`Question: ${m.question}`);
      expect(cr.outcome).toBe("queued");
    }
  });

  it("A4 on a review: why it goes to a Medical Director, in the guideline's words", () => {
    const d = decide("11-scoliosis-mri-and-ct-review.json");
    const cr = claimResponseOf(d, { ...OPTS, plan: model.plan });
    expect(readReviewAction(cr)!.code).toBe("A4");
    expect(cr.disposition).toMatch(/^Pended for Medical Director review: /);
    expect(cr.processNote![0].text).toMatch(/^PEDSP-3\.2: /);
  });

  it("not-applicable: no review action, a note that no authorization is needed under this guideline and which governs", () => {
    const d = decide("15-adult-back-pain-not-applicable.json");
    const cr = claimResponseOf(d, OPTS);
    expect(readReviewAction(cr)).toBeUndefined();
    expect(cr.item[0].adjudication[0].extension).toBeUndefined();
    expect(cr.processNote).toHaveLength(1);
    expect(cr.processNote![0].text).toMatch(/^No prior authorization is needed under this guideline: PEDSP does not govern this request/);
    expect(cr.processNote![0].text).toContain("ADULT-SPINE");
  });

  it("is deterministic, and distinct requests get distinct authorization numbers", () => {
    const f = firstWith("approve"), d = decide(f);
    expect(JSON.stringify(claimResponseOf(d, OPTS))).toBe(JSON.stringify(claimResponseOf(decide(f), OPTS)));
    const other = claimResponseOf(d, { ...OPTS, patientRef: "Patient/p2" });
    expect(other.preAuthRef).not.toBe(claimResponseOf(d, OPTS).preAuthRef);
    expect(other.id).not.toBe(claimResponseOf(d, OPTS).id);
  });

  it("adjudicates the Claim's item with the decided CPT code and echoes the Claim's identifier", () => {
    const d = decide(firstWith("approve"));
    const claim = {
      resourceType: "Claim", id: "c9", identifier: [{ system: "urn:trnorg:1", value: "T1" }],
      item: [
        { sequence: 1, productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "72020" }] } },
        { sequence: 2, productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: d.cpt }] } },
      ],
    };
    const cr = claimResponseOf(d, { ...OPTS, request: undefined, claim });
    expect(cr.item.map((i) => i.itemSequence)).toEqual([2]);
    expect(cr.request).toEqual({ reference: "Claim/c9" });
    expect(cr.identifier).toEqual(claim.identifier);
  });

  it("refuses a created that is not a date", () => {
    expect(() => claimResponseOf(decide(firstWith("approve")), { ...OPTS, created: "yesterday" })).toThrow(/created must be a FHIR date/);
  });
});
