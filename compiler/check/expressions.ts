// Pass 2: every condition (definitions, applicability, prerequisites, rules) resolved and type-checked,
// and lowered to numbered condition nodes; study patterns checked against the catalogue; the Plan built.
import type * as A from "../../grammar/ast.ts";
import { canonicalUnit, convert, unitDimension, unitsOf } from "../../runtime/quantity.ts";
import type { PlanRule, PlanRequirement, PlanSection, StudyPattern } from "../../runtime/plan.ts";
import type { NodeOp } from "../model.ts";
import type { FactCond, FactImplication } from "../../runtime/derive.ts";
import { type CheckContext, didYouMean, isCptCode, MAX_CONDITION_DEPTH } from "./context.ts";
import { normalizeUnit, spanFrom } from "./units.ts";
import { criterionWords, valueLabels } from "./words.ts";

/** `elsewhere`: the approve rules `supported elsewhere` reads (only in the condition of a deny, review, pend or refer rule). */
interface Scope { section?: A.SectionDecl; rule?: string; elsewhere?: () => number[] }

export function expressions(ctx: CheckContext): void {
  const h = ctx.ast.header;
  ctx.plan = {
    guideline: { id: h?.id.text ?? "", title: h?.title.value ?? "", ...(h?.version ? { version: h.version.value } : {}), ...(h?.effective ? { effective: h.effective.text } : {}), ...(h?.through ? { through: h.through.text } : {}), ...(h?.source ? { source: h.source.value } : {}), file: ctx.file },
    externals: [...ctx.externals.values()].map((x) => ({ id: x.id.text, title: x.title.value, ...(x.inSet ? { in: x.inSet.value } : {}) })),
    indications: ctx.ast.indications.map((i) => ({ name: i.name.text, ...(i.label ? { label: i.label.value } : {}) })),
    studies: [...ctx.studies.values()],
    facts: [...ctx.facts.values()].map((f) => ({ name: f.decl.name.text, type: f.type, ...(f.unit ? { unit: f.unit } : {}), question: f.decl.question.value, ...(f.decl.group ? { group: f.decl.group } : {}), ...labelsOf(ctx, f.decl.name.text), ...factClauses(ctx, f.decl), ...(f.decl.replaces ? { replaces: f.decl.replaces.map((r) => r.text) } : {}) })),
    sections: [],
    nodes: ctx.nodes,
  };
  for (const d of ctx.ast.definitions) lowerDef(ctx, d, undefined);
  // Each study set expanded (and its patterns checked) once, in the order declared, so its mistakes are reported where it is written.
  for (const x of ctx.studySets.values()) expandSet(ctx, x);
  const wide = ctx.ast.requires.map((r, i) => guidelineRequirement(ctx, r, i));
  // The approve rules, for `supported elsewhere`; the rules that read it are lowered once every approval is.
  const approvals: { ps: PlanSection; rule: PlanRule; decl: A.RuleDecl }[] = [];
  const deferred: { rule: PlanRule; expr: A.Expr; scope: Scope }[] = [];
  for (const s of ctx.ast.sections) {
    if (ctx.sections.get(s.id.text) !== s) continue; // a duplicate, already reported
    const localNames = new Set<string>();
    for (const d of s.definitions) {
      if (localNames.has(d.name.text) || ctx.facts.has(d.name.text)) ctx.report("duplicate-name", d.name.range, `'${d.name.text}' is already declared; choose another name for this definition.`);
      localNames.add(d.name.text);
      lowerDef(ctx, d, s);
    }
    const scope: Scope = { section: s };
    const applies = s.applies.length ? s.applies.map((e) => lower(ctx, e, scope)) : [];
    const ps: PlanSection = {
      id: s.id.text, title: s.title.value, notes: s.notes.map((n) => n.value), requires: [], rules: [], sees: [],
      dsl: { file: ctx.file, line: s.range.start.line },
      ...(applies.length === 1 ? { applies: applies[0] } : applies.length > 1 ? { applies: ctx.addNode({ op: "and", kids: applies }, s.applies[0].range, []) } : {}),
    };
    // Guideline-wide prerequisites first (the floor, as if restated at the top of the section): one id, the same condition.
    for (const w of wide) if (!w.skips(s.id.text)) ps.requires.push({ ...w.req, section: s.id.text });
    s.requires.forEach((r, i) => {
      const id = `${s.id.text}/requires-${i + 1}`;
      if (r.except?.length) ctx.report("misplaced", { start: r.except[0].range.start, end: r.except[r.except.length - 1].range.end }, `'except' belongs to a guideline-wide prerequisite (a 'requires' outside every section); a section's own prerequisite gates only that section.`);
      const req: PlanRequirement = {
        id, section: s.id.text, cond: lower(ctx, r.expr, { section: s, rule: id }),
        ...(r.studies ? { studies: patterns(ctx, r.studies) } : {}),
        cites: r.cites.map((c) => ({ text: c.value, line: 0 })), notes: r.notes.map((n) => n.value),
        dsl: { file: ctx.file, line: r.range.start.line }, summary: ctx.textOf(r.expr.range),
      };
      if (r.cites.length === 0) ctx.report("missing-cite", r.range, "This prerequisite cites nothing: add cite \"…\" with the sentence of the guideline it encodes.");
      ps.requires.push(req);
    });
    const labels = new Set<string>();
    s.rules.forEach((r, i) => {
      const id = `${s.id.text}/${r.label?.text ?? `rule-${i + 1}`}`;
      if (r.label) {
        if (labels.has(r.label.text)) ctx.report("duplicate-name", r.label.range, `The rule label '${r.label.text}' is used twice in ${s.id.text}.`);
        labels.add(r.label.text);
      }
      if (r.outcome === "refer") {
        // `refer` hands the request to another guideline set (not-applicable here); a section of this guideline
        // would decide nothing and give no references. Its cross-references are written `see`.
        if (r.target && ctx.sections.has(r.target.text) && !ctx.externals.has(r.target.text)) {
          ctx.report("undefined-external", r.target.range, `${r.target.text} is ${r.target.text === s.id.text ? "this very section" : "a section of this guideline"}; refer names another guideline set declared with external.${didYouMean(r.target.text, ctx.externals.keys())} For a section of this guideline write: see ${r.target.text}.`);
        } else if (r.target && !ctx.externals.has(r.target.text)) {
          ctx.report("undefined-external", r.target.range, `'${r.target.text}' is not a declared external guideline.${didYouMean(r.target.text, ctx.externals.keys())} Declare it: external ${r.target.text} "Title" in "Guideline set".`);
        }
      }
      if (r.cites.length === 0) ctx.report("missing-cite", r.outcomeRange, "This rule cites nothing: add cite \"…\" with the sentence of the guideline it encodes.");
      const studies = patterns(ctx, r.studies);
      const later = r.when !== undefined && r.outcome !== "approve" && readsElsewhere(r.when);
      const when = r.when && !later ? lower(ctx, r.when, { section: s, rule: id }) : later ? -1 : undefined;
      const rule: PlanRule = {
        id, section: s.id.text, outcome: r.outcome, studies, ...(r.target ? { target: r.target.text } : {}),
        ...(when !== undefined ? { when } : {}), cites: r.cites.map((c) => ({ text: c.value, line: 0 })), notes: r.notes.map((n) => n.value),
        dsl: { file: ctx.file, line: r.range.start.line }, summary: ctx.textOf({ start: r.outcomeRange.start, end: r.when ? r.when.range.end : r.range.end }).replace(/\s+(cite|note)\s+".*$/s, ""),
      };
      ps.rules.push(rule);
      if (later) deferred.push({ rule, expr: r.when!, scope: { section: s, rule: id } });
      if (r.outcome === "approve") approvals.push({ ps, rule, decl: r });
    });
    for (const see of s.sees) {
      if (!ctx.sections.has(see.text) && !ctx.externals.has(see.text)) {
        const prefixHit = [...ctx.sections.keys()].some((k) => k.startsWith(see.text + "."));
        if (!prefixHit) ctx.report("undefined-section", see.range, `There is no section ${see.text}.${didYouMean(see.text, [...ctx.sections.keys(), ...ctx.externals.keys()])}`);
      }
      ps.sees.push(see.text);
    }
    ctx.plan.sections.push(ps);
  }
  let firings: number[] | undefined;
  const elsewhere = (): number[] => (firings ??= approvalFirings(ctx, approvals));
  for (const d of deferred) d.rule.when = lower(ctx, d.expr, { ...d.scope, elsewhere });
}

/** Whether a condition says `supported elsewhere` (its definitions cannot: they are reported where they say it). */
function readsElsewhere(e: A.Expr): boolean {
  const stack: A.Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === "SupportedElsewhere") return true;
    if ("args" in x) stack.push(...x.args);
    else if (x.kind === "Not") stack.push(x.arg);
  }
  return false;
}

