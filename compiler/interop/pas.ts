// A determination -> the Da Vinci PAS answer to a prior-authorization request (`Claim/$submit`): an R4 ClaimResponse
// (`use: preauthorization`) whose item adjudication carries the X12 278 HCR review action (code source 306):
// A1 certified in total (approve: the authorization number and the period it is valid for), A3 not certified (deny:
// each unmet criterion with the guideline sentence it rests on, in processNote, as CMS-0057-F asks of every denial),
// A4 pended (pend, and review before a human decides: the questions to answer). A request this guideline does not
// govern (not-applicable) gets no review action, only a note that no authorization is needed under it.
// Pure and deterministic: the same determination and options give the same resource (no clock, no randomness).
import type { Determination } from "../../runtime/decide.ts";
import type { Plan } from "../../runtime/plan.ts";
import {
  addDays, authorizationNumber, denialLines, guidelineWords, notApplicableLine, pendLines, sectionWords, serviceWords, stableHex,
} from "./words.ts";

const PAS_SD = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";
export const PAS_URLS = {
  claimResponse: `${PAS_SD}profile-claimresponse`,
  reviewAction: `${PAS_SD}extension-reviewAction`,
  reviewActionCode: `${PAS_SD}extension-reviewActionCode`,
  itemPreAuthIssueDate: `${PAS_SD}extension-itemPreAuthIssueDate`,
  itemPreAuthPeriod: `${PAS_SD}extension-itemPreAuthPeriod`,
} as const;
/** X12 code source 306 (HCR01, the action), as PAS binds extension-reviewActionCode. */
export const X12_ACTION_SYSTEM = "https://codesystem.x12.org/005010/306";
/** X12 external code source 886 (HCR03, the review decision reason), as PAS binds reviewAction.reasonCode. */
export const X12_REASON_SYSTEM = "https://codesystem.x12.org/external/886";

export interface Coding { system?: string; code?: string; display?: string }
export interface Reference { reference?: string; display?: string; identifier?: { system?: string; value?: string } }
export interface Extension { url: string; [value: string]: unknown }
export type ReviewActionCode = "A1" | "A3" | "A4";

/** The X12 306 actions this module sends. */
export const REVIEW_ACTIONS: Record<ReviewActionCode, Coding> = {
  A1: { system: X12_ACTION_SYSTEM, code: "A1", display: "Certified in total" },
  A3: { system: X12_ACTION_SYSTEM, code: "A3", display: "Not Certified" },
  A4: { system: X12_ACTION_SYSTEM, code: "A4", display: "Pended" },
};
/**
 * The review decision reason codes sent by default (HCR03). The 886 list is X12's and licensed; these two are the
 * codes other PAS implementations send for a medical-necessity denial and a request for more information. A payer
 * with its own mapping passes `reasonCodes`; the specific reason always travels in words too (`text`, processNote).
 */
export const DEFAULT_REASON_CODES: { deny: Coding; pend: Coding } = {
  deny: { system: X12_REASON_SYSTEM, code: "0F", display: "Not Medically Necessary" },
  pend: { system: X12_REASON_SYSTEM, code: "0U", display: "Additional Patient Information required" },
};

/** The parts of a submitted PAS Claim this answer echoes (its id, identifier, provider, type and items). */
export interface ClaimInput {
  resourceType?: string; id?: string;
  identifier?: unknown[]; type?: unknown; provider?: Reference;
  item?: { sequence?: number; productOrService?: { coding?: Coding[] } }[];
}

