// The decision procedure shared by compiled modules and the reference interpreter: a validated case and
// a way to evaluate condition nodes in, a Determination out. The two differ only in how nodes are evaluated.
import type { Plan, PlanRule, PlanRequirement, PlanSection, StudyPattern, PlanStudy, Cite } from "./plan.ts";
import { validateCase, type ValidCase, type FactSpec } from "./validate.ts";
import { readWellFormed } from "./fast-read.ts";
import { CaseError } from "./errors.ts";
import { F, T, U, type T3, studyMatches } from "./leaves.ts";
import { criteriaOf, criteriaText, type Criterion } from "./criteria.ts";
import { fewestMissing } from "./fewest.ts";

export type Outcome = "approve" | "deny" | "pend" | "review" | "not-applicable";

export interface Reason {
  rule: string; section: string; outcome: string;
  /** For people: what was decided and the criteria it rests on, in the guideline's words (no identifiers). */
  text: string;
  cite: string; source: { line: number }; dsl: { file: string; line: number }; notes: string[];
  /** The criteria behind `text`, each met / not met / not documented with the case's answer (runtime/criteria.ts). */
  criteria?: Criterion[];
}
export type { Criterion };
/** A fact to ask for. A pend's `missing` is the fewest facts whose answers decide the request, most decisive first (runtime/fewest.ts). */
export interface MissingFact { fact: string; question: string }
export interface TraceEntry { node: number; text: string; value: "true" | "false" | "unknown"; line: number }
export interface Determination {
  outcome: Outcome;
  guideline: string;
  /** The guideline version that decided, when its header states one. */
  version?: string;
  section?: string;
  cpt: string;
  study?: string;
  reasons: Reason[];
  /**
   * For a pend: the fewest facts whose answers decide the request (whatever they are; or, when no answers can, for
   * as many answers as asking every fact would), ordered by how many of its answers decide the request on its own.
   * With `missing: "all"`, or when that search is over its budget: every fact an undecided condition reads.
   */
  missing: MissingFact[];
  needed: Reason[];
  supported: { cpt: string; description: string }[];
  references: { id: string; title: string; in?: string }[];
  errors?: { field: string; message: string }[];
  trace?: TraceEntry[];
  /** With `whyNot: true`, for a deny or pend: each approval rule of the deciding section, and the criteria that failed or are unknown. */
  whyNot?: WhyNot[];
}

/** One approval rule that did not approve this case, in words (`rule` and `section` are for programs). */
export interface WhyNot {
  rule: string; section: string;
  /** The studies the rule supports, in words. */
  studies: string;
  status: "not the requested study" | "criteria not met" | "not documented" | "prerequisites not met" | "overruled";
  text: string;
  criteria: Criterion[];
}

export interface EvaluateOptions {
  /** Throw a CaseError on an invalid case instead of returning `pend` with `errors`. */
  strict?: boolean;
  /** Include every evaluated condition with its value. */
  trace?: boolean;
  /** For a deny or pend, add `whyNot`: every approval rule of the deciding section and what it lacks (for notices). */
  whyNot?: boolean;
  /** "fewest" (default): a pend's `missing` is the fewest facts that decide the request; "all": every fact an undecided condition reads (no search, as analyses that only read outcomes want). */
  missing?: "fewest" | "all";
}

export interface Env { c: ValidCase; plan: Plan; study: PlanStudy | undefined; v: Int8Array }
export type NodeEval = (env: Env, id: number) => T3;

