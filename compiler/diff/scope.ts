// Two checked versions and their structural changes -> the indications a semantic diff must search. A section
// decides nothing outside its `applies when`, so changes confined to sections that name their indications leave the
// others alike; anything wider (a section for every indication, a fact, the catalogue) gives no scope ("search all").
import type { Model } from "../model.ts";
import type { Change } from "./structural.ts";

export interface DiffScope {
  /** The indications to search, or undefined for every one. */
  indications?: string[];
  /** The sections the changes touch (in either version). */
  sections: string[];
  /** Why no narrower scope, when indications is undefined. */
  why?: string;
}

/** Header fields that do not change how a single version decides a case. */
const QUIET_HEADER = /^(title|version|effective|through|source): /;

export function diffScope(a: Model, b: Model, changes: Change[]): DiffScope {
  const sections = new Set<string>();
  const wide = (why: string): DiffScope => ({ sections: [...sections], why });
  // Every section holding the id: a guideline-wide prerequisite (guideline/requires-N) is in each section it gates.
  const inSections = (m: Model, id: string, kind: "rule" | "prerequisite"): string[] =>
    m.plan.sections.filter((s) => (kind === "rule" ? s.rules : s.requires).some((x) => x.id === id)).map((s) => s.id);
  for (const c of changes) {
    switch (c.what) {
      case "header":
        if (!c.details.every((d) => QUIET_HEADER.test(d))) return wide("the guideline header changed");
        break;
      case "section": sections.add(c.id); break;
      case "rule": case "prerequisite": {
        const ss = [...inSections(a, c.id, c.what), ...inSections(b, c.id, c.what)];
        if (ss.length === 0) return wide(`${c.what} ${c.id} belongs to no section`);
        for (const s of ss) sections.add(s);
        break;
      }
      case "definition": {
        const cut = c.id.indexOf("::");
        if (cut >= 0) { sections.add(c.id.slice(0, cut)); break; }
        for (const m of [a, b]) for (const s of usersOf(m, c.id)) sections.add(s);
        break;
      }
      case "fact":
        // A question reworded decides nothing; any other fact change may reach every section.
        if (c.kind === "changed" && c.details.every((d) => d.startsWith("question: "))) break;
        return wide(`fact ${c.id} changed`);
      case "indication": case "study":
        return wide(`the ${c.what} ${c.id} was ${c.kind}`);
    }
  }
  // Precedence follows the order of writing, which changes no id: a section whose rules were reordered is touched,
  // and sections reordered (the first that applies governs a denial) reach every indication.
  const order = (m: Model, ids: Set<string>) => m.plan.sections.map((s) => s.id).filter((id) => ids.has(id)).join();
  const both = new Set(a.plan.sections.map((s) => s.id).filter((id) => b.plan.sections.some((t) => t.id === id)));
  if (order(a, both) !== order(b, both)) return wide("sections were reordered");
  for (const id of both) {
    const ra = a.plan.sections.find((s) => s.id === id)!, rb = b.plan.sections.find((s) => s.id === id)!;
    const ids = (x: typeof ra) => [...x.rules.map((r) => r.id), "|", ...x.requires.map((q) => q.id)].join();
    if (ids(ra) !== ids(rb)) sections.add(id);
  }
  const indications = new Set<string>();
  for (const id of sections) {
    for (const m of [a, b]) {
      const s = m.plan.sections.find((x) => x.id === id);
      if (!s) continue;
      const ind = s.applies === undefined ? undefined : indicationsOf(m, s.applies);
      if (ind === undefined) return wide(`section ${id} applies to every indication`);
      for (const i of ind) indications.add(i);
    }
  }
  return { indications: [...indications], sections: [...sections] };
}

/** The indications a condition can hold for, when it restricts them (`indication is …` in an `and`), else undefined. */
export function indicationsOf(m: Model, id: number): string[] | undefined {
  const op = m.ops[id];
  switch (op.op) {
    case "is": return op.fact === "indication" && !op.negated ? op.values : undefined;
    case "def": return indicationsOf(m, op.kid);
    case "and": {
      let out: string[] | undefined;
      for (const k of op.kids) { const x = indicationsOf(m, k); if (x) out = out ? out.filter((v) => x.includes(v)) : x; }
      return out;
    }
    case "or": {
      const all = op.kids.map((k) => indicationsOf(m, k));
      return all.every((x) => x !== undefined) ? [...new Set(all.flat() as string[])] : undefined;
    }
    default: return undefined;
  }
}

/** The sections whose conditions use a guideline-wide definition. */
function usersOf(m: Model, name: string): string[] {
  const uses = (id: number | undefined, seen = new Set<number>()): boolean => {
    if (id === undefined || seen.has(id)) return false;
    seen.add(id);
    const op = m.ops[id];
    if (op.op === "def") return op.name === name || uses(op.kid, seen);
    if (op.op === "not") return uses(op.kid, seen);
    if (op.op === "and" || op.op === "or" || op.op === "atLeast") return op.kids.some((k) => uses(k, seen));
    return false;
  };
  return m.plan.sections.filter((s) => uses(s.applies) || s.rules.some((r) => uses(r.when)) || s.requires.some((q) => uses(q.cond))).map((s) => s.id);
}
