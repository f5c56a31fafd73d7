// Two checked versions -> one joint Model whose case space (analyze/space.ts) has every threshold of both:
// the old version's condition nodes first, the new one's after them (ids shifted), facts renamed through the
// new version's `replaces`, and the facts, studies and indications of both. The analyses' Solver runs on it.
import type { Model, NodeOp } from "../model.ts";
import type { Plan, PlanFact, PlanSection, StudyPattern } from "../../runtime/plan.ts";
import type { FactType } from "../../runtime/validate.ts";

export interface FactChange {
  kind: "removed" | "added" | "renamed" | "retyped" | "answers";
  fact: string;
  /** The old name (renamed), or what changed in words. */
  detail?: string;
}

export interface Joint {
  model: Model;
  /** The old version's sections and the new one's, node ids in the joint numbering. */
  oldSections: PlanSection[];
  newSections: PlanSection[];
  /** New name -> old names, for facts the new version declares as `replaces` (several when facts were merged). */
  renamed: Map<string, string[]>;
  /** Joint fact names of old facts the new version has no counterpart for (no mapping). */
  removed: Set<string>;
  /** Joint fact names the new version adds. */
  added: Set<string>;
  facts: FactChange[];
  oldModel: Model;
  newModel: Model;
}

/** The old fact name in the joint space: its new name when mapped, its own otherwise, `name@old` when its type changed. */
export function buildJoint(oldModel: Model, newModel: Model): Joint {
  const renamed = new Map<string, string[]>(); // new -> old names
  for (const f of newModel.ast.facts) {
    const olds = (f.replaces ?? []).map((r) => r.text).filter((r) => oldModel.plan.facts.some((o) => o.name === r));
    if (olds.length) renamed.set(f.name.text, olds);
  }
  // Merged facts (`replaces a, b`) become one variable: each old rule reads the one question that replaced its own.
  const oldToJoint = new Map<string, string>();
  for (const [n, olds] of renamed) for (const o of olds) oldToJoint.set(o, n);
  const newFacts = new Map(newModel.plan.facts.map((f) => [f.name, f]));
  const facts: FactChange[] = [];
  const removed = new Set<string>(), added = new Set<string>();
  const jointFacts = new Map<string, PlanFact>();
  for (const f of newModel.plan.facts) jointFacts.set(f.name, f);
  for (const o of oldModel.plan.facts) {
    const target = oldToJoint.get(o.name) ?? o.name;
    const n = newFacts.get(target);
    if (!n) { removed.add(o.name); facts.push({ kind: "removed", fact: o.name }); jointFacts.set(o.name, o); continue; }
    if (target !== o.name) facts.push({ kind: "renamed", fact: target, detail: o.name });
    const merged = mergeTypes(o.type, n.type, o.unit, n.unit);
    if (merged === undefined) {
      // Incomparable types: the old fact is a separate variable, and regions that need it are not compared.
      const alias = `${o.name}@old`;
      oldToJoint.set(o.name, alias);
      removed.add(alias);
      jointFacts.set(alias, { ...o, name: alias });
      facts.push({ kind: "retyped", fact: target, detail: `${typeText(o.type, o.unit)} → ${typeText(n.type, n.unit)}` });
      continue;
    }
    const answers = answerChange(o.type, n.type);
    if (answers) facts.push({ kind: "answers", fact: target, detail: answers });
    jointFacts.set(target, { ...n, type: merged.type });
  }
  const oldNames = new Set(oldModel.plan.facts.map((f) => oldToJoint.get(f.name) ?? f.name));
  for (const f of newModel.plan.facts) if (!oldNames.has(f.name)) { added.add(f.name); facts.push({ kind: "added", fact: f.name }); }

  const rn = (fact: string): string => oldToJoint.get(fact) ?? fact;
  const shift = oldModel.ops.length;
  const ops: NodeOp[] = [...oldModel.ops.map((op) => renameOp(op, rn)), ...newModel.ops.map((op) => shiftOp(op, shift))];
  const renamePatterns = (ps: StudyPattern[]): StudyPattern[] => ps.map((p) => (p.kind === "pattern" && p.region.kind === "fact" ? { ...p, region: { kind: "fact", fact: rn(p.region.fact) } } : p));
  const oldSections = oldModel.plan.sections.map((s) => ({
    ...s,
    rules: s.rules.map((r) => ({ ...r, studies: renamePatterns(r.studies) })),
    requires: s.requires.map((q) => ({ ...q, ...(q.studies ? { studies: renamePatterns(q.studies) } : {}) })),
  }));
  const sh = (id: number | undefined) => (id === undefined ? undefined : id + shift);
  const newSections = newModel.plan.sections.map((s) => ({
    ...s, applies: sh(s.applies),
    rules: s.rules.map((r) => ({ ...r, when: sh(r.when) })),
    requires: s.requires.map((q) => ({ ...q, cond: q.cond + shift })),
  }));
  const studies = new Map(oldModel.plan.studies.map((s) => [s.cpt, s]));
  for (const s of newModel.plan.studies) studies.set(s.cpt, s);
  const indications = [...oldModel.plan.indications];
  for (const i of newModel.plan.indications) if (!indications.some((x) => x.name === i.name)) indications.push(i);
  const plan: Plan = {
    guideline: newModel.plan.guideline,
    externals: [...oldModel.plan.externals, ...newModel.plan.externals],
    indications, studies: [...studies.values()], facts: [...jointFacts.values()],
    sections: [...oldSections, ...newSections],
    nodes: [...oldModel.plan.nodes, ...newModel.plan.nodes],
  };
  const consistency = [...(oldModel.consistency ?? []), ...(newModel.consistency ?? []).map((id) => id + shift)];
  const model: Model = { file: newModel.file, plan, ops, examples: [], anyItems: [], ast: newModel.ast, ...(consistency.length ? { consistency } : {}) };
  return { model, oldSections, newSections, renamed, removed, added, facts, oldModel, newModel };
}

