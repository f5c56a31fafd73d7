// Registers the `guide` language with Monaco: Monarch highlighting (from grammar/tokens.ts), completion,
// hover, go-to-definition and the section outline. In: a getter for the latest SymbolIndex and source text.
import * as monaco from "monaco-editor/editor";
import type { Range as AstRange } from "../grammar/ast.ts";
import { monarchLanguage } from "./monarch.ts";
import { completionProvider } from "./completion.ts";
import { quickFixProvider } from "./quick-fix.ts";
import { registerReferences } from "./references.ts";
import type { SymbolIndex } from "./protocol.ts";
import { citeContext, locateCites } from "./source-map.ts";

export const LANGUAGE_ID = "guide";

/** fresh(): the index was built from the text now in the editor (rename and references need that). */
export interface LanguageState { index(): SymbolIndex | undefined; sourceText(): string | undefined; fresh?(): boolean }

export const toMonaco = (r: AstRange): monaco.IRange => ({ startLineNumber: r.start.line, startColumn: r.start.column, endLineNumber: r.end.line, endColumn: r.end.column });
const contains = (r: AstRange, p: monaco.IPosition): boolean =>
  (p.lineNumber > r.start.line || (p.lineNumber === r.start.line && p.column >= r.start.column)) &&
  (p.lineNumber < r.end.line || (p.lineNumber === r.end.line && p.column <= r.end.column));

/** Markdown-escape guideline text: hovers render markdown, and a quote must show as written. */
export const md = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);

/** The word under the cursor, with section ids (PEDSP-2.3) and CPT codes counted as one word. */
function wordAt(model: monaco.editor.ITextModel, p: monaco.IPosition): { word: string; range: monaco.IRange } | undefined {
  const line = model.getLineContent(p.lineNumber);
  const re = /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9]+(?:\.[0-9]+)*)*|\d+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index + 1, end = start + m[0].length;
    if (p.column >= start && p.column <= end) return { word: m[0], range: { startLineNumber: p.lineNumber, startColumn: start, endLineNumber: p.lineNumber, endColumn: end } };
  }
  return undefined;
}

/** Where a name is declared: a section-local definition around the position first, then guideline-wide names. */
export function findDeclaration(ix: SymbolIndex, word: string, p: monaco.IPosition): { range: AstRange; kind: string } | undefined {
  const local = ix.definitions.find((d) => d.name === word && d.section !== undefined && contains(d.scope, p));
  if (local) return { range: local.range, kind: "definition" };
  const global = ix.definitions.find((d) => d.name === word && d.section === undefined);
  if (global) return { range: global.range, kind: "definition" };
  const fact = ix.facts.find((f) => f.name === word);
  if (fact) return { range: fact.range, kind: "fact" };
  const section = ix.sections.find((s) => s.id === word);
  if (section) return { range: section.idRange, kind: "section" };
  const study = ix.studies.find((s) => s.cpt === word);
  if (study) return { range: study.range, kind: "study" };
  const ext = ix.externals.find((x) => x.name === word);
  if (ext) return { range: ext.range, kind: "external" };
  const ind = ix.indications.find((i) => i.name === word);
  if (ind) return { range: ind.range, kind: "indication" };
  const en = ix.enums.find((e) => e.name === word);
  if (en) return { range: en.range, kind: "enum" };
  return undefined;
}

function hoverText(ix: SymbolIndex, word: string, p: monaco.IPosition): string[] | undefined {
  const local = ix.definitions.find((d) => d.name === word && ((d.section !== undefined && contains(d.scope, p)) || d.section === undefined));
  if (local) return [`**definition** \`${word}\`${local.section ? ` (in ${md(local.section)})` : ""}`, md(local.text)];
  const f = ix.facts.find((x) => x.name === word);
  if (f) return [`**fact** \`${word}\`: ${md(f.type)}`, md(f.question), ...(f.group ? [`Group: ${md(f.group)}`] : [])];
  const s = ix.studies.find((x) => x.cpt === word);
  if (s) return [`**CPT ${word}**`, md(s.description)];
  const sec = ix.sections.find((x) => x.id === word);
  if (sec) return [`**section ${md(sec.id)}**`, md(sec.title)];
  const ext = ix.externals.find((x) => x.name === word);
  if (ext) return [`**external guideline ${md(ext.name)}**`, md(ext.label ?? "")];
  const ind = ix.indications.find((x) => x.name === word);
  if (ind) return [`**indication** \`${word}\``, md(ind.label ?? "")];
  return undefined;
}