/**
 * One node per approve rule of the guideline: its section applies, the requested study fits one of its studies,
 * and its condition holds (what decide.ts calls the rule firing; the section's prerequisites are not part of it).
 */
function approvalFirings(ctx: CheckContext, approvals: { ps: PlanSection; rule: PlanRule; decl: A.RuleDecl }[]): number[] {
  return approvals.map(({ ps, rule, decl }) => {
    const at = decl.outcomeRange;
    const fits = rule.studies.map((p) => ctx.addNode({ op: "req", pattern: p }, at, p.kind === "pattern" && p.region.kind === "fact" ? [p.region.fact] : [], `requested is ${patternText(p)}`));
    const match = fits.length === 1 ? fits[0] : ctx.addNode({ op: "or", kids: fits }, at, [], `requested is one of ${rule.studies.map(patternText).join(", ")}`);
    const kids = [...(ps.applies !== undefined ? [ps.applies] : []), match, ...(rule.when !== undefined && rule.when >= 0 ? [rule.when] : [])];
    return ctx.addNode({ op: "and", kids }, at, [], `${rule.id} fires: ${rule.summary}`);
  });
}

/** A plan study pattern as the language writes it (`MRI without contrast of cervical`), for node texts. */
function patternText(p: StudyPattern): string {
  if (p.kind === "cpt") return p.cpt;
  if (p.kind === "any") return "any study";
  const contrast = p.contrast.map((c) => `${c.replace(/_/g, " ")} contrast`).join(" or ");
  const region = p.region.kind === "word" ? ` of ${p.region.word}` : p.region.kind === "fact" ? ` of ${p.region.fact}` : "";
  return `${p.modality}${contrast ? " " + contrast : ""}${region}`;
}