function renameOp(op: NodeOp, rn: (f: string) => string): NodeOp {
  switch (op.op) {
    case "bool": case "num": case "dur": case "within": case "is": case "has": return { ...op, fact: rn(op.fact) };
    case "req": return op.pattern.kind === "pattern" && op.pattern.region.kind === "fact" ? { ...op, pattern: { ...op.pattern, region: { kind: "fact", fact: rn(op.pattern.region.fact) } } } : op;
    default: return op;
  }
}

function shiftOp(op: NodeOp, k: number): NodeOp {
  switch (op.op) {
    case "and": case "or": return { ...op, kids: op.kids.map((x) => x + k) };
    case "atLeast": return { ...op, kids: op.kids.map((x) => x + k) };
    case "not": case "def": return { ...op, kid: op.kid + k };
    default: return op;
  }
}

/** One type for both versions' values (the union of answers, the values both bounds allow), or undefined when they cannot be compared. */
function mergeTypes(a: FactType, b: FactType, ua?: string, ub?: string): { type: FactType } | undefined {
  if (a.kind !== b.kind) return undefined;
  switch (a.kind) {
    case "bool": case "date": return { type: b };
    case "number": {
      const bb = b as typeof a;
      if ((ua ?? a.unit) !== (ub ?? bb.unit)) return undefined;
      // Values both versions accept: a case one of them refuses is not a comparison (the bounds change is listed).
      const bounds = a.bounds && bb.bounds ? { min: Math.max(a.bounds.min, bb.bounds.min), max: Math.min(a.bounds.max, bb.bounds.max) } : a.bounds ?? bb.bounds;
      return { type: { kind: "number", unit: bb.unit, ...(bounds ? { bounds } : {}) } };
    }
    case "duration": {
      const bb = b as typeof a;
      if (!a.bounds || !bb.bounds) { const bounds = a.bounds ?? bb.bounds; return { type: { kind: "duration", ...(bounds ? { bounds } : {}) } }; }
      const len = (s: { months: number; days: number }) => s.months * 30.44 + s.days;
      return { type: { kind: "duration", bounds: { min: len(a.bounds.min) >= len(bb.bounds.min) ? a.bounds.min : bb.bounds.min, max: len(a.bounds.max) <= len(bb.bounds.max) ? a.bounds.max : bb.bounds.max } } };
    }
    case "enum": case "set": {
      const values = [...a.values, ...(b as typeof a).values.filter((v) => !a.values.includes(v))];
      return { type: { kind: a.kind, values } };
    }
  }
}

function answerChange(a: FactType, b: FactType): string | undefined {
  if ((a.kind === "enum" || a.kind === "set") && (b.kind === "enum" || b.kind === "set")) {
    const gone = a.values.filter((v) => !b.values.includes(v)), fresh = b.values.filter((v) => !a.values.includes(v));
    if (gone.length || fresh.length) return [fresh.length ? `new answers ${fresh.join(", ")}` : "", gone.length ? `answers removed ${gone.join(", ")}` : ""].filter(Boolean).join("; ");
  }
  if (a.kind === "number" && b.kind === "number" && JSON.stringify(a.bounds) !== JSON.stringify(b.bounds)) return `plausible values ${a.bounds ? `${a.bounds.min}..${a.bounds.max}` : "unbounded"} → ${b.bounds ? `${b.bounds.min}..${b.bounds.max}` : "unbounded"}`;
  return undefined;
}

export function typeText(t: FactType, unit?: string): string {
  switch (t.kind) {
    case "bool": return "yes/no";
    case "number": return `number${unit ?? t.unit ? " " + (unit ?? t.unit) : ""}`;
    case "enum": return `one of { ${t.values.join(", ")} }`;
    case "set": return `set of { ${t.values.join(", ")} }`;
    default: return t.kind;
  }
}
