// The Da Vinci CRD service of a guideline (CDS Hooks 2.0), as pure functions of the request: the discovery document,
// and `order-sign`, which reads the draft ServiceRequests (CPT in `code`), the Patient and the Coverage from `prefetch`
// (and temperatures from vital-sign Observations when prefetched), decides each order with the guideline, and answers
// with a systemAction `update` adding `ext-coverage-information` to the ServiceRequest (CRD 2.2):
//   not-applicable -> covered, pa-needed no-auth (this guideline asks no authorization for it)
//   approve        -> covered, pa-needed satisfied with satisfied-pa-id (the authorization number)
//   pend, review   -> covered, auth-needed, doc-needed clinical, doc-purpose withpa, the questionnaire's canonical,
//                     a reason, and a detail per missing fact (its question)
//   deny           -> covered, auth-needed, plus an `off-guideline` card with the unmet criteria and their citations
// A request that cannot be decided (malformed, no order this guideline covers, an invalid case) is an error reply with
// a plain message; a failure inside the engine is `indeterminate`, never an approval. `asOf` is a parameter: the
// clock is read only by the server (server.ts), so the same request on the same day gets the same answer.
import type { Determination } from "../../runtime/decide.ts";
import type { Plan } from "../../runtime/plan.ts";
import type { Model } from "../model.ts";
import { interpret } from "../interpret.ts";
import { fhirSlug } from "../../runtime/fhir.ts";
import { prepopulate, CPT_SYSTEM } from "./prepopulate.ts";
import { indicationFromReasons, type IndicationCode } from "./indications.ts";
import {
  authorizationNumber, coverageAssertionId, denialLines, notApplicableLine, sectionTitle, serviceWords, stableUuid, unmetCriteria,
} from "./words.ts";

export const CRD_EXT = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
export const CARD_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
export const COVERAGE_DETAIL_SYSTEM = "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";

/** What a service needs: the checked guideline, who the payer is, and where it is reached. */
export interface ServiceConfig {
  model: Model;
  /** The payer's name: a card's `source.label` (CRD resp-4). */
  insurer: string;
  /** The base URL clients reach the service at (links and the questionnaire's canonical are made from it). */
  baseUrl: string;
  /** The questionnaire's canonical URL (default `<baseUrl>/Questionnaire/<guideline id, lower case>`). */
  questionnaireUrl?: string;
  /** The order-sign service's id (default `<guideline id, lower case>-crd`). */
  serviceId?: string;
  /** ICD-10-CM prefixes that name indications (default: PEDSP's). */
  indications?: readonly IndicationCode[];
}

/** An HTTP answer: the status and a JSON body. */
export interface Reply { status: number; body: unknown; contentType?: string }

// ---- shapes (only what this service reads or writes) ----
interface Resource { resourceType?: unknown; id?: unknown; [k: string]: unknown }
interface Ext { url: string; [value: string]: unknown }
export interface Card {
  uuid: string; summary: string; indicator: "info" | "warning" | "critical"; detail: string;
  source: { label: string; topic: { system: string; code: string; display: string } };
  links?: { label: string; url: string; type: "absolute" }[];
}
export interface CdsResponse { cards: Card[]; systemActions: { type: "update"; description: string; resource: Resource }[] }

export const serviceIdOf = (c: ServiceConfig): string => c.serviceId ?? `${fhirSlug(c.model.plan)}-crd`;
/** Where the questionnaires and the CodeSystem live: this service (GET /Questionnaire/<id>). */
export const questionnaireBase = (c: ServiceConfig): string => c.baseUrl.replace(/\/+$/, "");
/** The guideline's questionnaire canonical with its version, as questionnaireOf names it: `http://…/Questionnaire/pedsp|1.2`. */
export function questionnaireCanonical(c: ServiceConfig): string {
  const url = c.questionnaireUrl ?? `${questionnaireBase(c)}/Questionnaire/${fhirSlug(c.model.plan)}`;
  const v = c.model.plan.guideline.version;
  return v ? `${url}|${v}` : url;
}
/** Where a section's text is served (GET /sections/<id>). */
export const sectionUrl = (c: ServiceConfig, section: string): string => `${c.baseUrl.replace(/\/+$/, "")}/sections/${encodeURIComponent(section)}`;

/** The CDS Hooks discovery document: one order-sign service and its prefetch templates. */
export function discovery(c: ServiceConfig): { services: unknown[] } {
  const g = c.model.plan.guideline;
  return {
    services: [{
      hook: "order-sign",
      id: serviceIdOf(c),
      title: `${g.title}${g.version ? ` ${g.version}` : ""}: coverage requirements`,
      description: `Whether a draft imaging order needs prior authorization under ${g.title} (${g.id}), what documentation it needs, and the criteria it does not meet.`,
      prefetch: {
        patient: "Patient/{{context.patientId}}",
        coverage: "Coverage?patient={{context.patientId}}&status=active",
        temperatures: "Observation?patient={{context.patientId}}&code=http://loinc.org|8310-5&_sort=-date&_count=10",
      },
    }],
  };
}