/**
 * A guideline-wide prerequisite (a top-level `requires`), lowered once: the same condition node, studies and
 * citations go into every section it gates, under one id (`guideline/requires-N`).
 */
function guidelineRequirement(ctx: CheckContext, r: A.RequiresClause, i: number): { req: PlanRequirement; skips: (section: string) => boolean } {
  const id = `guideline/requires-${i + 1}`;
  const req: PlanRequirement = {
    id, section: "", cond: lower(ctx, r.expr, { rule: id }),
    ...(r.studies ? { studies: patterns(ctx, r.studies) } : {}),
    cites: r.cites.map((c) => ({ text: c.value, line: 0 })), notes: r.notes.map((n) => n.value),
    dsl: { file: ctx.file, line: r.range.start.line }, summary: ctx.textOf(r.expr.range),
  };
  ctx.guidelineRequires.push(req);
  if (r.cites.length === 0) ctx.report("missing-cite", r.range, "This prerequisite cites nothing: add cite \"…\" with the sentence of the guideline it encodes.");
  const except = r.except ?? [];
  for (const x of except) {
    // A section id, or a chapter (PEDSP-4 names each PEDSP-4.x), as `see` reads it.
    if (ctx.sections.has(x.text) || [...ctx.sections.keys()].some((k) => k.startsWith(x.text + "."))) continue;
    ctx.report("undefined-section", x.range, `There is no section ${x.text} for this prerequisite to leave out.${didYouMean(x.text, ctx.sections.keys())}`);
  }
  return { req, skips: (section) => except.some((x) => section === x.text || section.startsWith(x.text + ".")) };
}

const IN_PROGRESS: StudyPattern[] = [];
const setMemo = new WeakMap<CheckContext, Map<A.StudySetDecl, StudyPattern[]>>();

/** A study set's patterns, its sets expanded and each pattern once (checked when first expanded). */
function expandSet(ctx: CheckContext, decl: A.StudySetDecl): StudyPattern[] {
  let memo = setMemo.get(ctx);
  if (!memo) setMemo.set(ctx, (memo = new Map()));
  const done = memo.get(decl);
  if (done) return done;
  memo.set(decl, IN_PROGRESS);
  const seen = new Set<string>();
  const out = patterns(ctx, decl.studies, decl).filter((p) => { const k = JSON.stringify(p); if (seen.has(k)) return false; seen.add(k); return true; });
  memo.set(decl, out);
  return out;
}

/** A study list with every study set's name replaced by its patterns. */
function patterns(ctx: CheckContext, list: A.StudyPattern[], inSet?: A.StudySetDecl): StudyPattern[] {
  const out: StudyPattern[] = [];
  for (const p of list) {
    if (p.kind !== "Set") { out.push(pattern(ctx, p)); continue; }
    const name = p.name.text;
    const decl = ctx.studySets.get(name);
    if (!decl) {
      const region = ctx.regions.has(name) || ctx.facts.has(name) ? ` A region is written after a modality, e.g. MRI of ${name}.` : "";
      ctx.report("undefined-name", p.name.range, `'${name}' is not a declared study set.${didYouMean(name, ctx.studySets.keys())}${region}${ctx.studySets.size || region ? "" : " Declare it: studies " + name + " = MRI of …, CT of …"}`);
      continue;
    }
    if (setMemo.get(ctx)?.get(decl) === IN_PROGRESS) {
      ctx.report("circular-definition", p.name.range, decl === inSet ? `The study set '${name}' refers to itself.` : `The study set '${name}' refers back to itself${inSet ? ` through '${inSet.name.text}'` : ""}.`);
      continue;
    }
    out.push(...expandSet(ctx, decl));
  }
  return out;
}

