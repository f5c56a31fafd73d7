// DTR for a guideline, served beside the CRD service: the questionnaires (GET /Questionnaire/<id>) and the adaptive
// `$next-question` (SDC; DTR spec-33/36/41). Given a partial QuestionnaireResponse, it reads the case it answers
// (runtime/fhir.ts's caseFromResponse), decides it, and
//   - while the request pends: returns the response with the next questions appended to its contained adaptive
//     Questionnaire: the determination's missing facts (the fewest whose answers decide, most decisive first), several
//     per call, never one already asked or answered; items exactly as the generated questionnaire writes them;
//   - once decided (or when every question that could decide has been asked): marks it `completed` and attaches
//     the CRD coverage-information extension; an approval's last item gives the authorization number.
// The request travels with the response: its ServiceRequest (CPT code, reason), Patient (birth date) and Coverage as
// contained resources, or as `order`, `patient` and `coverage` parameters of a Parameters body. Pure: asOf comes in.
import type { Determination } from "../../runtime/decide.ts";
import { readResponse, fhirSlug, INDICATION_LINK_ID } from "../../runtime/fhir.ts";
import { condFactNames } from "../../runtime/derive.ts";
import type { PlanFact } from "../../runtime/plan.ts";
import type { Model } from "../model.ts";
import { interpret } from "../interpret.ts";
import { questionnaireItems, questionnaireOf, QuestionnaireError, type Questionnaire, type QuestionnaireItem } from "./questionnaire.ts";
import { coverageInformation, questionnaireBase, type Reply, type ServiceConfig } from "./crd.ts";
import { indicationFromReasons } from "./indications.ts";
import { CPT_SYSTEM } from "./prepopulate.ts";
import { authorizationNumber, coverageAssertionId } from "./words.ts";
import type { Extras } from "./server.ts";

/** How many questions one call appends at most (the most decisive first). */
export const DEFAULT_MAX_QUESTIONS = 10;
/** The linkId of the item that gives an approval's authorization number. */
export const PA_NUMBER_LINK_ID = "prior-auth-number";
const FHIR_JSON = "application/fhir+json; charset=utf-8";

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const error = (status: number, code: string, message: string): Reply => ({ status, body: { error: code, message } });

// Items per (model, CPT, base): each fact's item is built independently of the others, so one build serves every call.
const itemCache = new WeakMap<Model, Map<string, Map<string, QuestionnaireItem>>>();
function itemsFor(model: Model, cpt: string, base: string): Map<string, QuestionnaireItem> {
  let perModel = itemCache.get(model);
  if (!perModel) itemCache.set(model, (perModel = new Map()));
  const key = `${cpt}|${base}`;
  let m = perModel.get(key);
  if (!m) {
    const names = [...new Set(model.plan.facts.map((f) => f.name))];
    m = new Map(questionnaireItems(model, names, { cpt, base }).map((it) => [it.linkId, it]));
    perModel.set(key, m);
  }
  return m;
}
const adaptiveCache = new WeakMap<Model, Map<string, Questionnaire>>();
/** The adaptive questionnaire a response starts from (the indication only), for one CPT code. */
export function adaptiveQuestionnaire(model: Model, cpt: string, base: string): Questionnaire {
  let perModel = adaptiveCache.get(model);
  if (!perModel) adaptiveCache.set(model, (perModel = new Map()));
  const key = `${cpt}|${base}`;
  let q = perModel.get(key);
  if (!q) perModel.set(key, (q = questionnaireOf(model, { adaptive: true, cpt, base }).questionnaire));
  return q;
}

const factOf = (model: Model, name: string): PlanFact | undefined => model.plan.facts.find((f) => f.name === name);

