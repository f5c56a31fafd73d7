// Two checked versions -> what was added, removed or changed, by id: the header, indications, studies (by CPT
// code), facts (by name, following `replaces`), definitions, sections, prerequisites and rules (by rule id:
// section/label), with conditions, citations and notes compared as written (whitespace collapsed).
import type { Model } from "../model.ts";
import type { PlanRule, PlanSection, StudyPattern } from "../../runtime/plan.ts";
import type { FactChange } from "./joint.ts";

export interface Change { kind: "added" | "removed" | "changed"; what: "header" | "indication" | "study" | "fact" | "definition" | "section" | "prerequisite" | "rule"; id: string; details: string[] }

export function structuralDiff(a: Model, b: Model, facts: FactChange[], texts: { old: string; new: string }): Change[] {
  const out: Change[] = [];
  const ga = a.plan.guideline, gb = b.plan.guideline;
  const head: string[] = [];
  for (const k of ["id", "title", "version", "effective", "through", "source"] as const) if ((ga[k] ?? "") !== (gb[k] ?? "")) head.push(`${k}: ${ga[k] ?? "(none)"} → ${gb[k] ?? "(none)"}`);
  if (head.length) out.push({ kind: "changed", what: "header", id: gb.id, details: head });

  byId(out, "indication", a.plan.indications, b.plan.indications, (x) => x.name, (x, y) => (x.label !== y.label ? [`label: ${x.label ?? ""} → ${y.label ?? ""}`] : []));
  byId(out, "study", a.plan.studies, b.plan.studies, (x) => x.cpt, (x, y) => {
    const d: string[] = [];
    if (x.description !== y.description) d.push(`description: ${x.description} → ${y.description}`);
    if (x.modality !== y.modality || x.region !== y.region || x.contrast !== y.contrast) d.push(`study: ${x.modality} ${x.region} ${x.contrast ?? ""} → ${y.modality} ${y.region} ${y.contrast ?? ""}`.replace(/ +/g, " "));
    return d;
  });
  for (const f of facts) {
    if (f.kind === "removed") out.push({ kind: "removed", what: "fact", id: f.fact, details: [] });
    else if (f.kind === "added") out.push({ kind: "added", what: "fact", id: f.fact, details: [] });
    else out.push({ kind: "changed", what: "fact", id: f.fact, details: [f.kind === "renamed" ? `renamed from ${f.detail} (replaces ${f.detail})` : f.kind === "retyped" ? `type: ${f.detail}` : f.detail ?? ""] });
  }
  // A fact removed and one of the same type added may be a rename the new version should declare.
  for (const r of facts.filter((f) => f.kind === "removed")) {
    const t = JSON.stringify(a.plan.facts.find((f) => f.name === r.fact)?.type);
    const twin = facts.find((f) => f.kind === "added" && JSON.stringify(b.plan.facts.find((x) => x.name === f.fact)?.type) === t);
    if (twin) out.push({ kind: "changed", what: "fact", id: twin.fact, details: [`if ${twin.fact} is ${r.fact} renamed, write \`replaces ${r.fact}\` under it so the diff can compare across it`] });
  }
  const qa = new Map(a.plan.facts.map((f) => [f.name, f.question])), qb = new Map(b.plan.facts.map((f) => [f.name, f.question]));
  for (const [n, q] of qb) if (qa.has(n) && qa.get(n) !== q) out.push({ kind: "changed", what: "fact", id: n, details: [`question: ${qa.get(n)} → ${q}`] });
  // What answers a fact besides the case (`yes when …`, `not documented means …`): a change there decides differently.
  const answers = (m: Model, n: string): string => {
    const f = m.plan.facts.find((x) => x.name === n);
    const nd = f?.notDocumented === undefined ? [] : [`not documented means ${f.notDocumented === true ? "yes" : f.notDocumented === false ? "no" : f.notDocumented}`];
    return [...(f?.implied ?? []).map((i) => `${i.value ? "yes" : "no"} when ${i.text}`), ...nd].join("; ") || "(none)";
  };
  for (const n of qb.keys()) if (qa.has(n) && answers(a, n) !== answers(b, n)) out.push({ kind: "changed", what: "fact", id: n, details: [`answered by: ${answers(a, n)} → ${answers(b, n)}`] });

  // Guideline-wide definitions by name, a section's own as SECTION::name.
  const defText = (m: Model, text: string) => new Map([
    ...m.ast.definitions.map((d) => [d.name.text, d] as const),
    ...m.ast.sections.flatMap((sec) => sec.definitions.map((d) => [`${sec.id.text}::${d.name.text}`, d] as const)),
  ].map(([k, d]) => [k, text.slice(d.range.start.offset, d.range.end.offset).replace(/\s+/g, " ")]));
  const da = defText(a, texts.old), db = defText(b, texts.new);
  for (const [n] of da) if (!db.has(n)) out.push({ kind: "removed", what: "definition", id: n, details: [] });
  for (const [n, t] of db) {
    if (!da.has(n)) out.push({ kind: "added", what: "definition", id: n, details: [] });
    else if (da.get(n) !== t) out.push({ kind: "changed", what: "definition", id: n, details: [`before: ${da.get(n)}`, `after: ${t}`] });
  }
  const sa = new Map(a.plan.sections.map((s) => [s.id, s])), sb = new Map(b.plan.sections.map((s) => [s.id, s]));
  for (const [id] of sa) if (!sb.has(id)) out.push({ kind: "removed", what: "section", id, details: [] });
  for (const [id, s] of sb) {
    const o = sa.get(id);
    if (!o) { out.push({ kind: "added", what: "section", id, details: [s.title] }); continue; }
    const d: string[] = [];
    if (o.title !== s.title) d.push(`title: ${o.title} → ${s.title}`);
    const ap = (m: Model, x: PlanSection) => (x.applies === undefined ? "(always)" : m.plan.nodes[x.applies].text);
    if (ap(a, o) !== ap(b, s)) d.push(`applies when: ${ap(a, o)} → ${ap(b, s)}`);
    if (o.notes.join("\n") !== s.notes.join("\n")) d.push("notes changed");
    if (d.length) out.push({ kind: "changed", what: "section", id, details: d });
    byId(out, "prerequisite", o.requires, s.requires, (q) => q.id, (x, y) => {
      const dd: string[] = [];
      if (a.plan.nodes[x.cond].text !== b.plan.nodes[y.cond].text) dd.push(`condition: ${a.plan.nodes[x.cond].text} → ${b.plan.nodes[y.cond].text}`);
      if (pats(x.studies) !== pats(y.studies)) dd.push(`for: ${pats(x.studies) || "every study"} → ${pats(y.studies) || "every study"}`);
      cites(dd, x.cites.map((c) => c.text), y.cites.map((c) => c.text));
      return dd;
    });
    byId(out, "rule", o.rules, s.rules, (r) => r.id, (x, y) => ruleChanges(a, b, x, y));
  }
  // A guideline-wide prerequisite is compared in every section it gates: report each change of it once.
  const said = new Set<string>();
  return out.filter((c) => { const k = JSON.stringify(c); return !said.has(k) && said.add(k) !== undefined; });
}