/**
 * A fact's `yes when` / `no when` clauses and its `not documented means` line, lowered for the runtime
 * (derive.ts). Clauses answer yes/no facts only, and read facts (not definitions) that have no clauses of
 * their own, so the runtime derives every fact in one pass and no answer depends on the order of lines.
 */
function factClauses(ctx: CheckContext, d: A.FactDecl): { implied?: FactImplication[]; notDocumented?: boolean | string } {
  const nd = d.notDocumented;
  let notDocumented: boolean | string | undefined;
  if (nd) {
    const f = ctx.facts.get(d.name.text);
    if (typeof nd.value === "boolean") {
      if (d.type.kind === "bool") notDocumented = nd.value;
      else ctx.report("type-mismatch", nd.range, `'${d.name.text}' is ${KIND_WORDS[d.type.kind] ?? d.type.kind}: 'not documented means yes/no' is for a yes/no fact${d.type.kind === "enum" ? "; name one of its values instead" : ""}.`);
    } else if (f?.type.kind === "enum") {
      checkValues(ctx, [nd.value], f.type.values);
      notDocumented = nd.value.text;
    } else ctx.report("type-mismatch", nd.range, `'${d.name.text}' is ${KIND_WORDS[d.type.kind] ?? d.type.kind}: 'not documented means' takes yes or no${d.type.kind === "bool" ? "" : ", or a value of a one-of fact"}.`);
  }
  if (d.implied.length && d.type.kind !== "bool") {
    ctx.report("type-mismatch", d.implied[0].range, `'${d.name.text}' is ${KIND_WORDS[d.type.kind] ?? d.type.kind}: 'yes when' and 'no when' answer yes/no facts only.`);
    return notDocumented !== undefined ? { notDocumented } : {};
  }
  const implied: FactImplication[] = [];
  for (const c of d.implied) {
    if (!clauseReadsFacts(ctx, c.expr, d.name.text)) continue;
    // Lowered as any condition is (names, types, units and values checked once, in one place); the runtime reads
    // the same condition as a FactCond, the analyses as these nodes.
    const cond = lower(ctx, c.expr, {});
    const when = factCondOf(ctx, cond);
    if (!when) continue;
    implied.push({ value: c.value, when, text: ctx.textOf(c.expr.range).replace(/\s+/g, " ") });
    // For the analyses: the cases this clause allows, `not COND or FACT` (or `not FACT` for a `no when`).
    const fact = ctx.addNode({ op: "bool", fact: d.name.text }, c.range, [d.name.text]);
    const notCond = ctx.addNode({ op: "not", kid: cond }, c.range, []);
    const answer = c.value ? fact : ctx.addNode({ op: "not", kid: fact }, c.range, []);
    ctx.consistency.push(ctx.addNode({ op: "or", kids: [notCond, answer] }, c.range, []));
  }
  return { ...(implied.length ? { implied } : {}), ...(notDocumented !== undefined ? { notDocumented } : {}) };
}

/**
 * What a `yes when` / `no when` condition may read: facts (not definitions, not `age` or `indication`), other than
 * the fact itself and facts answered by clauses of their own, joined by and, or, not; each read a yes/no fact, a
 * comparison, a `within` or an `is`. Reports what it may not (the lowering checks the rest), true when all is well.
 */
function clauseReadsFacts(ctx: CheckContext, e: A.Expr, self: string): boolean {
  const bad = (range: A.Range, why: string): false => { ctx.report("type-mismatch", range, why); return false; };
  const fact = (n: A.Name): boolean => {
    const f = ctx.facts.get(n.text);
    if (!f) return bad(n.range, `'${n.text}' is not a declared fact: a 'yes when' / 'no when' clause reads other facts, not definitions.${didYouMean(n.text, ctx.facts.keys())}`);
    if (n.text === self) return bad(n.range, `'${self}' cannot be answered by itself.`);
    if (f.decl.implied.length) return bad(n.range, `'${n.text}' is itself answered by other facts ('yes when' / 'no when'); read the facts it is answered from instead, so no answer depends on another derived one.`);
    return true;
  };
  switch (e.kind) {
    case "Ref": return fact(e.name);
    case "Compare": case "Within": case "Is": return fact(e.subject);
    case "Not": return clauseReadsFacts(ctx, e.arg, self);
    case "And": case "Or": return e.args.map((a) => clauseReadsFacts(ctx, a, self)).every(Boolean);
    case "Error": return false;
    default: return bad(e.range, "A 'yes when' / 'no when' clause reads yes/no facts, comparisons of number and duration facts, 'within' tests of date facts and 'is' tests of one-of facts, joined by and, or, not.");
  }
}