/** Where each citation of an index is in the source (a repeated quote at its own place); once per index. */
const places = new WeakMap<object, Map<unknown, { start: number; end: number }>>();
function citePlaces(src: string, cites: SymbolIndex["cites"]): Map<unknown, { start: number; end: number }> {
  let m = places.get(cites);
  if (!m) { m = locateCites(src, cites); places.set(cites, m); }
  return m;
}

export function registerGuideLanguage(state: LanguageState): void {
  monaco.languages.register({ id: LANGUAGE_ID, extensions: [".guide"], aliases: ["Guideline"] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage());
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: "//" },
    brackets: [["{", "}"], ["(", ")"]],
    autoClosingPairs: [{ open: "{", close: "}" }, { open: "(", close: ")" }, { open: '"', close: '"', notIn: ["string", "comment"] }],
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9]+(?:\.[0-9]+)*)*|\d+/,
  });

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, completionProvider(state));
  registerReferences(LANGUAGE_ID, { index: () => state.index(), fresh: () => state.fresh?.() ?? true });
  monaco.languages.registerCodeActionProvider(LANGUAGE_ID, quickFixProvider(), { providedCodeActionKinds: ["quickfix"] });

  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const ix = state.index();
      if (!ix) return undefined;
      const cite = ix.cites.find((c) => contains(c.range, position));
      if (cite) {
        const src = state.sourceText();
        const ctx = src !== undefined ? citeContext(src, cite.text, citePlaces(src, ix.cites).get(cite)) : undefined;
        const contents = ctx
          ? [{ value: `**Source, line ${ctx.line}**` }, { value: `${md(ctx.before)}**${md(ctx.quote)}**${md(ctx.after)}` }]
          : [{ value: "**This quote was not found in the source text.**" }];
        return { range: toMonaco(cite.range), contents };
      }
      const w = wordAt(model, position);
      if (!w) return undefined;
      const lines = hoverText(ix, w.word, position);
      return lines ? { range: w.range, contents: lines.filter(Boolean).map((value) => ({ value })) } : undefined;
    },
  });

  monaco.languages.registerDefinitionProvider(LANGUAGE_ID, {
    provideDefinition(model, position) {
      const ix = state.index();
      const w = wordAt(model, position);
      if (!ix || !w) return undefined;
      const d = findDeclaration(ix, w.word, position);
      return d ? { uri: model.uri, range: toMonaco(d.range) } : undefined;
    },
  });

  monaco.languages.registerDocumentSymbolProvider(LANGUAGE_ID, {
    displayName: "Sections",
    provideDocumentSymbols() {
      const ix = state.index();
      if (!ix) return [];
      const S = monaco.languages.SymbolKind;
      return ix.sections.map((s) => ({
        name: s.id, detail: s.title, kind: S.Module, tags: [], range: toMonaco(s.range), selectionRange: toMonaco(s.idRange),
        children: [
          ...ix.rules.filter((r) => r.section === s.id).map((r) => ({ name: r.label ?? `${r.outcome} (no label)`, detail: `rule: ${r.outcome}`, kind: S.Method, tags: [], range: toMonaco(r.range), selectionRange: toMonaco(r.labelRange ?? r.range) })),
          ...ix.definitions.filter((d) => d.section === s.id).map((d) => ({ name: d.name, detail: "definition", kind: S.Function, tags: [], range: toMonaco(d.range), selectionRange: toMonaco(d.range) })),
          ...ix.examples.filter((e) => e.section === s.id).map((e) => ({ name: e.title, detail: "example", kind: S.Event, tags: [], range: toMonaco(e.range), selectionRange: toMonaco(e.range) })),
        ].sort((a, b) => a.range.startLineNumber - b.range.startLineNumber),
      }));
    },
  });
}