const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: code, message } });
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The resources of a prefetch value: a resource, or a searchset Bundle of them (an OperationOutcome counts as none). */
function resourcesOf(x: unknown): Resource[] {
  if (!isObject(x)) return [];
  if (x.resourceType === "Bundle") return (Array.isArray(x.entry) ? x.entry : []).map((e) => (isObject(e) && isObject(e.resource) ? e.resource as Resource : undefined)).filter((r): r is Resource => r !== undefined);
  return typeof x.resourceType === "string" && x.resourceType !== "OperationOutcome" ? [x as Resource] : [];
}

/** The CPT code of a ServiceRequest (`code.coding` with the AMA's system), if any. */
function cptOf(sr: Resource): string | undefined {
  const coding = isObject(sr.code) && Array.isArray(sr.code.coding) ? sr.code.coding : [];
  for (const c of coding) if (isObject(c) && c.system === CPT_SYSTEM && typeof c.code === "string") return c.code;
  return undefined;
}

/** One order decided: the case it was decided on, and the determination (or the failure that stopped it). */
export interface OrderDecision { serviceRequest: Resource; cpt: string; case: Record<string, unknown>; determination?: Determination; failure?: string }

/**
 * `order-sign`: the CDS Hooks response for a request, or an error reply. `asOf` is the day of the decision
 * (YYYY-MM-DD). `decide` is the engine (default: the interpreter on the model), replaceable to test a failure.
 */
export function orderSign(c: ServiceConfig, body: unknown, asOf: string, decide: (input: unknown) => Determination = (input) => interpret(c.model, input, { whyNot: true })): Reply {
  if (!isObject(body)) return error(400, "invalid-request", "The request must be a JSON object: a CDS Hooks request with hook, hookInstance, context and prefetch.");
  if (body.hook !== "order-sign") return error(400, "invalid-request", `This service answers the order-sign hook; the request names ${body.hook === undefined ? "no hook" : `the hook ${JSON.stringify(body.hook)}`}.`);
  if (!isObject(body.context)) return error(400, "invalid-request", "The request has no context: order-sign needs context.patientId and context.draftOrders.");
  const draft = body.context.draftOrders;
  if (!isObject(draft) || draft.resourceType !== "Bundle") return error(400, "invalid-request", "context.draftOrders must be a FHIR Bundle of the draft orders.");
  const orders = resourcesOf(draft).filter((r) => r.resourceType === "ServiceRequest");
  if (!orders.length) return error(400, "invalid-request", "context.draftOrders holds no ServiceRequest: this service decides imaging orders.");
  const plan = c.model.plan;
  const known = new Set(plan.studies.map((s) => s.cpt));
  const withCpt = orders.map((sr) => ({ sr, cpt: cptOf(sr) }));
  const ours = withCpt.filter((o): o is { sr: Resource; cpt: string } => o.cpt !== undefined && known.has(o.cpt));
  if (!ours.length) {
    const codes = withCpt.map((o) => o.cpt).filter(Boolean);
    return error(400, "not-decidable", codes.length
      ? `No draft order is a study ${plan.guideline.id} decides (CPT ${codes.join(", ")}); it covers ${plan.studies.length} CPT codes such as ${plan.studies.slice(0, 3).map((s) => s.cpt).join(", ")}.`
      : `No draft ServiceRequest has a CPT code (code.coding with system ${CPT_SYSTEM}).`);
  }

  const prefetch = isObject(body.prefetch) ? body.prefetch : {};
  const prefetched = Object.values(prefetch).flatMap(resourcesOf);
  const patient = prefetched.find((r) => r.resourceType === "Patient");
  const coverage = prefetched.find((r) => r.resourceType === "Coverage" && (r.status === undefined || r.status === "active"));
  // CDS Hooks 2.0: a service that cannot get the data it needs answers 412. The extension must name the Coverage.
  if (!coverage) return error(412, "prefetch-missing", "The prefetch has no active Coverage (prefetch key \"coverage\": Coverage?patient={{context.patientId}}&status=active); coverage information is made for a Coverage.");
  if (typeof coverage.id !== "string" || !coverage.id) return error(412, "prefetch-missing", "The prefetched Coverage has no id, so the coverage information cannot refer to it.");
  const patientId = typeof body.context.patientId === "string" ? body.context.patientId : typeof patient?.id === "string" ? patient.id : undefined;

  const decisions: OrderDecision[] = [];
  for (const { sr, cpt } of ours) {
    // Pre-population reads the record (Patient, Observations) with this order as the request.
    const bundle = { resourceType: "Bundle", type: "collection", entry: [...prefetched, sr].map((resource) => ({ resource })) };
    const pre = prepopulate(bundle, plan, { asOf, indications: c.indications });
    const indication = pre.request?.indication ?? indicationFromReasons(plan, sr.reasonCode, c.indications);
    const input: Record<string, unknown> = {
      asOf,
      ...(pre.patient ? { patient: pre.patient } : {}),
      request: { cpt, ...(indication ? { indication } : {}) },
      facts: pre.facts,
    };
    try {
      const d = decide(input);
      if (d.errors?.length) {
        return error(400, "not-decidable", `The order for CPT ${cpt} cannot be decided from this request: ${d.errors.map((e) => `${e.field} ${e.message}`).join("; ")}.`);
      }
      decisions.push({ serviceRequest: sr, cpt, case: input, determination: d });
    } catch (e) {
      decisions.push({ serviceRequest: sr, cpt, case: input, failure: e instanceof Error ? e.message : String(e) });
    }
  }
  return { status: 200, body: cdsResponse(c, decisions, { coverageRef: `Coverage/${coverage.id}`, patientId, asOf }) };
}

