// Completion that reads where the cursor is: the text before the cursor and the SymbolIndex in, suggestions
// ordered for that place out (a fact's values after `fact is`, units after a number, line starts, facts in
// conditions). Outside a list of values everything else still follows, so no valid word is hidden.
import * as monaco from "monaco-editor/editor";
import type { Range as AstRange } from "../grammar/ast.ts";
import { unitDimension, unitsOf } from "../runtime/quantity.ts";
import { keywordWords, unitWords } from "./monarch.ts";
import type { LanguageState } from "./language.ts";
import type { SymbolIndex } from "./protocol.ts";

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const TIME_UNITS = ["days", "weeks", "months", "years"];
const OUTCOMES = ["approve", "deny", "pend", "review", "refer", "not-applicable"];
const FACT_TYPES = ["yes/no", "number", "duration", "date", "one of", "set of"];
const TOP_LEVEL = ["section", "define", "requires", "facts", "studies", "enum", "indications", "external", "guideline"];
const IN_SECTION = ["requires", "define", "applies when", "when", "cite", "note", "example"];
const IN_EXAMPLE = ["given", "request", "expect"];

/** What the cursor's place calls for. `words` are offered first, in that order; `only` drops the rest. */
export interface Place { kind: "values" | "units" | "line-start" | "outcome" | "fact-type" | "condition" | "any"; words: string[]; only: boolean }

const timeFacts = new Set(["age"]);