/** What decide needs of a plan, worked out once per plan rather than once per case. */
interface PlanInfo {
  /** What validation needs: the declared facts, indications and CPT codes. */
  spec: { facts: FactSpec[]; indications: string[]; cpts: string[] };
  studyByCpt: Map<string, PlanStudy>;
  /** The first index of each fact name in plan.facts (what findIndex gave). */
  factIndex: Map<string, number>;
  /** The question of the first fact of each name. */
  question: Map<string, string>;
  /** Per list of study patterns: which catalogue studies the fact-free patterns surely match, and the patterns that depend on a fact. */
  patterns: Map<StudyPattern[], { staticT: boolean[]; dynamic: StudyPattern[] }>;
  /** The node values of the case being decided, reused from case to case (decide is synchronous and calls no user code). */
  scratch: Int8Array;
  /** Each rule's and prerequisite's citations joined, as reasons show them. */
  cites: Map<PlanRule | PlanRequirement, string>;
}
const infoCache = new WeakMap<Plan, PlanInfo>();
/** What a case is validated against: the plan's declared facts (with their types and bounds), indications and CPT codes. The checker validates examples with the same spec. */
export function caseSpecOf(plan: Plan): PlanInfo["spec"] {
  // A PlanFact is a FactSpec (name, type, clauses, "not documented" meaning, earlier names) with words for people.
  return { facts: plan.facts, indications: plan.indications.map((i) => i.name), cpts: plan.studies.map((x) => x.cpt) };
}
function infoOf(plan: Plan): PlanInfo {
  let info = infoCache.get(plan);
  if (!info) {
    const studyByCpt = new Map<string, PlanStudy>();
    for (const s of plan.studies) if (!studyByCpt.has(s.cpt)) studyByCpt.set(s.cpt, s);
    const factIndex = new Map<string, number>(), question = new Map<string, string>();
    plan.facts.forEach((f, i) => { if (!factIndex.has(f.name)) { factIndex.set(f.name, i); question.set(f.name, f.question); } });
    const spec = caseSpecOf(plan);
    info = { spec, studyByCpt, factIndex, question, patterns: new Map(), scratch: new Int8Array(plan.nodes.length), cites: new Map() };
    infoCache.set(plan, info);
  }
  return info;
}

/** The catalogue studies (in catalogue order) that surely match one of the patterns for this case. */
function matchingStudies(env: Env, ps: StudyPattern[]): PlanStudy[] {
  const info = infoOf(env.plan);
  let pre = info.patterns.get(ps);
  const studies = env.plan.studies;
  const requested = env.study;
  if (!pre) {
    // A pattern without a fact region matches a study or not whatever the case says.
    const fixed = ps.filter((p) => !(p.kind === "pattern" && p.region.kind === "fact"));
    const dynamic = ps.filter((p) => p.kind === "pattern" && p.region.kind === "fact");
    const staticT = studies.map((s) => { env.study = s; return fixed.some((p) => studyMatches(env, p) === T); });
    env.study = requested;
    pre = { staticT, dynamic };
    info.patterns.set(ps, pre);
  }
  const out: PlanStudy[] = [];
  if (pre.dynamic.length === 0) {
    for (let i = 0; i < studies.length; i++) if (pre.staticT[i]) out.push(studies[i]);
    return out;
  }
  // Each study in turn as if requested (env.study is put back before returning; nothing else reads it meanwhile).
  const dynamic = pre.dynamic;
  for (let i = 0; i < studies.length; i++) {
    if (pre.staticT[i]) { out.push(studies[i]); continue; }
    env.study = studies[i];
    for (let j = 0; j < dynamic.length; j++) if (studyMatches(env, dynamic[j]) === T) { out.push(studies[i]); break; }
  }
  env.study = requested;
  return out;
}