/** The lowered condition node as the runtime's FactCond; undefined where the lowering reported an error (a const node). */
function factCondOf(ctx: CheckContext, id: number): FactCond | undefined {
  const op = ctx.ops[id];
  switch (op.op) {
    case "bool": return { k: "bool", fact: op.fact };
    case "num": return { k: "num", fact: op.fact, cmp: op.cmp, value: op.value };
    case "dur": return { k: "dur", fact: op.fact, cmp: op.cmp, span: op.span };
    case "within": return { k: "within", fact: op.fact, span: op.span };
    case "is": return { k: "is", fact: op.fact, values: op.values, negated: op.negated };
    case "not": { const x = factCondOf(ctx, op.kid); return x && { k: "not", x }; }
    case "and": case "or": {
      const xs = op.kids.map((k) => factCondOf(ctx, k));
      return xs.every((x): x is FactCond => x !== undefined) ? { k: op.op, xs } : undefined;
    }
    default: return undefined;
  }
}

function labelsOf(ctx: CheckContext, fact: string): { labels?: Record<string, string> } {
  const labels = valueLabels(ctx, fact);
  return labels ? { labels } : {};
}

function lowerDef(ctx: CheckContext, d: A.DefineDecl, section: A.SectionDecl | undefined): number {
  const key = section ? `${section.id.text}::${d.name.text}` : d.name.text;
  const done = ctx.defNodes.get(key);
  if (done !== undefined) {
    if (done === -1) { ctx.report("circular-definition", d.name.range, `The definition '${d.name.text}' refers to itself.`); return constNode(ctx, d.range); }
    return done;
  }
  ctx.defNodes.set(key, -1);
  const id = lower(ctx, d.expr, { section, rule: `define ${section ? section.id.text + "/" : ""}${d.name.text}` });
  ctx.defNodes.set(key, id);
  return id;
}

const constNode = (ctx: CheckContext, r: A.Range): number => ctx.addNode({ op: "const", value: false }, r, []);

function lower(ctx: CheckContext, e: A.Expr, scope: Scope): number {
  // Definitions referring to definitions recurse here; stop long before the stack runs out.
  if (ctx.lowering >= MAX_CONDITION_DEPTH) {
    ctx.report("nesting-too-deep", e.range, `Definitions refer to definitions more than ${MAX_CONDITION_DEPTH} deep here; flatten the chain.`);
    return constNode(ctx, e.range);
  }
  ctx.lowering++;
  try {
    const id = lowerExpr(ctx, e, scope);
    const says = ctx.ops[id].op === "const" ? undefined : criterionWords(ctx, e);
    if (says !== undefined) ctx.nodes[id].says = says;
    return id;
  } finally {
    ctx.lowering--;
  }
}

/** Each item's own `cite` onto the item's node (a list's items are always fresh nodes). */
function attachItemCites(ctx: CheckContext, e: { itemCites?: (A.Str | undefined)[] }, kids: number[]): void {
  e.itemCites?.forEach((c, i) => {
    if (!c || kids[i] === undefined) return;
    ctx.nodes[kids[i]].cite = { text: c.value, line: 0 };
    ctx.itemCites.push({ str: c, node: kids[i] });
  });
}