/** The CDS Hooks response for decided orders: one update per order, one card per denial. */
export function cdsResponse(c: ServiceConfig, decisions: OrderDecision[], at: { coverageRef: string; patientId?: string; asOf: string }): CdsResponse {
  const out: CdsResponse = { cards: [], systemActions: [] };
  for (const o of decisions) {
    const srId = typeof o.serviceRequest.id === "string" ? o.serviceRequest.id : undefined;
    const assertion = coverageAssertionId(at.patientId, srId, o.cpt, at.asOf, o.determination?.outcome, o.case);
    const ext = o.determination ? coverageInformation(c, o.determination, { ...at, assertion, srId }) : indeterminate(at, assertion, o.failure);
    const resource: Resource = { ...o.serviceRequest, extension: [...(Array.isArray(o.serviceRequest.extension) ? (o.serviceRequest.extension as Ext[]).filter((e) => e?.url !== CRD_EXT) : []), ext] };
    out.systemActions.push({ type: "update", description: actionWords(o), resource });
    if (o.determination?.outcome === "deny") out.cards.push(offGuidelineCard(c, o.determination, assertion));
  }
  return out;
}

function actionWords(o: OrderDecision): string {
  const d = o.determination;
  if (!d) return `Coverage information for CPT ${o.cpt}: could not be evaluated.`;
  const what = { approve: "prior authorization satisfied", deny: "prior authorization needed; the order does not meet the guideline", pend: "prior authorization needed, with clinical documentation", review: "prior authorization needed, with clinical documentation (Medical Director review)", "not-applicable": "no prior authorization needed under this guideline" }[d.outcome];
  return `Coverage information for ${serviceWords(d)}: ${what}.`;
}

const sub = (url: string, value: Record<string, unknown>): Ext => ({ url, ...value });
const code = (url: string, v: string): Ext => sub(url, { valueCode: v });

/** The coverage-information extension for a decided order (CRD 2.2; see the table at the top of this file). */
export function coverageInformation(c: ServiceConfig, d: Determination, at: { coverageRef?: string; patientId?: string; asOf: string; assertion: string; srId?: string }): Ext {
  const plan = c.model.plan;
  const parts: Ext[] = [sub("coverage", { valueReference: coverageReference(at.coverageRef) }), code("covered", "covered")];
  const section = d.section ? `${d.section}` : plan.guideline.id;
  const policy = d.section ? [detail("cat-other", "policy-link", { valueUrl: sectionUrl(c, d.section) }, sectionTitle(plan, d.section))] : [];
  switch (d.outcome) {
    case "not-applicable":
      parts.push(code("pa-needed", "no-auth"), reason(notApplicableLine(d)));
      break;
    case "approve":
      parts.push(code("pa-needed", "satisfied"), reason(`${section}: criteria met.`), ...policy);
      break;
    case "deny":
      parts.push(code("pa-needed", "auth-needed"), reason(`${section}: the order does not meet the guideline as documented (see the off-guideline card).`), ...policy);
      break;
    case "pend": case "review": {
      parts.push(code("pa-needed", "auth-needed"), code("doc-needed", "clinical"), code("doc-purpose", "withpa"),
        sub("questionnaire", { valueCanonical: questionnaireCanonical(c) }), reason(pendReason(d, section)));
      for (const m of d.missing) parts.push(detail("cat-decisional", "instructions", { valueString: m.question }, `Questionnaire item ${m.fact}`));
      parts.push(...policy);
      break;
    }
  }
  parts.push(sub("date", { valueDate: at.asOf }), sub("coverage-assertion-id", { valueString: at.assertion }));
  if (d.outcome === "approve") parts.push(sub("satisfied-pa-id", { valueString: authorizationNumber(d, at.patientId, at.srId, at.asOf) }));
  return { url: CRD_EXT, extension: parts };
}

