// FHIR R4 QuestionnaireResponse <-> Case, one mapping both ways: in a plan and a QuestionnaireResponse whose
// linkIds are fact ids (or a Case), out the Case it answers (or the response that answers the Case). Absent or
// disabled items are unknown, never false; quantities in UCUM are converted to the fact's unit with quantity.ts; an
// item that cannot be read is refused with its linkId named (a CaseError), never decided. The item layout, codes and
// units here are also what compiler/interop/questionnaire.ts builds the Questionnaire from, so the two cannot drift.
import type { Plan, PlanFact } from "./plan.ts";
import type { FactType } from "./validate.ts";
import { validateCase } from "./validate.ts";
import { caseSpecOf } from "./decide.ts";
import { CaseError, type CaseIssue } from "./errors.ts";
import { canonicalUnit, convert, unitDimension, unitsOf, type CanonicalUnit } from "./quantity.ts";
import { spanUnit, type SpanUnit } from "./span.ts";
import { NOT_DOCUMENTED } from "./derive.ts";
import { unwrapCase } from "./wrapper.ts";
import { describeValue, hasOwn, isPlainObject, ownValue } from "./keys.ts";

export const UCUM_SYSTEM = "http://unitsofmeasure.org";
/** The extension that marks an item the record was read for and does not document (`"not documented"`). */
export const DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
/** Its code for "not documented": the source (the record) was asked and does not say. */
export const NOT_DOCUMENTED_REASON = "asked-unknown";
/** Where generated canonical URLs live unless a caller names its own base. */
export const FHIR_BASE = "https://guideline-dsl.example/fhir";
/** The linkId (and CodeSystem concept) of the request's indication. */
export const INDICATION_LINK_ID = "indication";
/** The code suffix of a set-of fact's "none of these" answer (`affected_region.none-of-these`): the empty set. */
export const NONE_OF_THESE = "none-of-these";

export interface FhirCoding { system?: string; code: string; display?: string }
export interface FhirQuantity { value: number; unit?: string; system?: string; code?: string }
export interface FhirExtension { url: string; valueCode?: string; valueBoolean?: boolean; valueUri?: string; valueCoding?: FhirCoding; valueDecimal?: number; valueString?: string; valueCodeableConcept?: { coding?: FhirCoding[]; text?: string } }
export interface FhirAnswer { valueBoolean?: boolean; valueDecimal?: number; valueDate?: string; valueCoding?: FhirCoding; valueQuantity?: FhirQuantity }
export interface FhirResponseItem { linkId: string; text?: string; extension?: FhirExtension[]; answer?: FhirAnswer[]; item?: FhirResponseItem[] }
export interface FhirQuestionnaireResponse {
  resourceType: "QuestionnaireResponse";
  status: "in-progress" | "completed" | "amended" | "entered-in-error" | "stopped";
  questionnaire?: string;
  item?: FhirResponseItem[];
}