export interface ClaimResponseOptions {
  /** The submitted Claim: its id becomes `request`, its identifier and type are echoed, and its item with the CPT code gets the adjudication. */
  claim?: ClaimInput;
  /** A reference to the request (`Claim/123`) when the Claim itself is not at hand; else `Claim/<claim.id>`. */
  request?: string;
  /** The patient: `Patient/123`. */
  patientRef: string;
  /** The payer: a name (shown as `insurer.display`) or a Reference. */
  insurer: string | Reference;
  /** When the answer is made (a FHIR dateTime or date); its date is the issue date and the start of an approval's period. */
  created: string;
  /** The authorization number of an approval (default: derived from the request, the same for the same request). */
  authNumber?: string;
  /** How many days an approval is valid, the issue date included (default 90). */
  validDays?: number;
  /** The guideline's plan: section titles in the words (optional). */
  plan?: Plan;
  /** Replace the default X12 886 reason codes. */
  reasonCodes?: Partial<typeof DEFAULT_REASON_CODES>;
  /** The resource id (default: derived from the request). */
  id?: string;
}

export interface ClaimResponse {
  resourceType: "ClaimResponse";
  id: string;
  meta: { profile: string[] };
  identifier?: unknown[];
  status: "active";
  type: unknown;
  use: "preauthorization";
  patient: Reference;
  created: string;
  insurer: Reference;
  requestor?: Reference;
  request?: Reference;
  outcome: "complete" | "queued";
  disposition: string;
  preAuthRef?: string;
  preAuthPeriod?: { start: string; end: string };
  item: { itemSequence: number; extension?: Extension[]; noteNumber?: number[]; adjudication: { category: { coding: Coding[] }; extension?: Extension[] }[] }[];
  processNote?: { number: number; type: "display"; text: string }[];
}

const CPT = "http://www.ama-assn.org/go/cpt";
const PROFESSIONAL = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claim-type", code: "professional" }] };
const SUBMITTED = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/adjudication", code: "submitted" }] };

/** The X12 306 action a determination gets (not-applicable gets none: no authorization is needed under this guideline). */
export function reviewActionOf(d: Determination): ReviewActionCode | undefined {
  switch (d.outcome) {
    case "approve": return "A1";
    case "deny": return "A3";
    case "pend": case "review": return "A4";
    case "not-applicable": return undefined;
  }
}