function lowerExpr(ctx: CheckContext, e: A.Expr, scope: Scope): number {
  switch (e.kind) {
    case "And":
    case "Or":
      return ctx.addNode({ op: e.kind === "And" ? "and" : "or", kids: e.args.map((a) => lower(ctx, a, scope)) }, e.range, []);
    case "Not":
      return ctx.addNode({ op: "not", kid: lower(ctx, e.arg, scope) }, e.range, []);
    case "Quantifier": {
      const kids = e.args.map((a) => lower(ctx, a, scope));
      attachItemCites(ctx, e, kids);
      if (kids.length === 0) ctx.report("syntax-error", e.range, `'${e.q} of' needs at least one condition.`);
      if (e.q === "all") return ctx.addNode({ op: "and", kids, origin: "all" }, e.range, []);
      const or = ctx.addNode({ op: "or", kids, origin: e.q }, e.range, []);
      if (scope.rule) for (const k of kids) ctx.anyItems.push({ node: k, parent: or, rule: scope.rule });
      return e.q === "none" ? ctx.addNode({ op: "not", kid: or }, e.range, []) : or;
    }
    case "AtLeast": {
      const kids = e.args.map((a) => lower(ctx, a, scope));
      attachItemCites(ctx, e, kids);
      if (!Number.isInteger(e.n) || e.n < 1 || e.n > kids.length) ctx.report("invalid-number", e.range, `'at least ${e.n} of' needs a whole number from 1 to ${kids.length}, the number of listed conditions.`);
      return ctx.addNode({ op: "atLeast", n: e.n, kids }, e.range, []);
    }
    case "Ref": return ref(ctx, e.name, scope, e.range);
    case "Compare":
      if (!Number.isFinite(e.value)) return tooLarge(ctx, e.range);
      return compare(ctx, e, scope);
    case "Within": {
      if (!Number.isFinite(e.value)) return tooLarge(ctx, e.range);
      const f = factOf(ctx, e.subject, scope);
      if (!f) return constNode(ctx, e.range);
      if (f.type.kind !== "date") return mismatch(ctx, e.subject, f.type.kind, "'within' applies to a date fact", e.range);
      const span = spanFrom(e.value, e.unit.text);
      if (!span) { ctx.report("unit-mismatch", e.unit.range, `'within' needs a length of time (days, weeks, months or years), not '${e.unit.text}'.`); return constNode(ctx, e.range); }
      if (!Number.isFinite(span.months) || !Number.isFinite(span.days)) return tooLarge(ctx, e.range);
      return ctx.addNode({ op: "within", fact: e.subject.text, span }, e.range, [e.subject.text]);
    }
    case "Is": {
      if (e.subject.text === "indication") {
        for (const v of e.values) if (!ctx.indications.includes(v.text)) ctx.report("undefined-value", v.range, `'${v.text}' is not a declared indication.${didYouMean(v.text, ctx.indications)}`);
        return ctx.addNode({ op: "is", fact: "indication", values: e.values.map((v) => v.text), negated: e.negated }, e.range, ["indication"]);
      }
      const f = factOf(ctx, e.subject, scope);
      if (!f) return constNode(ctx, e.range);
      if (f.type.kind !== "enum") return mismatch(ctx, e.subject, f.type.kind, f.type.kind === "set" ? "use 'has' for a set-of fact" : "'is' applies to a one-of fact", e.range);
      checkValues(ctx, e.values, f.type.values);
      return ctx.addNode({ op: "is", fact: e.subject.text, values: e.values.map((v) => v.text), negated: e.negated }, e.range, [e.subject.text]);
    }
    case "Has": {
      const f = factOf(ctx, e.subject, scope);
      if (!f) return constNode(ctx, e.range);
      if (f.type.kind !== "set") return mismatch(ctx, e.subject, f.type.kind, f.type.kind === "enum" ? "use 'is' for a one-of fact" : "'has' applies to a set-of fact", e.range);
      checkValues(ctx, e.values, f.type.values);
      return ctx.addNode({ op: "has", fact: e.subject.text, values: e.values.map((v) => v.text), mode: e.mode }, e.range, [e.subject.text]);
    }
    case "Requested": {
      const ps = patterns(ctx, [e.pattern]);
      const facts = (p: StudyPattern) => (p.kind === "pattern" && p.region.kind === "fact" ? [p.region.fact] : []);
      if (e.pattern.kind !== "Set") return ctx.addNode({ op: "req", pattern: ps[0] }, e.range, facts(ps[0]));
      // `requested is SET`: the study fits one of the set's patterns.
      const kids = ps.map((p) => ctx.addNode({ op: "req", pattern: p }, e.range, facts(p), `requested is ${patternText(p)}`));
      return ctx.addNode({ op: "or", kids }, e.range, []);
    }
    case "SupportedElsewhere": {
      if (!scope.elsewhere) {
        ctx.report("misplaced", e.range, "'supported elsewhere' reads the approve rules of the guideline, so it may stand only in the condition of a deny, review, pend or refer rule: not in an approval, a prerequisite, 'applies when' or a definition.");
        return constNode(ctx, e.range);
      }
      return ctx.addNode({ op: "or", kids: scope.elsewhere(), origin: "elsewhere" }, e.range, []);
    }
    case "Error": return constNode(ctx, e.range);
  }
}

/** A number literal beyond floating point (a 400-digit threshold) would make every evaluation throw or compare wrongly. */
function tooLarge(ctx: CheckContext, range: A.Range): number {
  ctx.report("invalid-number", range, "This number is too large to compare with.");
  return constNode(ctx, range);
}