/** The case a response answers: what the engine decides (`interpret`, `evaluate`). */
export interface FhirCase {
  asOf: string;
  patient?: { birthDate: string };
  request: { cpt: string; indication?: string };
  facts: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// The shared vocabulary: urls, codes, item types, units and the layout of items.

const slugOf = (id: string): string => id.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "guideline";
/** The guideline's name in generated URLs: `pedsp`. */
export const fhirSlug = (plan: Plan): string => slugOf(plan.guideline.id);
/** The canonical URL of the CodeSystem of a guideline's facts, values and indications. */
export const fhirCodeSystemUrl = (plan: Plan, base: string = FHIR_BASE): string => `${base.replace(/\/+$/, "")}/CodeSystem/${fhirSlug(plan)}`;

/** The code of a fact's value (`affected_region.lumbar`), of an indication (`indication.back_pain`), of "none of these". */
export const fhirAnswerCode = (fact: string, value: string): string => `${fact}.${value}`;

const humanize = (name: string): string => {
  const words = name.replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
};
/** The words a value is shown with: its declared label, or its name in words. */
export function fhirAnswerDisplay(fact: PlanFact, value: string): string {
  if (value === NONE_OF_THESE) return "None of these";
  const label = fact.labels && hasOwn(fact.labels, value) ? fact.labels[value] : undefined;
  return label ?? humanize(value);
}
export function fhirIndicationDisplay(plan: Plan, name: string): string {
  return plan.indications.find((i) => i.name === name)?.label ?? humanize(name);
}

export type FhirItemType = "boolean" | "choice" | "quantity" | "decimal" | "date";
/** yes/no → boolean; one-of, set-of → choice; numbers with a unit and durations → quantity; plain numbers → decimal; dates → date. */
export function fhirItemType(t: FactType): FhirItemType {
  switch (t.kind) {
    case "bool": return "boolean";
    case "enum": case "set": return "choice";
    case "number": return canonicalUnit(t.unit) === "" ? "decimal" : "quantity";
    case "duration": return "quantity";
    case "date": return "date";
  }
}

const UCUM_OF_UNIT: Record<Exclude<CanonicalUnit, "">, string> = { "°F": "[degF]", "°C": "Cel", mm: "mm", cm: "cm", degrees: "deg" };
const UCUM_OF_SPAN: Record<SpanUnit, string> = { days: "d", weeks: "wk", months: "mo", years: "a" };
const SPAN_UNITS: readonly SpanUnit[] = ["days", "weeks", "months", "years"];

/** A unit option: the UCUM code and how a form shows it. */
export interface FhirUnitOption { system: typeof UCUM_SYSTEM; code: string; display: string }
const unitOption = (u: Exclude<CanonicalUnit, "">): FhirUnitOption => ({ system: UCUM_SYSTEM, code: UCUM_OF_UNIT[u], display: u });
const spanOption = (u: SpanUnit): FhirUnitOption => ({ system: UCUM_SYSTEM, code: UCUM_OF_SPAN[u], display: u });

/** The units a quantity item offers, the fact's own first (°F, then °C); none for other items. */
export function fhirUnitOptions(t: FactType): FhirUnitOption[] {
  if (t.kind === "duration") return SPAN_UNITS.map(spanOption);
  if (t.kind !== "number") return [];
  const own = canonicalUnit(t.unit);
  const dim = unitDimension(t.unit);
  if (own === undefined || own === "" || dim === undefined) return [];
  return [own, ...unitsOf(dim).filter((u) => u !== own)].filter((u): u is Exclude<CanonicalUnit, ""> => u !== "").map(unitOption);
}

/** A runtime unit from a UCUM code (`[degF]`, `Cel`, `mm`, `cm`, `deg`) or the runtime's own spelling (`°F`, `degF`). */
function unitOfCode(code: string): CanonicalUnit | undefined {
  for (const [u, c] of Object.entries(UCUM_OF_UNIT)) if (c === code) return u as CanonicalUnit;
  const own = canonicalUnit(code);
  return own === "" ? undefined : own;
}
/** A duration unit from a UCUM code (`d`, `wk`, `mo`, `a`) or a word (`days`, `week`). */
function spanUnitOfCode(code: string): SpanUnit | undefined {
  for (const [u, c] of Object.entries(UCUM_OF_SPAN)) if (c === code) return u as SpanUnit;
  return spanUnit(code);
}

/** One entry of the item layout: a fact on its own, or a group of facts (declared `group`), in declaration order. */
export type FhirLayoutEntry = { fact: PlanFact } | { group: { linkId: string; title: string; facts: PlanFact[] } };

/**
 * The items a guideline's questionnaire holds, in order: each fact where it is declared, facts of one `group` together
 * at the place of the group's first fact. Group linkIds are `group.N` by order of first appearance among all the
 * plan's facts, so a questionnaire narrowed to one study keeps the same linkIds. A fact declared twice counts once.
 */
export function fhirLayout(plan: Plan): FhirLayoutEntry[] {
  const out: FhirLayoutEntry[] = [];
  const groups = new Map<string, { linkId: string; title: string; facts: PlanFact[] }>();
  const seen = new Set<string>();
  for (const f of plan.facts) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    if (f.group === undefined || f.group === "") { out.push({ fact: f }); continue; }
    let g = groups.get(f.group);
    if (!g) {
      g = { linkId: `group.${groups.size + 1}`, title: f.group, facts: [] };
      groups.set(f.group, g);
      out.push({ group: g });
    }
    g.facts.push(f);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Case -> QuestionnaireResponse

export interface ResponseFromCaseOptions {
  /** The canonical URL of the questionnaire answered (QuestionnaireResponse.questionnaire). */
  questionnaire?: string;
  /** Where the CodeSystem lives (FHIR_BASE by default): the system of every valueCoding. */
  base?: string;
  status?: FhirQuestionnaireResponse["status"];
}

/**
 * The QuestionnaireResponse that answers a case: one item per fact the case gives (grouped as the questionnaire
 * groups them), the indication as the `indication` item, a "not documented" answer as an item with no answer and
 * a data-absent-reason of asked-unknown (with `documentation: "complete"`, every fact the case leaves out). The
 * patient, the study requested and the decision date are not questions: they travel beside the response (the
 * Patient's birthDate, the ServiceRequest's code) and come back as caseFromResponse's options. Throws a CaseError
 * for a case that is not valid.
 */
export function responseFromCase(plan: Plan, input: unknown, options: ResponseFromCaseOptions = {}): FhirQuestionnaireResponse {
  const checked = validateCase(input, caseSpecOf(plan));
  if (!checked.ok) throw new CaseError(checked.issues);
  // The case's own values (its units and spellings), read from the validated input: validateCase refused anything odd.
  const raw = unwrapCase(input).case as Record<string, unknown>;
  const facts = (isPlainObject(ownValue(raw, "facts")) ? ownValue(raw, "facts") : {}) as Record<string, unknown>;
  const complete = ownValue(raw, "documentation") === "complete";
  const system = fhirCodeSystemUrl(plan, options.base);
  const itemOf = (f: PlanFact): FhirResponseItem | undefined => {
    const v = hasOwn(facts, f.name) ? facts[f.name] : undefined;
    if (v === undefined || v === null) return complete ? notDocumentedItem(f.name) : undefined;
    if (v === NOT_DOCUMENTED) return notDocumentedItem(f.name);
    return { linkId: f.name, answer: answersOf(f, v, system) };
  };
  const items: FhirResponseItem[] = [];
  const indication = checked.value.indication;
  if (indication !== undefined) {
    items.push({ linkId: INDICATION_LINK_ID, answer: [{ valueCoding: { system, code: fhirAnswerCode(INDICATION_LINK_ID, indication), display: fhirIndicationDisplay(plan, indication) } }] });
  }
  for (const e of fhirLayout(plan)) {
    if ("fact" in e) { const it = itemOf(e.fact); if (it) items.push(it); continue; }
    const kids = e.group.facts.map(itemOf).filter((x): x is FhirResponseItem => x !== undefined);
    if (kids.length) items.push({ linkId: e.group.linkId, text: e.group.title, item: kids });
  }
  return { resourceType: "QuestionnaireResponse", status: options.status ?? "completed", ...(options.questionnaire ? { questionnaire: options.questionnaire } : {}), item: items };
}

const notDocumentedItem = (linkId: string): FhirResponseItem => ({ linkId, extension: [{ url: DATA_ABSENT_REASON, valueCode: NOT_DOCUMENTED_REASON }] });

/** The answers of one valid case value (validateCase has accepted it). */
function answersOf(f: PlanFact, v: unknown, system: string): FhirAnswer[] {
  const coding = (value: string): FhirAnswer => ({ valueCoding: { system, code: fhirAnswerCode(f.name, value), display: fhirAnswerDisplay(f, value) } });
  const t = f.type;
  switch (t.kind) {
    case "bool": return [{ valueBoolean: v as boolean }];
    case "enum": return [coding(v as string)];
    case "set": { const vs = v as string[]; return vs.length ? vs.map(coding) : [coding(NONE_OF_THESE)]; }
    case "date": return [{ valueDate: v as string }];
    case "duration": {
      const d = v as { value: number; unit: string };
      const u = spanUnit(d.unit)!;
      return [{ valueQuantity: { value: d.value, unit: u, system: UCUM_SYSTEM, code: UCUM_OF_SPAN[u] } }];
    }
    case "number": {
      const value = typeof v === "number" ? v : (v as { value: number }).value;
      const given = typeof v === "number" ? t.unit : (v as { unit: string }).unit;
      const u = canonicalUnit(given) ?? "";
      if (u === "") return [{ valueDecimal: value }];
      return [{ valueQuantity: { value, unit: u, system: UCUM_SYSTEM, code: UCUM_OF_UNIT[u] } }];
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// QuestionnaireResponse -> Case

export interface CaseFromResponseOptions {
  /** The date the request is decided for (YYYY-MM-DD): the case's asOf. */
  asOf: string;
  /** The patient's birth date (Patient.birthDate). */
  birthDate?: string;
  /** The CPT code requested (ServiceRequest.code). */
  cpt: string;
  /** The indication, when the response has no `indication` item (say, from the order's reason). */
  indication?: string;
  /**
   * The Questionnaire the response answers: when given, an item its enableWhen disables (or whose group is disabled)
   * is unknown whatever it holds, as a form would have hidden it.
   */
  questionnaire?: unknown;
}

export type ResponseReading = { ok: true; case: FhirCase } | { ok: false; issues: CaseIssue[] };

const fieldOf = (linkId: string): string => `item[linkId=${linkId}]`;

/**
 * The case a QuestionnaireResponse answers, or every item that cannot be read (each named by its linkId). Answers:
 * valueBoolean; valueCoding (`fact.value`, or the bare value); valueQuantity in UCUM (or the runtime's spellings),
 * converted to the fact's unit; durations in d, wk, mo or a; valueDate; valueDecimal or valueInteger. An item with
 * no answer is unknown, one with data-absent-reason asked-unknown is "not documented". Never throws.
 */
export function readResponse(plan: Plan, qr: unknown, options: CaseFromResponseOptions): ResponseReading {
  const issues: CaseIssue[] = [];
  if (!isPlainObject(qr) || ownValue(qr, "resourceType") !== "QuestionnaireResponse") {
    return { ok: false, issues: [{ field: "QuestionnaireResponse", message: `must be a FHIR QuestionnaireResponse (resourceType "QuestionnaireResponse"), got ${describeValue(isPlainObject(qr) ? ownValue(qr, "resourceType") : qr)}` }] };
  }
  const byName = new Map<string, PlanFact>();
  for (const f of plan.facts) if (!byName.has(f.name)) byName.set(f.name, f);
  const items = new Map<string, Record<string, unknown>>();
  const walk = (list: unknown, where: string): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) { issues.push({ field: where, message: "must be a list of items" }); return; }
    for (const it of list) {
      if (!isPlainObject(it) || typeof ownValue(it, "linkId") !== "string") { issues.push({ field: where, message: "every item must be an object with a linkId" }); continue; }
      const linkId = ownValue(it, "linkId") as string;
      if (items.has(linkId)) issues.push({ field: fieldOf(linkId), message: `item ${linkId} is answered twice` });
      else items.set(linkId, it);
      walk(ownValue(it, "item"), fieldOf(linkId));
      const answers = ownValue(it, "answer");
      if (Array.isArray(answers)) for (const a of answers) if (isPlainObject(a)) walk(ownValue(a, "item"), fieldOf(linkId));
    }
  };
  walk(ownValue(qr, "item"), "QuestionnaireResponse.item");
  const enabled = options.questionnaire === undefined ? () => true : enabledIn(options.questionnaire, items);

  const facts: Record<string, unknown> = {};
  let indication = options.indication;
  for (const [linkId, it] of items) {
    const answers = ownValue(it, "answer");
    const list = Array.isArray(answers) ? answers.filter(isPlainObject) : [];
    if (answers !== undefined && !Array.isArray(answers)) { issues.push({ field: fieldOf(linkId), message: `item ${linkId}: answer must be a list` }); continue; }
    const notDocumented = absentReason(it) === NOT_DOCUMENTED_REASON;
    const fact = byName.get(linkId);
    if (linkId !== INDICATION_LINK_ID && fact === undefined) {
      if (list.some(hasValue)) issues.push({ field: fieldOf(linkId), message: `item ${linkId} is not a question of ${plan.guideline.id}: its answer cannot be read` });
      continue;
    }
    if (!enabled(linkId)) continue;
    if (notDocumented && list.some(hasValue)) { issues.push({ field: fieldOf(linkId), message: `item ${linkId} has an answer and also says the record does not document it` }); continue; }
    if (linkId === INDICATION_LINK_ID) {
      const got = readIndication(plan, list, issues);
      if (got === undefined) continue;
      if (options.indication !== undefined && options.indication !== got) {
        issues.push({ field: fieldOf(linkId), message: `item indication answers ${got}, but the request is for ${options.indication}` });
        continue;
      }
      indication = got;
      continue;
    }
    if (notDocumented) { facts[linkId] = NOT_DOCUMENTED; continue; }
    const values = list.filter(hasValue);
    if (values.length === 0) continue;
    const v = readAnswers(fact!, values, issues);
    if (v !== undefined) facts[linkId] = v;
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    case: {
      asOf: options.asOf,
      ...(options.birthDate !== undefined ? { patient: { birthDate: options.birthDate } } : {}),
      request: { cpt: options.cpt, ...(indication !== undefined ? { indication } : {}) },
      facts,
    },
  };
}

/** readResponse, throwing a CaseError that names each item it cannot read. */
export function caseFromResponse(plan: Plan, qr: unknown, options: CaseFromResponseOptions): FhirCase {
  const r = readResponse(plan, qr, options);
  if (!r.ok) throw new CaseError(r.issues);
  return r.case;
}

const VALUE_KEYS = ["valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueDateTime", "valueTime", "valueString", "valueUri", "valueAttachment", "valueCoding", "valueQuantity", "valueReference"];
const hasValue = (a: Record<string, unknown>): boolean => VALUE_KEYS.some((k) => ownValue(a, k) !== undefined);
const valueKeyOf = (a: Record<string, unknown>): string => VALUE_KEYS.find((k) => ownValue(a, k) !== undefined) ?? "nothing";

function absentReason(it: Record<string, unknown>): string | undefined {
  const ext = ownValue(it, "extension");
  if (!Array.isArray(ext)) return undefined;
  for (const e of ext) if (isPlainObject(e) && ownValue(e, "url") === DATA_ABSENT_REASON && typeof ownValue(e, "valueCode") === "string") return ownValue(e, "valueCode") as string;
  return undefined;
}

/** The code of a valueCoding, without its `fact.` prefix. */
function codeOf(a: Record<string, unknown>, prefix: string): string | undefined {
  const c = ownValue(a, "valueCoding");
  if (!isPlainObject(c)) return undefined;
  const code = ownValue(c, "code");
  if (typeof code !== "string") return undefined;
  return code.startsWith(prefix + ".") ? code.slice(prefix.length + 1) : code;
}

function readIndication(plan: Plan, list: Record<string, unknown>[], issues: CaseIssue[]): string | undefined {
  const values = list.filter(hasValue);
  if (values.length === 0) return undefined;
  const field = fieldOf(INDICATION_LINK_ID);
  if (values.length > 1) { issues.push({ field, message: "item indication has more than one answer; a request has one indication" }); return undefined; }
  const code = codeOf(values[0], INDICATION_LINK_ID);
  if (code === undefined) { issues.push({ field, message: `item indication must be answered with a valueCoding, got ${valueKeyOf(values[0])}` }); return undefined; }
  if (!plan.indications.some((i) => i.name === code)) { issues.push({ field, message: `item indication: ${JSON.stringify(code)} is not an indication of ${plan.guideline.id}` }); return undefined; }
  return code;
}

/** One fact's answers as the case value they give; an issue naming the item otherwise. */
function readAnswers(f: PlanFact, answers: Record<string, unknown>[], issues: CaseIssue[]): unknown {
  const field = fieldOf(f.name);
  const t = f.type;
  const fail = (message: string): undefined => { issues.push({ field, message: `item ${f.name}: ${message}` }); return undefined; };
  if (t.kind !== "set" && answers.length > 1) return fail(`has ${answers.length} answers; it takes one`);
  const a = answers[0];
  const want = (key: string, what: string): unknown => {
    const v = ownValue(a, key);
    if (v === undefined) fail(`must be answered with ${what}, got ${valueKeyOf(a)}`);
    return v;
  };
  switch (t.kind) {
    case "bool": {
      const v = want("valueBoolean", "valueBoolean (yes or no)");
      if (v === undefined) return undefined;
      return typeof v === "boolean" ? v : fail(`valueBoolean must be true or false, got ${describeValue(v)}`);
    }
    case "enum": {
      const v = codeOf(a, f.name);
      if (v === undefined) return fail(`must be answered with a valueCoding, got ${valueKeyOf(a)}`);
      return t.values.includes(v) ? v : fail(`${JSON.stringify(v)} is not one of its answers (${t.values.join(", ")})`);
    }
    case "set": {
      const out: string[] = [];
      let none = false;
      for (const x of answers) {
        const v = codeOf(x, f.name);
        if (v === undefined) return fail(`must be answered with valueCoding answers, got ${valueKeyOf(x)}`);
        if (v === NONE_OF_THESE) { none = true; continue; }
        if (!t.values.includes(v)) return fail(`${JSON.stringify(v)} is not one of its answers (${t.values.join(", ")})`);
        if (!out.includes(v)) out.push(v);
      }
      if (none && out.length) return fail(`"none of these" is answered together with ${out.join(", ")}`);
      return out;
    }
    case "date": {
      const v = ownValue(a, "valueDate") ?? ownValue(a, "valueDateTime");
      if (v === undefined) return fail(`must be answered with valueDate, got ${valueKeyOf(a)}`);
      if (typeof v !== "string") return fail(`valueDate must be a date written YYYY-MM-DD, got ${describeValue(v)}`);
      // A dateTime's day is the date; a partial date (2026-11) is passed on for validation to refuse by name.
      return /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 10) : v;
    }
    case "duration": {
      const q = readQuantity(a, fail);
      if (q === undefined) return undefined;
      const u = spanUnitOfCode(q.unit);
      if (u === undefined) return fail(`the unit ${JSON.stringify(q.unit)} is not a duration unit this guideline knows; use d, wk, mo or a (days, weeks, months, years)`);
      return { value: q.value, unit: u };
    }
    case "number": {
      const own = canonicalUnit(t.unit);
      if (own === "" || own === undefined) {
        const v = ownValue(a, "valueDecimal") ?? ownValue(a, "valueInteger");
        if (v === undefined) {
          // A quantity without a unit is a plain number too.
          const q = ownValue(a, "valueQuantity");
          if (isPlainObject(q) && typeof ownValue(q, "value") === "number" && !ownValue(q, "code") && !ownValue(q, "unit")) return ownValue(q, "value");
          return fail(`must be answered with valueDecimal, got ${valueKeyOf(a)}`);
        }
        return typeof v === "number" && Number.isFinite(v) ? v : fail(`must be a finite number, got ${describeValue(v)}`);
      }
      const q = readQuantity(a, fail);
      if (q === undefined) return undefined;
      const u = unitOfCode(q.unit);
      const options = fhirUnitOptions(t).map((o) => `${o.code} (${o.display})`).join(" or ");
      if (u === undefined) return fail(`the unit ${JSON.stringify(q.unit)} is not one this guideline knows; use ${options}`);
      if (unitDimension(u) !== unitDimension(own)) return fail(`the unit ${JSON.stringify(q.unit)} measures ${unitDimension(u)}, but this question takes ${options}`);
      return convert(q.value, u, own);
    }
  }
}

/** A valueQuantity's value and unit (its UCUM code, else its unit text). */
function readQuantity(a: Record<string, unknown>, fail: (m: string) => undefined): { value: number; unit: string } | undefined {
  const q = ownValue(a, "valueQuantity");
  if (q === undefined) return fail(`must be answered with valueQuantity, got ${valueKeyOf(a)}`);
  if (!isPlainObject(q)) return fail("valueQuantity must be an object");
  const value = ownValue(q, "value");
  if (typeof value !== "number" || !Number.isFinite(value)) return fail(`valueQuantity.value must be a finite number, got ${describeValue(value)}`);
  const system = ownValue(q, "system"), code = ownValue(q, "code"), unit = ownValue(q, "unit");
  if (typeof code === "string" && code !== "" && (system === undefined || system === UCUM_SYSTEM)) return { value, unit: code };
  if (typeof unit === "string" && unit !== "") return { value, unit };
  if (typeof code === "string" && code !== "") return fail(`the unit ${JSON.stringify(code)} is not in UCUM (${UCUM_SYSTEM}), got system ${describeValue(system)}`);
  return fail("valueQuantity has no unit");
}

// ---------------------------------------------------------------------------------------------------------------
// enableWhen: which items of the response a form would show.

/** Is each linkId enabled by the Questionnaire's enableWhen (and its enclosing items), given the response's answers? */
function enabledIn(questionnaire: unknown, items: Map<string, Record<string, unknown>>): (linkId: string) => boolean {
  const defs = new Map<string, { def: Record<string, unknown>; parent: string | undefined }>();
  const index = (list: unknown, parent: string | undefined): void => {
    if (!Array.isArray(list)) return;
    for (const d of list) {
      if (!isPlainObject(d) || typeof ownValue(d, "linkId") !== "string") continue;
      const id = ownValue(d, "linkId") as string;
      if (!defs.has(id)) defs.set(id, { def: d, parent });
      index(ownValue(d, "item"), id);
    }
  };
  if (isPlainObject(questionnaire)) index(ownValue(questionnaire, "item"), undefined);
  const memo = new Map<string, boolean>();
  const answersOf = (id: string): Record<string, unknown>[] => {
    const it = items.get(id);
    const a = it ? ownValue(it, "answer") : undefined;
    return Array.isArray(a) && isEnabled(id) ? a.filter(isPlainObject).filter(hasValue) : [];
  };
  const isEnabled = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, true); // a cycle (not in a valid questionnaire) counts as enabled rather than looping
    const entry = defs.get(id);
    let r = true;
    if (entry) {
      if (entry.parent !== undefined && !isEnabled(entry.parent)) r = false;
      const conds = ownValue(entry.def, "enableWhen");
      if (r && Array.isArray(conds) && conds.length) {
        const results = conds.filter(isPlainObject).map((c) => condition(c, answersOf));
        r = ownValue(entry.def, "enableBehavior") === "any" ? results.some(Boolean) : results.every(Boolean);
      }
    }
    memo.set(id, r);
    return r;
  };
  return isEnabled;
}