/** The place of the cursor from the text before it (up to a few hundred characters, the current word cut off). */
export function placeOf(before: string, ix: SymbolIndex | undefined, where: { inSection: boolean; inExample: boolean; inFacts: boolean }): Place {
  const valuesOf = (name: string): string[] | undefined => {
    if (name === "indication") return ix?.indications.map((i) => i.name);
    const f = ix?.facts.find((x) => x.name === name);
    return f && f.values.length ? f.values : undefined;
  };
  // `fact is one of { a, ` (may span lines) or `fact { a, ` (a set test, or a given): the fact's values.
  const list = new RegExp(`\\b(${NAME})\\s+(?:is\\s+(?:not\\s+)?(?:one\\s+of\\s*)?)?\\{[^{}]*$`).exec(before);
  if (list) { const v = valuesOf(list[1]); if (v) return { kind: "values", words: v, only: true }; }
  // `fact is `, `fact is not `: the values, then `one of`.
  const is = new RegExp(`\\b(${NAME})\\s+is\\s+(?:not\\s+)?$`).exec(before);
  if (is) { const v = valuesOf(is[1]); if (v) return { kind: "values", words: [...v, "one of", "not"], only: true }; }
  // `given …, fact `: the fact's values (an example states an enum answer without `is`).
  const given = new RegExp(`\\bgiven\\b[^\\n]*[\\s,](${NAME})\\s+$`).exec(before);
  if (given && where.inExample) { const v = valuesOf(given[1]); if (v) return { kind: "values", words: v, only: true }; }
  // A number (not the end of a section id, a date or a CPT code after `request`): units, the compared fact's first.
  const num = new RegExp(`(?:\\b(${NAME})\\s*(?:>=|<=|>|<|=|≥|≤)?\\s*)?(?:\\bwithin\\s+)?(?<![\\w.-])\\d+(?:\\.\\d+)?\\s*$`).exec(before);
  if (num && !/\brequest\s+\d+\s*$/.test(before)) {
    const fact = num[1] ? ix?.facts.find((f) => f.name === num[1]) : undefined;
    const unit = fact && /^number /.test(fact.type) ? fact.type.slice("number ".length) : undefined;
    const dim = unit !== undefined ? unitDimension(unit) : undefined;
    const own = dim ? unitsOf(dim).filter(Boolean) as string[] : [];
    const time = (num[1] && timeFacts.has(num[1])) || fact?.type === "duration" || fact?.type === "date" || /\bwithin\s+\d/.test(before.slice(-40));
    const first = time ? TIME_UNITS : own.length ? own : [...TIME_UNITS, ...unitWords.filter((u) => !TIME_UNITS.includes(u))];
    return { kind: "units", words: [...first, ...(time ? ["ago"] : [])], only: false };
  }
  const line = before.slice(before.lastIndexOf("\n") + 1);
  // `label: ` starts a rule in a section (an outcome follows), a fact in the facts block (a type follows).
  if (new RegExp(`^\\s*${NAME}:\\s*$`).test(line)) {
    if (where.inFacts) return { kind: "fact-type", words: FACT_TYPES, only: false };
    if (where.inSection && !where.inExample) return { kind: "outcome", words: OUTCOMES, only: false };
  }
  if (/^\s*$/.test(line)) {
    const words = where.inExample ? IN_EXAMPLE : where.inSection ? IN_SECTION : where.inFacts ? ["group"] : TOP_LEVEL;
    return { kind: "line-start", words, only: false };
  }
  // In a condition: facts and definitions.
  if (/(?:\bwhen|\band|\bor|\bnot|\(|\brequires|\bof\s*\{|,|\bgiven|=)\s*$/.test(before)) return { kind: "condition", words: [], only: false };
  return { kind: "any", words: [], only: false };
}

const inside = (r: AstRange, p: monaco.IPosition): boolean =>
  (p.lineNumber > r.start.line || (p.lineNumber === r.start.line && p.column >= r.start.column)) &&
  (p.lineNumber < r.end.line || (p.lineNumber === r.end.line && p.column <= r.end.column));

export function completionProvider(state: LanguageState): monaco.languages.CompletionItemProvider {
  return {
    triggerCharacters: [" ", "{", ","],
    provideCompletionItems(model, position) {
      const w = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: w.startColumn, endColumn: w.endColumn };
      const K = monaco.languages.CompletionItemKind;
      const ix = state.index();
      const end = model.getOffsetAt({ lineNumber: position.lineNumber, column: w.startColumn });
      const all = model.getValue().slice(0, end);
      const before = all.slice(Math.max(0, end - 400));
      // Top-level blocks open at the start of a line and close with a `}` there.
      const inFacts = all.lastIndexOf("\nfacts") > all.lastIndexOf("\n}");
      const place = placeOf(before, ix, {
        inSection: ix?.sections.some((s) => inside(s.range, position)) ?? false,
        inExample: ix?.examples.some((e) => inside(e.range, position)) ?? false,
        inFacts,
      });
      const items: monaco.languages.CompletionItem[] = [];
      const seen = new Set<string>();
      const add = (label: string, kind: monaco.languages.CompletionItemKind, detail: string, sort: string, documentation?: string): void => {
        if (seen.has(label)) return;
        seen.add(label);
        items.push({ label, kind, detail, insertText: label, range, sortText: `${sort}${label}`, ...(documentation ? { documentation } : {}) });
      };
      // The place's own words first, in their order (sortText keeps it).
      const valueLabel = new Map<string, string>();
      for (const e of ix?.enums ?? []) for (const v of e.values) if (v.label) valueLabel.set(v.name, v.label);
      for (const i of ix?.indications ?? []) if (i.label) valueLabel.set(i.name, i.label);
      place.words.forEach((word, n) => {
        const rank = `0${String(n).padStart(3, "0")}`;
        const kind = place.kind === "values" ? (word === "one of" || word === "not" ? K.Keyword : K.EnumMember) : place.kind === "units" ? (word === "ago" ? K.Keyword : K.Unit) : K.Keyword;
        add(word, kind, place.kind === "values" ? valueLabel.get(word) ?? "value" : place.kind === "units" ? "unit" : "keyword", rank);
      });
      if (place.only) return { suggestions: items };
      const conditionFirst = place.kind === "condition" ? "1" : "3";
      if (ix) {
        for (const f of ix.facts) add(f.name, K.Field, `fact: ${f.type}`, conditionFirst, f.question);
        for (const d of ix.definitions) if (d.section === undefined || inside(d.scope, position)) add(d.name, K.Function, `definition${d.section ? ` in ${d.section}` : ""}`, conditionFirst, d.text);
        for (const s of ix.studies) add(s.cpt, K.Value, s.description, "4", s.description);
        for (const s of ix.sections) add(s.id, K.Module, s.title, "5");
        for (const x of ix.externals) add(x.name, K.Reference, x.label ?? "external guideline", "5");
        for (const i of ix.indications) add(i.name, K.EnumMember, `indication: ${i.label ?? ""}`, "4");
        for (const v of new Set([...ix.enums.flatMap((e) => e.values.map((v) => v.name)), ...ix.facts.flatMap((f) => f.values)])) add(v, K.EnumMember, "value", "6");
      }
      for (const k of keywordWords) add(k, K.Keyword, "keyword", place.kind === "any" ? "2" : "7");
      for (const u of unitWords) add(u, K.Unit, "unit", "8");
      return { suggestions: items };
    },
  };
}