/** The resources that travel with a response: contained ones, overridden by a Parameters body's own parameters. */
function partsOf(body: unknown): { qr?: Json; order?: Json; patient?: Json; coverage?: Json; problem?: string } {
  let qr: Json | undefined;
  const given: Record<string, Json> = {};
  if (isObject(body) && body.resourceType === "Parameters") {
    for (const p of Array.isArray(body.parameter) ? body.parameter : []) {
      if (!isObject(p) || typeof p.name !== "string" || !isObject(p.resource)) continue;
      if (p.name === "questionnaire-response" || p.name === "questionnaireResponse") qr = p.resource;
      else given[p.name] = p.resource;
    }
    if (!qr) return { problem: "The Parameters have no questionnaire-response parameter holding the QuestionnaireResponse." };
  } else if (isObject(body) && body.resourceType === "QuestionnaireResponse") qr = body;
  else return { problem: "Send a QuestionnaireResponse, or Parameters with a questionnaire-response parameter." };
  const contained = (Array.isArray(qr.contained) ? qr.contained : []).filter(isObject);
  const find = (type: string): Json | undefined => contained.find((r) => r.resourceType === type);
  return { qr, order: given.order ?? find("ServiceRequest"), patient: given.patient ?? find("Patient"), coverage: given.coverage ?? find("Coverage") };
}

const cptOf = (sr: Json | undefined): string | undefined => {
  const coding = isObject(sr?.code) && Array.isArray((sr!.code as Json).coding) ? ((sr!.code as Json).coding as unknown[]) : [];
  for (const c of coding) if (isObject(c) && c.system === CPT_SYSTEM && typeof c.code === "string") return c.code;
  return undefined;
};

/** Every linkId of a list of items, nested ones too. */
function linkIds(items: unknown, out = new Set<string>()): Set<string> {
  for (const it of Array.isArray(items) ? items : []) {
    if (!isObject(it)) continue;
    if (typeof it.linkId === "string") out.add(it.linkId);
    linkIds(it.item, out);
    for (const a of Array.isArray(it.answer) ? it.answer : []) if (isObject(a)) linkIds(a.item, out);
  }
  return out;
}

export interface NextQuestionOptions { maxQuestions?: number; decide?: (input: unknown) => Determination }

