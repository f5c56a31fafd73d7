// A FHIR R4 Questionnaire (Da Vinci DTR) and CodeSystem from a guideline's fact declarations: in a checked model and
// options (one CPT code, adaptive, canonical URL, version), out the two resources as plain JSON, the same bytes for
// the same input. linkId = fact id, text = the review question, groups from the facts' `group`, enableWhen on the
// request's indication; the layout, codes and units are runtime/fhir.ts's, which maps responses back to cases.
import type { Model } from "../model.ts";
import type { Plan, PlanFact, PlanStudy, StudyPattern } from "../../runtime/plan.ts";
import { studyFit } from "../../runtime/leaves.ts";
import {
  FHIR_BASE, INDICATION_LINK_ID, NONE_OF_THESE, fhirAnswerCode, fhirAnswerDisplay, fhirCodeSystemUrl, fhirIndicationDisplay,
  fhirItemType, fhirLayout, fhirSlug, fhirUnitOptions, type FhirCoding, type FhirExtension,
} from "../../runtime/fhir.ts";
import { factsByIndication, factsUnderNodes, type RuleLike } from "../emit/schema.ts";
import { condFactNames } from "../../runtime/derive.ts";

export const DTR_STD_PROFILE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire";
export const DTR_ADAPT_PROFILE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt";
const EXT = "http://hl7.org/fhir/StructureDefinition/";
const ITEM_CONTROL = `${EXT}questionnaire-itemControl`;
const ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control";
const SUPPORT_LINK = `${EXT}questionnaire-supportLink`;
const UNIT_OPTION = `${EXT}questionnaire-unitOption`;
const OPTION_EXCLUSIVE = `${EXT}questionnaire-optionExclusive`;
const ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive";
/** More sections than this read a fact: its item links the guideline as a whole rather than each section. */
const MAX_SECTION_LINKS = 3;

export interface QuestionnaireOptions {
  /** Only the facts that can matter for this CPT code (a study of the guideline's catalogue). */
  cpt?: string;
  /** A DTR adaptive questionnaire: the indication only; `$next-question` adds the rest. */
  adaptive?: boolean;
  /** The Questionnaire's canonical URL (default BASE/Questionnaire/SLUG[-CPT][-adaptive]). */
  url?: string;
  /** The business version (default: the guideline's version). */
  version?: string;
  /** Where the CodeSystem and the default URLs live (default runtime/fhir.ts FHIR_BASE). */
  base?: string;
  /** The published guideline, whose sections `#PEDSP-2.3` items link (default BASE/guideline/SLUG). */
  guidelineUrl?: string;
}

export interface QuestionnaireItem {
  extension?: FhirExtension[];
  linkId: string;
  code?: FhirCoding[];
  text: string;
  type: "group" | "display" | "boolean" | "choice" | "quantity" | "decimal" | "date";
  enableWhen?: { question: string; operator: "="; answerCoding: FhirCoding }[];
  enableBehavior?: "any" | "all";
  required?: boolean;
  repeats?: boolean;
  answerOption?: { extension?: FhirExtension[]; valueCoding: FhirCoding }[];
  item?: QuestionnaireItem[];
}
export interface Questionnaire {
  resourceType: "Questionnaire";
  id: string;
  meta: { profile: string[] };
  text: { status: "generated"; div: string };
  extension?: FhirExtension[];
  url: string;
  version?: string;
  name: string;
  title: string;
  status: "active";
  subjectType: ["Patient"];
  description: string;
  item: QuestionnaireItem[];
}
export interface CodeSystemConcept { code: string; display: string; definition?: string; concept?: CodeSystemConcept[] }
export interface CodeSystem {
  resourceType: "CodeSystem";
  id: string;
  text: { status: "generated"; div: string };
  url: string;
  version?: string;
  name: string;
  title: string;
  status: "active";
  description: string;
  caseSensitive: true;
  hierarchyMeaning: "grouped-by";
  content: "complete";
  count: number;
  concept: CodeSystemConcept[];
}

