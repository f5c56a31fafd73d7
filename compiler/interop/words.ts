// A determination in the words a payer sends with a prior-authorization answer: for a denial, each unmet criterion
// with the guideline sentence it rests on; for a pend, the questions to answer; plus stable identifiers derived from
// the request, so the same request always gets the same authorization number. Shared by the PAS ClaimResponse
// (pas.ts) and the CRD service (crd.ts); pure and deterministic (no clock, no randomness), browser-safe.
import { addDays as addYmdDays, formatIsoDate, parseIsoDate } from "../../runtime/dates.ts";
import type { Determination, Reason } from "../../runtime/decide.ts";
import type { Plan } from "../../runtime/plan.ts";
import { shortReason, forPeople } from "../notice.ts";

/** One reason for a denial: the section, what was not met (with the case's answers), and the guideline's sentence. */
export interface UnmetCriterion {
  section: string;
  /** The verdict and the criteria that decided it, in the guideline's words. */
  text: string;
  /** The guideline sentence the rule encodes (a quote), when it has one. */
  cite?: string;
  /** The line of the guideline's source text that sentence is on. */
  sourceLine?: number;
}

const real = (d: Determination): Reason[] => d.reasons.filter((r) => r.rule !== "case-validation");

/** The section's title, when the plan is at hand. */
export function sectionTitle(plan: Plan | undefined, id: string | undefined): string | undefined {
  return id === undefined ? undefined : plan?.sections.find((s) => s.id === id)?.title;
}

/** A deny's reasons, each unmet criterion with its citation (what CMS-0057-F calls the specific reason). */
export function unmetCriteria(d: Determination): UnmetCriterion[] {
  return real(d).map((r) => ({
    section: r.section,
    text: forPeople(shortReason(r)),
    ...(r.cite ? { cite: r.cite } : {}),
    ...(r.source.line ? { sourceLine: r.source.line } : {}),
  }));
}

/** One unmet criterion in one line: `PEDSP-2.3: Not supported, criteria not met: …. Guideline: “…” (source line 254).` */
export function unmetLine(u: UnmetCriterion): string {
  const text = u.text.replace(/\s+$/, "");
  const cite = u.cite ? ` Guideline: “${u.cite}”${u.sourceLine ? ` (source line ${u.sourceLine})` : ""}.` : "";
  return `${u.section}: ${/[.!?]$/.test(text) ? text : `${text}.`}${cite}`;
}

/** The service in words: `MRI Lumbar without contrast (CPT 72148)`. */
export function serviceWords(d: Determination): string {
  return d.study ? `${d.study} (CPT ${d.cpt})` : `CPT ${d.cpt || "(none)"}`;
}

/** The guideline in words: `Pediatric Spine Imaging (PEDSP, version 1.2)` with a plan, else `PEDSP 1.2`. */
export function guidelineWords(d: Determination, plan?: Plan): string {
  const v = d.version ?? plan?.guideline.version;
  return plan ? `${plan.guideline.title} (${d.guideline}${v ? `, version ${v}` : ""})` : `${d.guideline}${v ? ` ${v}` : ""}`;
}

/** The section in words: `PEDSP-2.3 Back and Neck Pain in Children Age 6 and Over`. */
export function sectionWords(d: Determination, plan?: Plan): string | undefined {
  if (!d.section) return undefined;
  const title = sectionTitle(plan, d.section);
  return title ? `${d.section} ${title}` : d.section;
}

/** A denial as sentences a reviewer can send: the decision, each unmet criterion with its citation, the alternatives. */
export function denialLines(d: Determination): string[] {
  const out = unmetCriteria(d).map(unmetLine);
  if (d.supported.length) out.push(`The guideline supports instead: ${d.supported.map((s) => `${s.description} (CPT ${s.cpt})`).join("; ")}.`);
  // With whyNot: the other approval rules for the requested study, and what each lacked (a rule already given as a
  // reason is not repeated; rules for other studies are the alternatives' business, not this denial's).
  const given = new Set(real(d).map((r) => r.rule));
  for (const w of d.whyNot ?? []) {
    if (w.status === "not the requested study" || given.has(w.rule) || !w.studies.includes(`(${d.cpt})`)) continue;
    out.push(`Why not approved (${w.section}): ${forPeople(w.text)}`);
  }
  return out;
}

/** A pend's questions, in the order the determination gives them (most decisive first). */
export function pendQuestions(d: Determination): string[] {
  return d.missing.map((m) => m.question);
}

/** A pend or review in sentences: why it is not decided, the prerequisites still open, the questions to answer. */
export function pendLines(d: Determination): string[] {
  const out: string[] = [];
  if (d.outcome === "review") for (const r of real(d)) out.push(`${r.section}: ${forPeople(shortReason(r))}`);
  for (const r of d.needed) out.push(`${r.section}: ${forPeople(r.text)}`);
  for (const q of pendQuestions(d)) out.push(`Question: ${q}`);
  for (const e of d.errors ?? []) out.push(`To correct: ${e.field}: ${e.message}`);
  return out;
}

/** A not-applicable answer in one sentence: which guideline governs instead. */
export function notApplicableLine(d: Determination): string {
  const refs = d.references.map((r) => `${r.id} ${r.title}${r.in ? ` (${r.in})` : ""}`);
  const lead = `${d.guideline} does not govern this request${d.section ? ` (${d.section})` : ""}`;
  return refs.length ? `${lead}; see ${refs.join("; ")}.` : `${lead}.`;
}

// ---- stable identifiers ----

/** cyrb53: a 53-bit string hash (public domain), enough to make distinct requests get distinct identifiers. */
function cyrb53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed, h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 32 hex digits that depend only on the parts: the same request always gets the same identifier. */
export function stableHex(...parts: readonly (string | number | undefined)[]): string {
  const s = JSON.stringify(parts);
  return [1, 2, 3].map((seed) => cyrb53(s, seed).toString(16).padStart(14, "0")).join("").slice(0, 32);
}

/** A UUID-shaped identifier (version nibble 5, RFC 4122 variant) derived from the parts. */
export function stableUuid(...parts: readonly (string | number | undefined)[]): string {
  const h = stableHex(...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An authorization number for an approval: the guideline id and 12 characters derived from the request. */
export function authorizationNumber(d: Determination, ...parts: readonly (string | number | undefined)[]): string {
  return `${d.guideline}-${stableHex(d.guideline, d.version, d.cpt, d.section, ...parts).slice(0, 12).toUpperCase()}`;
}

/** A date (YYYY-MM-DD) plus n days, by the runtime's calendar (no clock, no time zone). */
export function addDays(ymd: string, n: number): string {
  return formatIsoDate(addYmdDays(parseIsoDate(ymd)!, n));
}

/** The coverage assertion id CRD's `order-sign` and DTR's `$next-question` give one decision of one order. */
export function coverageAssertionId(patientId: string | undefined, srId: string | undefined, cpt: string, asOf: string, outcome: string | undefined, c: unknown): string {
  return `ca-${stableHex(patientId, srId, cpt, asOf, outcome, JSON.stringify(c)).slice(0, 24)}`;
}