function ruleChanges(a: Model, b: Model, x: PlanRule, y: PlanRule): string[] {
  const d: string[] = [];
  if (x.outcome !== y.outcome || x.target !== y.target) d.push(`outcome: ${x.outcome}${x.target ? " " + x.target : ""} → ${y.outcome}${y.target ? " " + y.target : ""}`);
  if (pats(x.studies) !== pats(y.studies)) d.push(`studies: ${pats(x.studies)} → ${pats(y.studies)}`);
  const wa = x.when === undefined ? "(always)" : a.plan.nodes[x.when].text, wb = y.when === undefined ? "(always)" : b.plan.nodes[y.when].text;
  if (wa !== wb) d.push(`when: ${wa} → ${wb}`);
  cites(d, x.cites.map((c) => c.text), y.cites.map((c) => c.text));
  const na = x.notes, nb = y.notes;
  if (na.join("\n") !== nb.join("\n")) d.push(`notes: ${nb.filter((n) => !na.includes(n)).length} added, ${na.filter((n) => !nb.includes(n)).length} removed`);
  return d;
}

function cites(d: string[], a: string[], b: string[]): void {
  for (const c of b) if (!a.includes(c)) d.push(`cite added: "${c}"`);
  for (const c of a) if (!b.includes(c)) d.push(`cite removed: "${c}"`);
}

const pats = (ps: StudyPattern[] | undefined): string => (ps ?? []).map((p) => (p.kind === "cpt" ? p.cpt : p.kind === "any" ? "any study" : `${p.modality}${p.contrast.length ? " " + p.contrast.join("/") : ""}${p.region.kind === "word" ? " of " + p.region.word : p.region.kind === "fact" ? " of " + p.region.fact : ""}`)).join(", ");

function byId<T>(out: Change[], what: Change["what"], a: T[], b: T[], id: (x: T) => string, cmp: (x: T, y: T) => string[]): void {
  const ma = new Map(a.map((x) => [id(x), x])), mb = new Map(b.map((x) => [id(x), x]));
  for (const [k] of ma) if (!mb.has(k)) out.push({ kind: "removed", what, id: k, details: [] });
  for (const [k, y] of mb) {
    const x = ma.get(k);
    if (x === undefined) { out.push({ kind: "added", what, id: k, details: [] }); continue; }
    const d = cmp(x, y);
    if (d.length) out.push({ kind: "changed", what, id: k, details: d });
  }
}