function checkValues(ctx: CheckContext, names: A.Name[], values: readonly string[]): void {
  for (const v of names) if (!values.includes(v.text)) ctx.report("undefined-value", v.range, `'${v.text}' is not one of the values (${values.join(", ")}).${didYouMean(v.text, values)}`);
}

const KIND_WORDS: Record<string, string> = { bool: "a yes/no fact", number: "a number fact", duration: "a duration fact", date: "a date fact", enum: "a one-of fact", set: "a set-of fact" };
function mismatch(ctx: CheckContext, subject: A.Name, kind: string, what: string, range: A.Range): number {
  ctx.report("type-mismatch", subject.range, `'${subject.text}' is ${KIND_WORDS[kind] ?? kind}: ${what}.`);
  return constNode(ctx, range);
}

function factOf(ctx: CheckContext, n: A.Name, scope: Scope) {
  const f = ctx.facts.get(n.text);
  if (f) return f;
  const isDef = (scope.section && ctx.defNodes.has(`${scope.section.id.text}::${n.text}`)) || ctx.globalDefs.has(n.text);
  if (isDef) ctx.report("type-mismatch", n.range, `'${n.text}' is a definition (a yes/no condition); it cannot be compared.`);
  else ctx.report("undefined-name", n.range, `'${n.text}' is not a declared fact.${didYouMean(n.text, ctx.facts.keys())}`);
  return undefined;
}

const SUGGESTIONS = 200;

/** A section's definitions by name (the first of a name wins, as `find` did), made once per section. */
const localDefCache = new WeakMap<A.SectionDecl, Map<string, A.DefineDecl>>();
function localDefs(s: A.SectionDecl): Map<string, A.DefineDecl> {
  let m = localDefCache.get(s);
  if (!m) {
    m = new Map();
    for (const d of s.definitions) if (!m.has(d.name.text)) m.set(d.name.text, d);
    localDefCache.set(s, m);
  }
  return m;
}

function ref(ctx: CheckContext, n: A.Name, scope: Scope, range: A.Range): number {
  const name = n.text;
  const local = scope.section && localDefs(scope.section).get(name);
  if (local && scope.section) return ctx.addNode({ op: "def", name, kid: lowerDef(ctx, local, scope.section) }, range, []);
  const global = ctx.globalDefs.get(name);
  if (global) return ctx.addNode({ op: "def", name, kid: lowerDef(ctx, global, undefined) }, range, []);
  const f = ctx.facts.get(name);
  if (f) {
    if (f.type.kind === "bool") return ctx.addNode({ op: "bool", fact: name }, range, [name]);
    const how: Record<string, string> = { number: `compare it, e.g. ${name} >= 1`, duration: `compare it, e.g. ${name} >= 4 weeks`, date: `test its window, e.g. ${name} within 60 days`, enum: `test its value, e.g. ${name} is …`, set: `test its values, e.g. ${name} has …` };
    return mismatch(ctx, n, f.type.kind, how[f.type.kind] ?? "it is not yes/no", range);
  }
  if (name === "age") { ctx.report("type-mismatch", n.range, "'age' must be compared, e.g. age >= 6 years."); return constNode(ctx, range); }
  if (name === "indication") { ctx.report("type-mismatch", n.range, "'indication' must be tested, e.g. indication is back_pain."); return constNode(ctx, range); }
  // A suggestion costs a pass over every name: only the first SUGGESTIONS unknown names get one, so a file of
  // thousands of unknown names (each a search of thousands) stays linear.
  const hint = ctx.suggestionsMade++ < SUGGESTIONS ? didYouMean(name, [...ctx.facts.keys(), ...ctx.globalDefs.keys(), ...(scope.section ? localDefs(scope.section).keys() : [])]) : "";
  ctx.report("undefined-name", n.range, `'${name}' is not a declared fact or definition.${hint}`);
  return constNode(ctx, range);
}