function condition(c: Record<string, unknown>, answersOf: (id: string) => Record<string, unknown>[]): boolean {
  const q = ownValue(c, "question"), op = ownValue(c, "operator");
  if (typeof q !== "string") return true;
  const answers = answersOf(q);
  const key = Object.keys(c).find((k) => k.startsWith("answer"));
  if (op === "exists") return (answers.length > 0) === (ownValue(c, "answerBoolean") === true);
  if (key === undefined || answers.length === 0) return false;
  const want = ownValue(c, key);
  const valueKey = "value" + key.slice("answer".length);
  const cmp = (a: Record<string, unknown>): number | undefined => compareValues(ownValue(a, valueKey), want);
  switch (op) {
    case "=": return answers.some((a) => cmp(a) === 0);
    case "!=": return !answers.some((a) => cmp(a) === 0);
    case ">": return answers.some((a) => (cmp(a) ?? 0) > 0);
    case "<": return answers.some((a) => (cmp(a) ?? 0) < 0);
    case ">=": return answers.some((a) => { const x = cmp(a); return x !== undefined && x >= 0; });
    case "<=": return answers.some((a) => { const x = cmp(a); return x !== undefined && x <= 0; });
    default: return true;
  }
}

/** -1, 0 or 1; undefined when the two cannot be compared (a Coding equals another by system, when both have one, and code). */
function compareValues(a: unknown, b: unknown): number | undefined {
  if (a === undefined) return undefined;
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "string" && typeof b === "string") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : undefined;
  if (isPlainObject(a) && isPlainObject(b)) {
    if (ownValue(b, "code") !== undefined && ownValue(b, "value") === undefined) {
      const sa = ownValue(a, "system"), sb = ownValue(b, "system");
      return ownValue(a, "code") === ownValue(b, "code") && (sa === undefined || sb === undefined || sa === sb) ? 0 : undefined;
    }
    const va = ownValue(a, "value"), vb = ownValue(b, "value");
    if (typeof va === "number" && typeof vb === "number" && ownValue(a, "code") === ownValue(b, "code")) return va === vb ? 0 : va < vb ? -1 : 1;
  }
  return undefined;
}
