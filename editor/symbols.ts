// AST (and the source text the citations quote) in, the SymbolIndex out: every declared name with its
// range and the words a hover shows. Runs in the worker; pure.
import type * as A from "../grammar/ast.ts";
import { findQuote, normaliseSource, type NormalisedSource } from "../compiler/check/citations.ts";
import type { CiteSymbol, SymbolIndex } from "./protocol.ts";

function typeWords(t: A.FactTypeAst): string {
  const values = (ref: A.Name | A.EnumValueDecl[]): string => ("text" in ref ? ref.text : `{ ${ref.map((v) => v.name.text).join(", ")} }`);
  switch (t.kind) {
    case "bool": return "yes/no";
    case "number": return t.unit ? `number ${t.unit.text}` : "number";
    case "duration": return "duration";
    case "date": return "date";
    case "enum": return `one of ${values(t.ref)}`;
    case "set": return `set of ${values(t.ref)}`;
  }
}

function valuesOf(ast: A.GuideFile, t: A.FactTypeAst): string[] {
  if (t.kind !== "enum" && t.kind !== "set") return [];
  if (Array.isArray(t.ref)) return t.ref.map((v) => v.name.text);
  const name = t.ref.text;
  return ast.enums.find((e) => e.name.text === name)?.values.map((v) => v.name.text) ?? [];
}

/** The text of an AST node, whitespace collapsed and cut short for a hover. */
const slice = (text: string, r: A.Range, max = 400): string => {
  const s = text.slice(r.start.offset, r.end.offset).replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The `cite` of every list item in a condition (iteratively: conditions may nest deeply). */
function itemCites(root: A.Expr): A.Str[] {
  const out: A.Str[] = [];
  const stack: A.Expr[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === "Quantifier" || e.kind === "AtLeast") {
      for (const c of e.itemCites ?? []) if (c) out.push(c);
      stack.push(...e.args);
    } else if (e.kind === "And" || e.kind === "Or") stack.push(...e.args);
    else if (e.kind === "Not") stack.push(e.arg);
  }
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

export function buildIndex(ast: A.GuideFile, text: string, sourceText: string | undefined): SymbolIndex {
  let src: NormalisedSource | undefined;
  const cite = (c: A.Str, section: string): CiteSymbol => {
    if (sourceText !== undefined && !src) src = normaliseSource(sourceText);
    const hit = src ? findQuote(src, c.value) : undefined;
    return { text: c.value, range: c.range, section, ...(hit ? { line: hit.line, endLine: hit.endLine } : {}) };
  };
  const index: SymbolIndex = {
    ...(ast.header ? { guideline: { id: ast.header.id.text, title: ast.header.title.value } } : {}),
    ...(ast.header?.source ? { sourceName: ast.header.source.value } : {}),
    facts: ast.facts.map((f) => ({ name: f.name.text, type: typeWords(f.type), values: valuesOf(ast, f.type), question: f.question.value, ...(f.group ? { group: f.group } : {}), range: f.name.range })),
    // Study sets (`studies NAME = …`) are guideline-wide names too: hover, go to definition and rename read them here.
    definitions: [...ast.definitions, ...ast.studySets].map((d) => ({ name: d.name.text, text: slice(text, d.range), range: d.name.range, scope: ast.range })),
    sections: ast.sections.map((s) => ({ id: s.id.text, title: s.title.value, range: s.range, idRange: s.id.range })),
    studies: ast.studies.map((s) => ({ cpt: s.cpt.text, description: s.description.value, range: s.cpt.range })),
    indications: ast.indications.map((i) => ({ name: i.name.text, ...(i.label ? { label: i.label.value } : {}), range: i.name.range })),
    enums: ast.enums.map((e) => ({ name: e.name.text, range: e.name.range, values: e.values.map((v) => ({ name: v.name.text, ...(v.label ? { label: v.label.value } : {}), range: v.name.range })) })),
    externals: ast.externals.map((x) => ({ name: x.id.text, label: x.title.value, range: x.id.range })),
    cites: [],
    examples: [],
    rules: [],
  };
  for (const d of ast.definitions) for (const c of itemCites(d.expr)) index.cites.push(cite(c, ""));
  // Guideline-wide prerequisites (top-level `requires`): their quotes and their items' quotes.
  for (const r of ast.requires) for (const c of [...r.cites, ...itemCites(r.expr)]) index.cites.push(cite(c, ""));
  for (const s of ast.sections) {
    for (const d of s.definitions) index.definitions.push({ name: d.name.text, section: s.id.text, text: slice(text, d.range), range: d.name.range, scope: s.range });
    for (const r of [...s.requires, ...s.rules]) for (const c of r.cites) index.cites.push(cite(c, s.id.text));
    // Items that quote their own sentence (`item cite "…"`) are citations too: in definitions and conditions.
    for (const e of [...s.definitions.map((d) => d.expr), ...s.requires.map((r) => r.expr), ...s.rules.flatMap((r) => (r.when ? [r.when] : []))]) {
      for (const c of itemCites(e)) index.cites.push(cite(c, s.id.text));
    }
    for (const e of s.examples) index.examples.push({ title: e.title.value, section: s.id.text, range: e.range });
    for (const r of s.rules) index.rules.push({ ...(r.label ? { label: r.label.text, labelRange: r.label.range } : {}), outcome: r.outcome, section: s.id.text, range: r.range });
  }
  return index;
}