function compare(ctx: CheckContext, e: Extract<A.Expr, { kind: "Compare" }>, scope: Scope): number {
  const unitText = e.unit ? normalizeUnit(e.unit.text) : undefined;
  if (e.subject.text === "age") {
    const span = unitText !== undefined ? spanFrom(e.value, unitText) : undefined;
    if (!span) { ctx.report(e.unit ? "unit-mismatch" : "missing-unit", e.unit?.range ?? e.range, "An age is compared with days, weeks, months or years, e.g. age >= 6 years."); return constNode(ctx, e.range); }
    if (!Number.isFinite(span.months) || !Number.isFinite(span.days)) return tooLarge(ctx, e.range);
    return ctx.addNode({ op: "age", cmp: e.op, span }, e.range, ["age"]);
  }
  const f = factOf(ctx, e.subject, scope);
  if (!f) return constNode(ctx, e.range);
  if (f.type.kind === "duration") {
    const span = unitText !== undefined ? spanFrom(e.value, unitText) : undefined;
    if (!span) { ctx.report(e.unit ? "unit-mismatch" : "missing-unit", e.unit?.range ?? e.range, `'${e.subject.text}' is a length of time: compare it with days, weeks, months or years.`); return constNode(ctx, e.range); }
    if (!Number.isFinite(span.months) || !Number.isFinite(span.days)) return tooLarge(ctx, e.range);
    return ctx.addNode({ op: "dur", fact: e.subject.text, cmp: e.op, span }, e.range, [e.subject.text]);
  }
  if (f.type.kind !== "number") return mismatch(ctx, e.subject, f.type.kind, f.type.kind === "date" ? "a date is tested with 'within', not compared with a number" : "it cannot be compared with a number", e.range);
  const factUnit = f.unit ?? "";
  if (unitText === undefined) {
    if (factUnit !== "") { ctx.report("missing-unit", e.range, `'${e.subject.text}' is measured in ${factUnit}: write the unit, e.g. ${e.value} ${factUnit}.`); return constNode(ctx, e.range); }
    return ctx.addNode({ op: "num", fact: e.subject.text, cmp: e.op, value: e.value }, e.range, [e.subject.text]);
  }
  const cu = canonicalUnit(unitText);
  const dim = cu === undefined ? undefined : unitDimension(cu);
  const fdim = unitDimension(factUnit);
  if (cu === undefined || dim !== fdim) {
    const what = dim === undefined ? (spanFrom(1, unitText) ? "a length of time" : `'${unitText}'`) : `a ${dim}`;
    ctx.report("unit-mismatch", e.unit!.range, `'${e.subject.text}' is a ${fdim === "count" ? "plain number" : fdim} (${factUnit || "no unit"}); it cannot be compared with ${what}. Use ${fdim ? unitsOf(fdim).filter(Boolean).join(" or ") || "no unit" : "its unit"}.`);
    return constNode(ctx, e.range);
  }
  const value = convert(e.value, cu, factUnit);
  if (!Number.isFinite(value)) return tooLarge(ctx, e.range);
  return ctx.addNode({ op: "num", fact: e.subject.text, cmp: e.op, value }, e.range, [e.subject.text]);
}

/** One study pattern (not a study set's name: `patterns` expands those). */
function pattern(ctx: CheckContext, p: Exclude<A.StudyPattern, { kind: "Set" }>): StudyPattern {
  if (p.kind === "Cpt") {
    if (!isCptCode(ctx, { text: p.cpt, range: p.range })) return { kind: "cpt", cpt: p.cpt };
    if (!ctx.studies.has(p.cpt)) ctx.report("undefined-study", p.range, `CPT ${p.cpt} is not in the study catalogue.${didYouMean(p.cpt, ctx.studies.keys())}`);
    return { kind: "cpt", cpt: p.cpt };
  }
  if (p.kind === "AnyStudy") return { kind: "any" };
  if (ctx.studies.size && !ctx.modalities.has(p.modality)) ctx.report("undefined-study", p.range, `No study in the catalogue is a ${p.modality} study.`, "warning");
  let region: Extract<StudyPattern, { kind: "pattern" }>["region"] = { kind: "any" };
  if (p.region && p.region !== "any") {
    const word = p.region.text;
    const f = ctx.facts.get(word);
    if (f) {
      if (f.type.kind !== "enum" && f.type.kind !== "set") ctx.report("type-mismatch", p.region.range, `'${word}' is ${KIND_WORDS[f.type.kind]}; a study's region must be a region word or a one-of / set-of fact.`);
      else for (const v of f.type.values) if (!ctx.regions.has(v)) { /* values outside the catalogue simply never match */ }
      region = { kind: "fact", fact: word };
    } else if (ctx.regions.has(word)) region = { kind: "word", word };
    else if (ctx.studySets.has(word)) ctx.report("type-mismatch", p.region.range, `'${word}' is a study set, not a region: list it on its own (${p.modality} of ${word} → ${word}).`);
    else ctx.report("undefined-name", p.region.range, `'${word}' is neither a region of the study catalogue nor a fact.${didYouMean(word, [...ctx.regions, ...ctx.facts.keys()])}`);
  }
  return { kind: "pattern", modality: p.modality, contrast: p.contrast, region };
}
export type { NodeOp };