/** A usage mistake (a CPT code the guideline does not know): the CLI prints its message, exit 2. */
export class QuestionnaireError extends Error {}

const humanize = (name: string): string => { const w = name.replace(/_/g, " ").trim(); return w ? w[0].toUpperCase() + w.slice(1) : name; };
const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const narrative = (s: string): { status: "generated"; div: string } => ({ status: "generated", div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${xml(s)}</p></div>` });
/** A FHIR `name`: starts upper-case, letters, digits and underscores only. */
const fhirName = (s: string): string => { const n = s.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, ""); return /^[A-Z]/.test(n) ? n : `Q${n}`; };
const firstByName = (plan: Plan): Map<string, PlanFact> => { const m = new Map<string, PlanFact>(); for (const f of plan.facts) if (!m.has(f.name)) m.set(f.name, f); return m; };

/** The catalogue study of a CPT code, or a QuestionnaireError saying which codes there are. */
function studyOf(plan: Plan, cpt: string): PlanStudy {
  const s = plan.studies.find((x) => x.cpt === cpt);
  if (!s) throw new QuestionnaireError(`${cpt} is not a study ${plan.guideline.id} knows; its CPT codes are ${plan.studies.map((x) => x.cpt).join(", ")}.`);
  return s;
}

/**
 * Whether a rule or prerequisite can apply to the study: a refer rule and a prerequisite without a study list apply to
 * every study (as decide.ts reads them), a pattern whose region is a fact when that fact can name the study's region.
 */
function canMatch(plan: Plan, study: PlanStudy): (rule: RuleLike) => boolean {
  const byName = firstByName(plan);
  return ({ outcome, studies }) => outcome === "refer" || studies === undefined || studies.some((p) => {
    const fit = studyFit(p, study);
    if (typeof fit === "boolean") return fit;
    const f = byName.get(fit);
    return !f || (f.type.kind !== "enum" && f.type.kind !== "set") || f.type.values.includes(study.region);
  });
}

/**
 * For each indication, the facts that can matter (with `cpt`: for that study only): compiler/emit/schema.ts's
 * factsByIndication, which the Case schema and the playground's case form use too.
 */
export function questionnaireFacts(model: Model, cpt?: string): Map<string, string[]> {
  if (cpt === undefined) return factsByIndication(model);
  const study = studyOf(model.plan, cpt);
  return factsByIndication(model, { keep: canMatch(model.plan, study), study });
}

/** The sections that read each fact themselves (applicability, prerequisites, rules, study regions and `yes when` clauses). */
function sectionsReading(model: Model, keep?: (rule: RuleLike) => boolean): Map<string, string[]> {
  const { plan } = model;
  const byName = firstByName(plan);
  const out = new Map<string, string[]>();
  for (const s of plan.sections) {
    const requires = keep ? s.requires.filter(keep) : s.requires;
    const rules = keep ? s.rules.filter(keep) : s.rules;
    const roots = [...(s.applies !== undefined ? [s.applies] : []), ...requires.map((r) => r.cond), ...rules.flatMap((r) => (r.when !== undefined ? [r.when] : []))];
    // What `supported elsewhere` reaches is read by the other sections' approvals: those sections are linked.
    const facts = factsUnderNodes(model, roots, (id) => { const op = model.ops[id]; return op.op === "or" && op.origin === "elsewhere"; });
    for (const p of [...rules.flatMap((r) => r.studies), ...requires.flatMap((r) => r.studies ?? [])]) if (p.kind === "pattern" && p.region.kind === "fact") facts.add(p.region.fact);
    for (const name of [...facts]) for (const i of byName.get(name)?.implied ?? []) for (const n of condFactNames(i.when)) facts.add(n);
    for (const name of facts) { if (!byName.has(name)) continue; const l = out.get(name) ?? []; l.push(s.id); out.set(name, l); }
  }
  return out;
}

interface Context {
  plan: Plan;
  system: string;
  guidelineUrl: string;
  /** Per fact, the indications whose questions include it. */
  gate: Map<string, string[]>;
  sections: Map<string, string[]>;
}

const itemControl = (code: string, display: string): FhirExtension => ({ url: ITEM_CONTROL, valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code, display }] } });

/** enableWhen on the indication item: shown when the request's indication is one of these. */
function gateOn(ctx: Context, indications: readonly string[]): Pick<QuestionnaireItem, "enableWhen" | "enableBehavior"> {
  if (indications.length === 0 || indications.length === ctx.plan.indications.length) return {};
  const enableWhen = indications.map((ind) => ({
    question: INDICATION_LINK_ID, operator: "=" as const,
    answerCoding: { system: ctx.system, code: fhirAnswerCode(INDICATION_LINK_ID, ind) },
  }));
  return enableWhen.length > 1 ? { enableWhen, enableBehavior: "any" } : { enableWhen };
}

/** How the guideline reads a record that is silent on the fact, when its declaration says (`not documented means …`). */
function silenceHelp(f: PlanFact): string | undefined {
  const nd = f.notDocumented;
  if (nd === undefined) return undefined;
  const answer = nd === true ? "Yes" : nd === false ? "No" : fhirAnswerDisplay(f, nd);
  return `If the record does not document this, answer "${answer}": the guideline reads a record silent on it that way. Left unanswered, the question is unknown and the request may pend for it.`;
}

/** The item of one fact, with the same shape in the full, narrowed and adaptive questionnaires. */
function factItem(ctx: Context, f: PlanFact, groupGate: readonly string[] | undefined): QuestionnaireItem {
  const type = fhirItemType(f.type);
  const extension: FhirExtension[] = [];
  if (f.type.kind === "set") extension.push(itemControl("check-box", "Check-box"));
  for (const u of fhirUnitOptions(f.type)) extension.push({ url: UNIT_OPTION, valueCoding: u });
  if (f.type.kind === "number" && type === "decimal" && f.type.bounds) {
    extension.push({ url: `${EXT}minValue`, valueDecimal: f.type.bounds.min }, { url: `${EXT}maxValue`, valueDecimal: f.type.bounds.max });
  }
  const sections = ctx.sections.get(f.name) ?? [];
  if (sections.length > 0 && sections.length <= MAX_SECTION_LINKS) for (const s of sections) extension.push({ url: SUPPORT_LINK, valueUri: `${ctx.guidelineUrl}#${s}` });
  else extension.push({ url: SUPPORT_LINK, valueUri: ctx.guidelineUrl });
  const gate = ctx.gate.get(f.name) ?? [];
  const sameAsGroup = groupGate !== undefined && groupGate.length === gate.length && gate.every((g, i) => groupGate[i] === g);
  const item: QuestionnaireItem = {
    extension,
    linkId: f.name,
    code: [{ system: ctx.system, code: f.name, display: humanize(f.name) }],
    text: f.question,
    type,
    ...(sameAsGroup ? {} : gateOn(ctx, gate)),
  };
  if (f.type.kind === "set") item.repeats = true;
  if (f.type.kind === "enum" || f.type.kind === "set") {
    const values = [...f.type.values];
    item.answerOption = values.map((v) => ({ valueCoding: { system: ctx.system, code: fhirAnswerCode(f.name, v), display: fhirAnswerDisplay(f, v) } }));
    if (f.type.kind === "set") {
      item.answerOption.push({ extension: [{ url: OPTION_EXCLUSIVE, valueBoolean: true }], valueCoding: { system: ctx.system, code: fhirAnswerCode(f.name, NONE_OF_THESE), display: fhirAnswerDisplay(f, NONE_OF_THESE) } });
    }
  }
  const help = silenceHelp(f);
  if (help) item.item = [{ extension: [itemControl("help", "Help-Button")], linkId: `${f.name}.help`, text: help, type: "display" }];
  return item;
}

/** The first question: the request's indication, a choice of the declared indications. */
function indicationItem(ctx: Context): QuestionnaireItem {
  return {
    linkId: INDICATION_LINK_ID,
    code: [{ system: ctx.system, code: INDICATION_LINK_ID, display: "Indication" }],
    text: "What is the study requested for (the indication)?",
    type: "choice",
    required: true,
    answerOption: ctx.plan.indications.map((i) => ({ valueCoding: { system: ctx.system, code: fhirAnswerCode(INDICATION_LINK_ID, i.name), display: fhirIndicationDisplay(ctx.plan, i.name) } })),
  };
}

/** Contexts per model and options: `$next-question` asks for items on every call, and the gating is the same each time. */
const contexts = new WeakMap<Model, Map<string, Context & { included: Set<string> }>>();
function contextOf(model: Model, options: QuestionnaireOptions): Context & { included: Set<string> } {
  const key = JSON.stringify([options.cpt ?? null, options.base ?? null, options.guidelineUrl ?? null]);
  let byKey = contexts.get(model);
  if (!byKey) { byKey = new Map(); contexts.set(model, byKey); }
  let ctx = byKey.get(key);
  if (!ctx) { ctx = buildContext(model, options); byKey.set(key, ctx); }
  return ctx;
}
function buildContext(model: Model, options: QuestionnaireOptions): Context & { included: Set<string> } {
  const plan = model.plan;
  const base = (options.base ?? FHIR_BASE).replace(/\/+$/, "");
  const study = options.cpt === undefined ? undefined : studyOf(plan, options.cpt);
  const keep = study && canMatch(plan, study);
  const byIndication = factsByIndication(model, { keep, study });
  const gate = new Map<string, string[]>();
  for (const [ind, facts] of byIndication) for (const f of facts) { const l = gate.get(f) ?? []; l.push(ind); gate.set(f, l); }
  // Without a study every fact has its item; with one, the facts some indication's questions include.
  const included = new Set(options.cpt === undefined ? plan.facts.map((f) => f.name) : [...gate.keys()]);
  return {
    plan, system: fhirCodeSystemUrl(plan, base), guidelineUrl: options.guidelineUrl ?? `${base}/guideline/${fhirSlug(plan)}`,
    gate, sections: sectionsReading(model, keep), included,
  };
}

/**
 * The questionnaire items of the named facts, flat and in declaration order, each exactly as questionnaireOf
 * writes it (gated on the indications whose questions include it): what `$next-question` appends.
 */
export function questionnaireItems(model: Model, facts: readonly string[], options: Pick<QuestionnaireOptions, "cpt" | "base" | "guidelineUrl"> = {}): QuestionnaireItem[] {
  const ctx = contextOf(model, options);
  const want = new Set(facts);
  const out: QuestionnaireItem[] = [];
  const seen = new Set<string>();
  for (const f of model.plan.facts) if (want.has(f.name) && !seen.has(f.name)) { seen.add(f.name); out.push(factItem(ctx, f, undefined)); }
  return out;
}

/** The Questionnaire and the CodeSystem of a guideline (see the file comment); the same input gives the same JSON. */
export function questionnaireOf(model: Model, options: QuestionnaireOptions = {}): { questionnaire: Questionnaire; codeSystem: CodeSystem } {
  const plan = model.plan;
  const ctx = contextOf(model, options);
  const base = (options.base ?? FHIR_BASE).replace(/\/+$/, "");
  const slug = fhirSlug(plan);
  const variant = `${slug}${options.cpt ? `-${options.cpt}` : ""}${options.adaptive ? "-adaptive" : ""}`;
  const version = options.version ?? plan.guideline.version;
  const g = plan.guideline;
  const named = `${g.title} (${g.id}${g.version ? ` ${g.version}` : ""})`;
  const study = options.cpt ? studyOf(plan, options.cpt) : undefined;

  const items: QuestionnaireItem[] = [indicationItem(ctx)];
  if (!options.adaptive) {
    for (const e of fhirLayout(plan)) {
      if ("fact" in e) { if (ctx.included.has(e.fact.name)) items.push(factItem(ctx, e.fact, undefined)); continue; }
      const facts = e.group.facts.filter((f) => ctx.included.has(f.name));
      if (facts.length === 0) continue;
      // The group shows for the indications any of its questions belongs to.
      const union = ctx.plan.indications.map((i) => i.name).filter((ind) => facts.some((f) => (ctx.gate.get(f.name) ?? []).includes(ind)));
      const groupGate = union.length === ctx.plan.indications.length ? undefined : union;
      items.push({ linkId: e.group.linkId, text: e.group.title, type: "group", ...gateOn(ctx, union), item: facts.map((f) => factItem(ctx, f, groupGate)) });
    }
  }
  const asked = options.adaptive ? "the request's indication; the payer's $next-question adds the questions that can still decide the request" : `${countFacts(items)} questions, each shown only for the indications whose sections read it`;
  const description = `Documentation for a prior-authorization request under ${named}${study ? `, for CPT ${study.cpt} (${study.description})` : ""}: ${asked}. Generated from the guideline's fact declarations; an unanswered question is unknown, never no.`;
  const questionnaire: Questionnaire = {
    resourceType: "Questionnaire",
    id: variant,
    meta: { profile: [options.adaptive ? DTR_ADAPT_PROFILE : DTR_STD_PROFILE] },
    text: narrative(description),
    ...(options.adaptive ? { extension: [{ url: ADAPTIVE, valueBoolean: true }] } : {}),
    url: options.url ?? `${base}/Questionnaire/${variant}`,
    ...(version ? { version } : {}),
    name: fhirName(`${g.id}${options.cpt ? `_${options.cpt}` : ""}${options.adaptive ? "_adaptive" : ""}`),
    title: `${named}: documentation${study ? ` for CPT ${study.cpt}` : ""}`,
    status: "active",
    subjectType: ["Patient"],
    description,
    item: items,
  };
  return { questionnaire, codeSystem: codeSystemOf(plan, base, version) };
}

const countFacts = (items: QuestionnaireItem[]): number => items.reduce((n, it) => n + (it.type === "group" ? countFacts(it.item ?? []) : it.type === "display" || it.linkId === INDICATION_LINK_ID ? 0 : 1), 0);

/** Every fact (its question as the definition), each one-of / set-of value under its fact, and the indications. */
function codeSystemOf(plan: Plan, base: string, version: string | undefined): CodeSystem {
  const concepts: CodeSystemConcept[] = [{
    code: INDICATION_LINK_ID, display: "Indication", definition: "The indication the study is requested for.",
    concept: plan.indications.map((i) => ({ code: fhirAnswerCode(INDICATION_LINK_ID, i.name), display: fhirIndicationDisplay(plan, i.name) })),
  }];
  for (const f of firstByName(plan).values()) {
    const c: CodeSystemConcept = { code: f.name, display: humanize(f.name), definition: f.question };
    if (f.type.kind === "enum" || f.type.kind === "set") {
      c.concept = [...f.type.values, ...(f.type.kind === "set" ? [NONE_OF_THESE] : [])].map((v) => ({ code: fhirAnswerCode(f.name, v), display: fhirAnswerDisplay(f, v) }));
    }
    concepts.push(c);
  }
  const count = (cs: CodeSystemConcept[]): number => cs.reduce((n, c) => n + 1 + count(c.concept ?? []), 0);
  const g = plan.guideline;
  const description = `The facts, answers and indications of ${g.title} (${g.id}${g.version ? ` ${g.version}` : ""}), as its questionnaires ask them: a fact's code is its name, an answer's is FACT.VALUE.`;
  return {
    resourceType: "CodeSystem",
    id: fhirSlug(plan),
    text: narrative(description),
    url: fhirCodeSystemUrl(plan, base),
    ...(version ? { version } : {}),
    name: fhirName(`${g.id}_facts`),
    title: `${g.title} (${g.id}): facts and answers`,
    status: "active",
    description,
    caseSensitive: true,
    hierarchyMeaning: "grouped-by",
    content: "complete",
    count: count(concepts),
    concept: concepts,
  };
}