/** The PAS ClaimResponse for a determination. */
export function claimResponseOf(d: Determination, o: ClaimResponseOptions): ClaimResponse {
  const created = o.created;
  const issued = created.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(issued)) throw new Error(`created must be a FHIR date or dateTime, not ${JSON.stringify(created)}`);
  const validDays = o.validDays ?? 90;
  if (!Number.isInteger(validDays) || validDays < 1) throw new Error(`validDays must be a whole number of days, at least 1, not ${validDays}`);
  const requestRef = o.request ?? (o.claim?.id ? `Claim/${o.claim.id}` : undefined);
  const key = [o.patientRef, requestRef, created, d.outcome, d.cpt, d.section];
  const action = reviewActionOf(d);
  const codes = { ...DEFAULT_REASON_CODES, ...o.reasonCodes };
  const service = serviceWords(d);
  const under = [guidelineWords(d, o.plan), sectionWords(d, o.plan)].filter(Boolean).join(", section ");

  // The notes: for a denial the specific reasons, for a pend or review the questions, else one sentence.
  let lines: string[];
  let disposition: string;
  switch (d.outcome) {
    case "approve": {
      lines = [];
      disposition = `Certified in total: ${service} meets ${under}.`;
      break;
    }
    case "deny": {
      lines = denialLines(d);
      disposition = `Not certified: ${service} does not meet ${under}.`;
      break;
    }
    case "pend": {
      lines = pendLines(d);
      disposition = `Pended: more information is needed to decide ${service} under ${under}.`;
      break;
    }
    case "review": {
      lines = pendLines(d);
      disposition = `Pended for Medical Director review: ${service} under ${under}.`;
      break;
    }
    case "not-applicable": {
      lines = [`No prior authorization is needed under this guideline: ${notApplicableLine(d)}`];
      disposition = `No authorization needed under ${guidelineWords(d, o.plan)}: another guideline governs ${service}.`;
      break;
    }
  }
  const processNote = lines.map((text, i) => ({ number: i + 1, type: "display" as const, text }));

  const auth = d.outcome === "approve" ? o.authNumber ?? authorizationNumber(d, o.patientRef, requestRef, created) : undefined;
  const period = auth ? { start: issued, end: addDays(issued, validDays - 1) } : undefined;

  const review: Extension[] = [];
  if (action) {
    review.push({ url: PAS_URLS.reviewActionCode, valueCodeableConcept: { coding: [REVIEW_ACTIONS[action]] } });
    if (auth) review.push({ url: "number", valueString: auth });
    const reason = action === "A3" ? codes.deny : action === "A4" ? codes.pend : undefined;
    if (reason) review.push({ url: "reasonCode", valueCodeableConcept: { coding: [reason], text: lines[0] ?? disposition } });
  }
  const itemExt: Extension[] = auth && period
    ? [{ url: PAS_URLS.itemPreAuthIssueDate, valueDate: issued }, { url: PAS_URLS.itemPreAuthPeriod, valuePeriod: period }]
    : [];
  const item = sequencesFor(o.claim, d.cpt).map((itemSequence) => ({
    itemSequence,
    ...(itemExt.length ? { extension: itemExt } : {}),
    ...(processNote.length ? { noteNumber: processNote.map((n) => n.number) } : {}),
    adjudication: [{ category: SUBMITTED, ...(review.length ? { extension: [{ url: PAS_URLS.reviewAction, extension: review }] } : {}) }],
  }));

  return {
    resourceType: "ClaimResponse",
    id: o.id ?? `pas-${stableHex(...key).slice(0, 20)}`,
    meta: { profile: [PAS_URLS.claimResponse] },
    ...(o.claim?.identifier ? { identifier: o.claim.identifier } : {}),
    status: "active",
    type: o.claim?.type ?? PROFESSIONAL,
    use: "preauthorization",
    patient: { reference: o.patientRef },
    created,
    insurer: typeof o.insurer === "string" ? { display: o.insurer } : o.insurer,
    ...(o.claim?.provider ? { requestor: o.claim.provider } : {}),
    ...(requestRef ? { request: { reference: requestRef } } : {}),
    outcome: d.outcome === "pend" || d.outcome === "review" ? "queued" : "complete",
    disposition,
    ...(auth ? { preAuthRef: auth, preAuthPeriod: period } : {}),
    item,
    ...(processNote.length ? { processNote } : {}),
  };
}

/** The Claim's item sequence(s) for the decided CPT code; 1 without a Claim or a matching item. */
function sequencesFor(claim: ClaimInput | undefined, cpt: string): number[] {
  const items = claim?.item ?? [];
  const seqs = items
    .map((it, i) => ({ seq: typeof it.sequence === "number" ? it.sequence : i + 1, codes: it.productOrService?.coding ?? [] }))
    .filter((it) => it.codes.some((c) => c.code === cpt && (c.system === undefined || c.system === CPT)))
    .map((it) => it.seq);
  return seqs.length ? seqs : [1];
}

/** The review action of a ClaimResponse made here (for tests and clients): the X12 306 code, number and reason. */
export function readReviewAction(cr: ClaimResponse): { code?: string; number?: string; reason?: { coding: Coding[]; text?: string } } | undefined {
  for (const it of cr.item) for (const a of it.adjudication) for (const e of a.extension ?? []) {
    if (e.url !== PAS_URLS.reviewAction) continue;
    const sub = (url: string): Extension | undefined => (e.extension as Extension[]).find((x) => x.url === url);
    return {
      code: (sub(PAS_URLS.reviewActionCode)?.valueCodeableConcept as { coding: Coding[] } | undefined)?.coding[0]?.code,
      number: sub("number")?.valueString as string | undefined,
      reason: sub("reasonCode")?.valueCodeableConcept as { coding: Coding[]; text?: string } | undefined,
    };
  }
  return undefined;
}