/** An engine failure: indeterminate with the reason (CRD resp-43, crd-ci-q9), never an approval. */
function indeterminate(at: { coverageRef?: string; asOf: string }, assertion: string, failure: string | undefined): Ext {
  void failure; // what failed stays in the server's hands; the client is told only that it could not be evaluated
  return {
    url: CRD_EXT,
    extension: [
      sub("coverage", { valueReference: coverageReference(at.coverageRef) }), code("covered", "indeterminate"), code("pa-needed", "indeterminate"),
      reason("Technical problem: coverage requirements could not be evaluated for this order; ask the payer or submit the request for review."),
      sub("date", { valueDate: at.asOf }), sub("coverage-assertion-id", { valueString: assertion }),
    ],
  };
}

/** The Coverage the assertion is about; a DTR response that carries none says so in words. */
const coverageReference = (ref: string | undefined): { reference?: string; display?: string } => (ref ? { reference: ref } : { display: "The coverage of this request (not given with the response)" });
const reason = (text: string): Ext => sub("reason", { valueCodeableConcept: { text } });
function detail(category: string, codeValue: string, value: Record<string, unknown>, qualification?: string): Ext {
  return sub("detail", {
    extension: [
      code("category", category),
      sub("code", { valueCodeableConcept: { coding: [{ system: COVERAGE_DETAIL_SYSTEM, code: codeValue }] } }),
      sub("value", value),
      ...(qualification ? [sub("qualification", { valueString: qualification })] : []),
    ],
  });
}

/** A pend's reason in one line: what is needed, the first questions, and how many more. */
function pendReason(d: Determination, section: string): string {
  const lead = d.outcome === "review" ? `${section}: forwarded for Medical Director review` : `${section}: more information is needed to decide`;
  const qs = d.missing.map((m) => m.question);
  if (!qs.length) return `${lead}.`;
  const shown = qs.slice(0, 3).join(" ");
  return `${lead}; ${qs.length} question${qs.length === 1 ? "" : "s"} to answer: ${shown}${qs.length > 3 ? ` (and ${qs.length - 3} more)` : ""}`;
}

/** The off-guideline card of a denial: summary under 140 characters, the unmet criteria with citations, a link to the section. */
export function offGuidelineCard(c: ServiceConfig, d: Determination, assertion: string): Card {
  const plan = c.model.plan;
  const section = d.section ?? plan.guideline.id;
  const summary = clip(`${d.study ?? `CPT ${d.cpt}`}: ${section} criteria not met`, 139);
  const unmet = unmetCriteria(d);
  const lines = denialLines(d);
  const title = d.section ? sectionTitle(plan, d.section) : undefined;
  return {
    uuid: stableUuid("card", assertion),
    summary,
    indicator: "warning",
    detail: [`**${serviceWords(d)}** does not meet ${plan.guideline.title}${title ? `, ${section} ${title}` : ""}:`, "", ...lines.map((l) => `- ${l}`)].join("\n"),
    source: { label: c.insurer, topic: { system: CARD_TYPE_SYSTEM, code: "off-guideline", display: "Off Guideline" } },
    links: [...new Set([section, ...unmet.map((u) => u.section)])].filter((s) => plan.sections.some((x) => x.id === s))
      .map((s) => ({ label: clip(`${s} ${sectionTitle(plan, s) ?? ""}`.trim(), 80), url: sectionUrl(c, s), type: "absolute" as const })),
  };
}

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

/** A section as plain text, for the links in cards and coverage information (GET /sections/<id>). */
export function sectionText(plan: Plan, id: string): string | undefined {
  const s = plan.sections.find((x) => x.id === id);
  if (!s) return undefined;
  const out = [`${plan.guideline.title} (${plan.guideline.id}${plan.guideline.version ? `, version ${plan.guideline.version}` : ""})`, `${s.id} ${s.title}`, ""];
  const cites = new Set<string>();
  for (const r of [...s.requires, ...s.rules]) for (const ci of r.cites) cites.add(ci.text);
  for (const t of cites) out.push(`“${t}”`);
  return out.join("\n") + "\n";
}