/** `$next-question`: the response with the next questions, or completed with the decision; an error reply otherwise. */
export function nextQuestion(c: ServiceConfig, body: unknown, asOf: string, o: NextQuestionOptions = {}): Reply {
  const parts = partsOf(body);
  if (parts.problem || !parts.qr) return error(400, "invalid-request", parts.problem ?? "No QuestionnaireResponse.");
  const qr = parts.qr;
  const plan = c.model.plan;
  const cpt = cptOf(parts.order);
  if (!parts.order) return error(400, "invalid-request", "The response does not say what is requested: contain the ServiceRequest (its code with a CPT code) in the QuestionnaireResponse, or send it as the `order` parameter.");
  if (!cpt) return error(400, "invalid-request", `The ServiceRequest has no CPT code (code.coding with system ${CPT_SYSTEM}).`);
  if (!plan.studies.some((s) => s.cpt === cpt)) return error(400, "not-decidable", `CPT ${cpt} is not a study ${plan.guideline.id} decides.`);
  const base = questionnaireBase(c);

  // The contained adaptive Questionnaire the response answers, or a new one.
  const contained = (Array.isArray(qr.contained) ? qr.contained : []).filter(isObject);
  const ref = typeof qr.questionnaire === "string" && qr.questionnaire.startsWith("#") ? qr.questionnaire.slice(1) : undefined;
  const own = contained.find((r) => r.resourceType === "Questionnaire" && (ref === undefined || r.id === ref)) as Questionnaire | undefined;
  let questionnaire: Questionnaire;
  try { questionnaire = structuredClone(own ?? adaptiveQuestionnaire(c.model, cpt, base)); } catch (e) {
    return error(400, "invalid-request", e instanceof QuestionnaireError ? e.message : "The contained Questionnaire cannot be read.");
  }
  if (!Array.isArray(questionnaire.item)) questionnaire.item = [];

  const birthDate = typeof parts.patient?.birthDate === "string" ? parts.patient.birthDate : undefined;
  const answered = linkIds(qr.item);
  const indication = answered.has(INDICATION_LINK_ID) ? undefined : indicationFromReasons(plan, parts.order.reasonCode, c.indications);
  const read = readResponse(plan, qr, { asOf, cpt, ...(birthDate ? { birthDate } : {}), ...(indication ? { indication } : {}), questionnaire });
  if (!read.ok) return error(400, "unreadable-response", `The response cannot be read: ${read.issues.map((i) => `${i.field}: ${i.message}`).join("; ")}.`);
  const decide = o.decide ?? ((input: unknown) => interpret(c.model, input, { whyNot: true }));
  let d: Determination;
  try { d = decide(read.case); } catch {
    return error(500, "internal", "Internal error: the response could not be decided; nothing was approved.");
  }
  if (d.errors?.length) return error(400, "not-decidable", `The response cannot be decided: ${d.errors.map((e) => `${e.field} ${e.message}`).join("; ")}.`);

  const out: Json = { ...structuredClone(qr) };
  const others = contained.filter((r) => r !== (own as unknown)).map((r) => structuredClone(r));
  if (questionnaire.id === undefined) questionnaire.id = "adaptive";
  out.contained = [questionnaire, ...others];
  out.questionnaire = `#${questionnaire.id}`;

  if (d.outcome === "pend") {
    // The next questions: missing facts not yet in the form (asked before and left unanswered counts as asked).
    const asked = linkIds(questionnaire.item);
    const items = itemsFor(c.model, cpt, base);
    const next: string[] = [];
    const max = o.maxQuestions ?? DEFAULT_MAX_QUESTIONS;
    const add = (f: string): void => { if (!asked.has(f) && !answered.has(f) && items.has(f) && !next.includes(f)) next.push(f); };
    for (const m of d.missing) {
      if (next.length >= max) break;
      add(m.fact);
      // A fact other evidence answers (fever: yes when temperature >= 100 °F) comes with the facts that answer it,
      // so a record that has the temperature but not the word can still answer.
      for (const i of factOf(c.model, m.fact)?.implied ?? []) for (const n of condFactNames(i.when)) add(n);
    }
    if (next.length) {
      questionnaire.item.push(...next.map((f) => structuredClone(items.get(f)!)));
      out.status = "in-progress";
      return { status: 200, body: out, contentType: FHIR_JSON };
    }
  }
  // Decided, or nothing left to ask that could decide: completed, with the coverage information (spec-33).
  const srId = typeof parts.order.id === "string" ? parts.order.id : undefined;
  const patientId = typeof parts.patient?.id === "string" ? parts.patient.id : undefined;
  const coverageRef = typeof parts.coverage?.id === "string" ? `Coverage/${parts.coverage.id}` : undefined;
  const assertion = coverageAssertionId(patientId, srId, cpt, asOf, d.outcome, read.case);
  const ext = coverageInformation(c, d, { coverageRef, patientId, asOf, assertion, srId });
  out.extension = [...(Array.isArray(qr.extension) ? (qr.extension as Json[]).filter((e) => e?.url !== ext.url) : []), ext];
  if (d.outcome === "approve") {
    // spec-41: the last item offers the authorization number.
    const number = authorizationNumber(d, patientId, srId, asOf);
    if (!questionnaire.item.some((it) => it.linkId === PA_NUMBER_LINK_ID)) {
      questionnaire.item.push({ linkId: PA_NUMBER_LINK_ID, text: `Prior authorization: approved under ${d.section ?? plan.guideline.id}. Authorization number ${number}.`, type: "display" });
    }
  }
  out.status = "completed";
  return { status: 200, body: out, contentType: FHIR_JSON };
}

/** The questionnaires this service publishes: the guideline's (`pedsp`), one per CPT code (`pedsp-72148`), and adaptive ones. */
export function questionnaireById(c: ServiceConfig, id: string): Reply | undefined {
  const m = /^(.+?)(?:-(\d{5}))?(-adaptive)?$/.exec(id);
  if (!m || m[1] !== fhirSlug(c.model.plan)) return undefined;
  try {
    const q = questionnaireOf(c.model, { base: questionnaireBase(c), ...(m[2] ? { cpt: m[2] } : {}), ...(m[3] ? { adaptive: true } : {}) }).questionnaire;
    return { status: 200, body: q, contentType: FHIR_JSON };
  } catch (e) {
    if (e instanceof QuestionnaireError) return undefined;
    throw e;
  }
}

/** The DTR endpoints for the server. */
export function serviceExtras(config: () => ServiceConfig): Extras {
  return {
    nextQuestion: (body, asOf) => nextQuestion(config(), body, asOf),
    questionnaire: (id) => questionnaireById(config(), id),
  };
}