/** Validate, evaluate and decide. `evalNode` evaluates one condition node (memoised in env.v). */
export function evaluatePlan(plan: Plan, input: unknown, evalNode: NodeEval, options: EvaluateOptions = {}): Determination {
  const info = infoOf(plan), spec = info.spec;
  // Most cases are well formed: read those in one quick pass; anything unusual is validated in full.
  let c: ValidCase | undefined;
  try {
    c = readWellFormed(input, spec);
  } catch {
    // A getter or Proxy trap of the caller's threw: the full validator reads the case into its own copy and names it.
    c = undefined;
  }
  if (c === undefined) {
    const checked = validateCase(input, spec);
    if (!checked.ok) {
      if (options.strict) throw new CaseError(checked.issues);
      const cpt = checked.cpt ?? "";
      return {
        outcome: "pend", guideline: plan.guideline.id, ...versionOf(plan), cpt, reasons: [{
          rule: "case-validation", section: "", outcome: "pend",
          text: `The request cannot be decided until the case is corrected: ${checked.issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
          cite: "", source: { line: 0 }, dsl: { file: plan.guideline.file, line: 0 }, notes: [],
        }], missing: [], needed: [], supported: [], references: [], errors: checked.issues,
      };
    }
    c = checked.value;
  }
  const env: Env = { c, plan, study: info.studyByCpt.get(c.cpt), v: info.scratch.fill(-1) };
  const d = decide(env, evalNode);
  // Only a pend that asks for more than one fact looks for fewer; it reads env.v and leaves it as decide left it.
  if (d.outcome === "pend" && d.missing.length > 1 && options.missing !== "all") {
    const fewest = fewestMissing(env, d.missing.map((m) => m.fact), spec.facts, (e) => decide(e, evalNode, true).outcome === "pend");
    if (fewest) d.missing = fewest.map((m) => ({ fact: m.fact, question: questionOf(plan, m.fact) }));
  }
  if (options.trace) {
    const trace: TraceEntry[] = [], v = env.v, nodes = plan.nodes;
    for (let id = 0; id < v.length; id++) {
      const val = v[id];
      if (val >= 0) trace.push({ node: id, text: nodes[id].text, value: val === T ? "true" : val === F ? "false" : "unknown", line: nodes[id].line });
    }
    d.trace = trace;
  }
  // After the trace: the rules this explains were not all needed to decide, and the trace shows what was.
  if (options.whyNot && (d.outcome === "deny" || d.outcome === "pend")) {
    const whyNot = whyNotApproved(env, evalNode, d.section);
    if (whyNot.length) d.whyNot = whyNot;
  }
  return d;
}

const WHY_NOT_LEAD: Record<WhyNot["status"], string> = {
  "not the requested study": "Supports a different study than the one requested",
  "criteria not met": "Not met",
  "not documented": "Not documented",
  "prerequisites not met": "Criteria met, but not the prerequisites",
  "overruled": "Criteria met, but a rule of higher precedence decided",
};

/** "Why not approved?": every approval rule of the deciding section, with what failed or is unknown for this case. */
function whyNotApproved(env: Env, evalNode: NodeEval, sectionId: string | undefined): WhyNot[] {
  const s = env.plan.sections.find((x) => x.id === sectionId);
  if (!s) return [];
  const ev = (id: number | undefined): T3 => (id === undefined ? T : evalNode(env, id));
  const out: WhyNot[] = [];
  for (const rule of s.rules) {
    if (rule.outcome !== "approve") continue;
    const match = matchAny(env, rule.studies);
    const when = ev(rule.when);
    let status: WhyNot["status"];
    let criteria = criteriaOf(env.plan, env.c, env.v, rule.when);
    if (when === F) status = "criteria not met";
    else if (when === U) status = "not documented";
    else {
      const unmet = s.requires.filter((q) => (!q.studies || matchAny(env, q.studies) !== F) && ev(q.cond) !== T);
      if (unmet.length && match !== F) { status = "prerequisites not met"; criteria = unmet.flatMap((q) => criteriaOf(env.plan, env.c, env.v, q.cond)); }
      else status = match === F ? "not the requested study" : "overruled";
    }
    // A condition false only through `requested is …` (no criterion to name) is about the study, not the patient.
    if ((match === F && status !== "criteria not met" && status !== "not documented") || (status === "criteria not met" && criteria.length === 0)) status = "not the requested study";
    const studies = describePatterns(rule.studies, matchingStudies(env, rule.studies));
    // Only what failed (or is unknown), without the items under each: the reasons list those.
    const shown = status === "criteria not met" || status === "not documented" ? criteria.filter((c) => c.status !== "met" || c.excluded) : criteria;
    const why = shown.length ? `: ${criteriaText(shown, false)}` : "";
    out.push({ rule: rule.id, section: s.id, studies, status, text: `${studies}. ${WHY_NOT_LEAD[status]}${why}.`, criteria });
  }
  return out;
}


const versionOf = (plan: Plan): { version?: string } => (plan.guideline.version !== undefined ? { version: plan.guideline.version } : {});

// ---- three-valued helpers on 0/1/2 ----
const and2 = (a: T3, b: T3): T3 => (a === F || b === F ? F : a === U || b === U ? U : T);
const or2 = (a: T3, b: T3): T3 => (a === T || b === T ? T : a === U || b === U ? U : F);

interface RuleEval { rule: PlanRule; applies: T3; match: T3; when: T3; fire: T3; section: PlanSection }
/** Outcome precedence, highest first: the one table the decision procedure and the analyses both read. */
export const PRECEDENCE: readonly PlanRule["outcome"][] = ["refer", "review", "deny", "pend", "approve"];
export const OUTCOME_OF: Record<PlanRule["outcome"], Outcome> = { refer: "not-applicable", review: "review", deny: "deny", pend: "pend", approve: "approve" };
/** The tiers decided before approvals (approvals also need their section's prerequisites). */
const TIERS = PRECEDENCE.filter((t) => t !== "approve");

/** `quick`: the outcome only (what the search for the fewest missing facts needs): no reasons, missing facts or references. */
export function decide(env: Env, evalNode: NodeEval, quick = false): Determination {
  const { plan, c } = env;
  const ev = (id: number | undefined): T3 => (id === undefined ? T : evalNode(env, id));
  let missing: Set<string> | undefined;
  /** The facts that would decide an unknown node: unknown leaves under unknown parents. */
  const collect = (id: number | undefined): void => {
    if (quick || id === undefined || env.v[id] !== U) return;
    const n = plan.nodes[id];
    for (const f of n.facts) (missing ??= new Set()).add(f);
    for (const k of n.kids) collect(k);
  };

  const sections = plan.sections;
  const applies: T3[] = new Array(sections.length);
  for (let i = 0; i < sections.length; i++) applies[i] = ev(sections[i].applies);
  const evals: RuleEval[] = [];
  // The rules of the higher tiers that may fire, in rule order (made only when there is one).
  let byTier: Record<PlanRule["outcome"], RuleEval[]> | undefined;
  for (let i = 0; i < sections.length; i++) {
    const a = applies[i];
    if (a === F) continue;
    const s = sections[i];
    for (const rule of s.rules) {
      const match = rule.outcome === "refer" ? T : matchAny(env, rule.studies);
      const when = and2(a, match) === F ? F : ev(rule.when);
      const r: RuleEval = { rule, section: s, applies: a, match, when, fire: and2(and2(a, match), when) };
      evals.push(r);
      if (r.fire !== F && rule.outcome !== "approve") (byTier ??= { refer: [], review: [], deny: [], pend: [], approve: [] })[rule.outcome].push(r);
    }
  }
  const explainUnknown = (r: RuleEval): void => {
    if (quick) return;
    if (r.applies === U) collect(r.section.applies);
    if (r.match === U) for (const p of r.rule.studies) if (p.kind === "pattern" && p.region.kind === "fact" && !env.c.facts.has(p.region.fact)) (missing ??= new Set()).add(p.region.fact);
    if (r.when === U) collect(r.rule.when);
  };

  // Higher tiers: the first that surely fires decides; unsure ones before it make the answer depend on facts.
  const unsure: RuleEval[] = [];
  let decided: { outcome: Outcome; rules: RuleEval[] } | undefined;
  if (byTier) {
    for (const tier of TIERS) {
      const inTier = byTier[tier];
      const fired = inTier.filter((r) => r.fire === T);
      if (fired.length) { decided = { outcome: OUTCOME_OF[tier], rules: fired }; break; }
      for (const r of inTier) unsure.push(r);
    }
  }
  const d: Determination = { outcome: "pend", guideline: plan.guideline.id, ...versionOf(plan), cpt: c.cpt, study: env.study?.description, reasons: [], missing: [], needed: [], supported: [], references: [] };

  let fromTier = decided !== undefined;
  if (!decided) decided = approveStage(env, evals, ev, d, explainUnknown, collect, quick);
  const differing = unsure.length ? unsure.filter((r) => OUTCOME_OF[r.rule.outcome] !== decided!.outcome) : unsure;
  if (differing.length) {
    // The outcome depends on facts nobody documented: ask for them rather than guess.
    for (const r of differing) explainUnknown(r);
    const also = d.outcome === "pend" || decided.outcome === "approve" ? d.reasons : [];
    d.outcome = "pend";
    if (quick) return d;
    d.reasons = [...differing.map((r) => reasonOf(env, r.rule, `Would be ${WOULD_BE[OUTCOME_OF[r.rule.outcome]]} if documented`, ruleCriteria(env, r))), ...also];
    d.section = differing[0].section.id;
    d.supported = [];
    fromTier = false;
  } else d.outcome = decided.outcome;
  if (quick) return d;
  if (fromTier) {
    d.reasons = decided.rules.map((r) => reasonOf(env, r.rule, LEAD[decided!.outcome], ruleCriteria(env, r)));
    d.section = decided.rules[0]?.section.id;
    if (decided.outcome === "not-applicable") {
      for (const r of decided.rules) {
        const x = plan.externals.find((e) => e.id === r.rule.target);
        if (x && !d.references.some((y) => y.id === x.id)) d.references.push({ ...x });
      }
    }
  }
  if (missing) d.missing = [...missing].sort(orderOf(plan)).map((f) => ({ fact: f, question: questionOf(plan, f) }));
  if (d.outcome === "pend" && d.missing.length === 0 && d.needed.length === 0 && d.reasons.length === 0) {
    d.reasons.push({ rule: "no-section", section: "", outcome: "pend", text: "No section of this guideline could be found to govern the request.", cite: "", source: { line: 0 }, dsl: { file: plan.guideline.file, line: 0 }, notes: [] });
  }
  return d;
}

/** Approval rules, gated by their section's prerequisites; when nothing supports the study, deny naming what would be. */
function approveStage(env: Env, evals: RuleEval[], ev: (id: number | undefined) => T3, d: Determination, explainUnknown: (r: RuleEval) => void, collect: (id: number) => void, quick: boolean): { outcome: Outcome; rules: RuleEval[] } {
  const approvals: RuleEval[] = [], live: RuleEval[] = [];
  for (const r of evals) {
    if (r.rule.outcome !== "approve") continue;
    approvals.push(r);
    if (r.fire !== F) live.push(r);
  }
  if (live.length === 0) {
    if (quick) return { outcome: noSectionApplies(env, evals, approvals, ev) ? "pend" : "deny", rules: [] };
    // Nothing supports this study for this case: name the studies that would be supported.
    const others = approvals.filter((r) => r.match === F && and2(r.applies, ev(r.rule.when)) === T);
    const matching = others.map((r) => matchingStudies(env, r.rule.studies));
    // The studies they support, each once, in the order first met (the lists are short).
    for (const ms of matching) for (const s of ms) if (!d.supported.some((x) => x.cpt === s.cpt)) d.supported.push({ cpt: s.cpt, description: s.description });
    let section: string | undefined;
    if (others.length) section = others[others.length - 1].section.id;
    else {
      for (let i = approvals.length - 1; i >= 0; i--) if (approvals[i].applies === T) { section = approvals[i].section.id; break; }
      if (section === undefined) section = env.plan.sections.find((s) => s.applies !== undefined && ev(s.applies) === T)?.id;
    }
    d.section = section;
    if (others.length) {
      d.reasons = others.map((r, i) => reasonOf(env, r.rule, `The guideline supports ${describePatterns(r.rule.studies, matching[i])} here, not ${env.study?.description ?? env.c.cpt} (${env.c.cpt})`, ruleCriteria(env, r)));
    } else {
      const considered = approvals.filter((r) => r.applies === T && r.match !== F);
      if (considered.length) {
        d.reasons = considered.map((r) => reasonOf(env, r.rule, "Not supported, criteria not met", ruleCriteria(env, r)));
      } else {
        d.reasons = [{ rule: "not-supported", section: section ?? "", outcome: "deny", text: `No applicable section supports ${env.study?.description ?? "the requested study"} (${env.c.cpt}) for this indication.`, cite: "", source: { line: 0 }, dsl: { file: env.plan.guideline.file, line: 0 }, notes: [] }];
      }
    }
    return { outcome: noSectionApplies(env, evals, approvals, ev) ? "pend" : "deny", rules: [] };
  }
  // Each live approval, with its section's prerequisites for this study.
  const candidates = live.map((r) => {
    const reqs = r.section.requires.filter((q) => !q.studies || matchAny(env, q.studies) !== F).map((q) => ({ q, v: ev(q.cond) }));
    const pre = reqs.reduce<T3>((acc, x) => and2(acc, x.v), T);
    return { r, pre, reqs };
  });
  const approved = candidates.filter((x) => x.r.fire === T && x.pre === T);
  if (quick) return { outcome: approved.length ? "approve" : "pend", rules: [] };
  if (approved.length) {
    d.reasons = approved.map((x) => reasonOf(env, x.r.rule, "Supported", ruleCriteria(env, x.r)));
    d.section = approved[0].r.section.id;
    return { outcome: "approve", rules: approved.map((x) => x.r) };
  }
  // Not approvable now: pend for what would decide it (unknown criteria, unmet or undocumented prerequisites).
  for (const x of candidates) {
    if (x.r.fire === U) explainUnknown(x.r);
    for (const q of x.reqs) {
      if (q.v === U) collect(q.q.cond);
      if (q.v !== T && x.r.fire === T && !d.needed.some((n) => n.rule === q.q.id)) d.needed.push(reasonOf(env, q.q, "Needed first", criteriaOf(env.plan, env.c, env.v, q.q.cond)));
    }
  }
  d.reasons = candidates.map((x) => reasonOf(env, x.r.rule, x.r.fire === T ? "Would be supported once the prerequisites are met" : "Would be supported if documented", ruleCriteria(env, x.r)));
  d.section = candidates[0].r.section.id;
  return { outcome: "pend", rules: candidates.map((x) => x.r) };
}

/** No section applies at all, and whether one does is unknown: not a decision this guideline can make yet. */
function noSectionApplies(env: Env, evals: RuleEval[], approvals: RuleEval[], ev: (id: number | undefined) => T3): boolean {
  return approvals.length === 0 && evals.length === 0 && env.plan.sections.every((s) => ev(s.applies) !== T) && env.plan.sections.some((s) => ev(s.applies) === U);
}

export function matchAny(env: Env, patterns: StudyPattern[]): T3 {
  let r: T3 = F;
  for (const p of patterns) { r = or2(r, studyMatches(env, p)); if (r === T) return T; }
  return r;
}

function describePatterns(ps: StudyPattern[], cpts: PlanStudy[]): string {
  if (cpts.length && cpts.length <= 4) return cpts.map((s) => `${s.description} (${s.cpt})`).join(" or ");
  return ps.map((p) => (p.kind === "cpt" ? p.cpt : p.kind === "any" ? "any study" : `${p.modality}${p.contrast.length ? " " + p.contrast.map((x) => x.replace(/_/g, " ") + " contrast").join(" or ") : ""}${p.region.kind === "word" ? " of " + p.region.word : p.region.kind === "fact" ? " of the region in question" : ""}`)).join(" or ");
}

/** What each outcome's reason says first. */
const LEAD: Record<Outcome, string> = {
  approve: "Supported", deny: "Not supported", pend: "Pended", review: "Forwarded for Medical Director review", "not-applicable": "Governed by another guideline",
};
const WOULD_BE: Record<Outcome, string> = {
  approve: "supported", deny: "denied", pend: "pended", review: "forwarded for Medical Director review", "not-applicable": "referred to another guideline",
};

/** The criteria a rule's verdict rests on: its section's applicability when that is in doubt, then its condition. */
function ruleCriteria(env: Env, r: RuleEval): Criterion[] {
  const out = r.applies !== T ? criteriaOf(env.plan, env.c, env.v, r.section.applies) : [];
  if (r.rule.when !== undefined) out.push(...criteriaOf(env.plan, env.c, env.v, r.rule.when));
  return out;
}

/** A reason: `lead` and the criteria in words (or, with no criterion to name, the rule's own first quote). */
function reasonOf(env: Env, r: PlanRule | PlanRequirement, lead: string, criteria: Criterion[]): Reason {
  const first: Cite | undefined = r.cites[0];
  const cites = infoOf(env.plan).cites;
  let cite = cites.get(r);
  if (cite === undefined) cites.set(r, (cite = r.cites.map((x) => x.text).join(" … ")));
  const text = criteria.length ? `${lead}: ${criteriaText(criteria)}.` : first ? `${lead}: “${first.text.replace(/[:\s]+$/, "")}”.` : `${lead}.`;
  return {
    rule: r.id, section: r.section, outcome: "outcome" in r ? r.outcome : "requires", text,
    cite, source: { line: first?.line ?? 0 }, dsl: { file: r.dsl.file, line: r.dsl.line }, notes: r.notes.length ? [...r.notes] : [],
    ...(criteria.length ? { criteria } : {}),
  };
}

function orderOf(plan: Plan): (a: string, b: string) => number {
  const factIndex = infoOf(plan).factIndex;
  const idx = (f: string): number => (f === "age" ? -2 : f === "indication" ? -1 : factIndex.get(f) ?? -1);
  return (a, b) => idx(a) - idx(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function questionOf(plan: Plan, f: string): string {
  if (f === "age") return "What is the patient's date of birth (or age)?";
  if (f === "indication") return "What is the indication (reason) for the requested study?";
  return infoOf(plan).question.get(f) ?? f;
}

export { and2, or2 };
