// Find references and rename for facts, definitions and sections: the text, a position and the SymbolIndex
// in, every range naming the same declaration out. The grammar's lexer finds names (never in quotes or
// comments); the index's scopes say which declaration a name means. On the page, on demand only.
import * as monaco from "monaco-editor/editor";
import type { IToken } from "chevrotain";
import type { Range as AstRange } from "../grammar/ast.ts";
import { GuideLexer, Identifier, SectionId } from "../grammar/tokens.ts";
import type { SymbolIndex } from "./protocol.ts";

export interface RefState { index(): SymbolIndex | undefined; fresh(): boolean }
interface Target { kind: "fact" | "definition" | "section"; name: string; decl: AstRange }

const within = (r: AstRange, line: number, column: number): boolean =>
  (line > r.start.line || (line === r.start.line && column >= r.start.column)) && (line < r.end.line || (line === r.end.line && column <= r.end.column));
const same = (a: AstRange, b: AstRange): boolean => a.start.offset === b.start.offset && a.end.offset === b.end.offset;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECTION = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+(?:\.[0-9]+)*)+$/;

/** What a name at a place means: the section's own definition, else a guideline-wide one, else the fact. */
function resolve(ix: SymbolIndex, name: string, line: number, column: number): Target | undefined {
  const local = ix.definitions.find((d) => d.name === name && d.section !== undefined && within(d.scope, line, column));
  const def = local ?? ix.definitions.find((d) => d.name === name && d.section === undefined);
  if (def) return { kind: "definition", name, decl: def.range };
  const fact = ix.facts.find((f) => f.name === name);
  return fact ? { kind: "fact", name, decl: fact.range } : undefined;
}

const tokensCache = { text: "", tokens: [] as IToken[] };
function tokens(text: string): IToken[] {
  if (tokensCache.text !== text) { tokensCache.text = text; tokensCache.tokens = GuideLexer.tokenize(text).tokens; }
  return tokensCache.tokens;
}

function tokenAt(model: monaco.editor.ITextModel, p: monaco.IPosition): IToken | undefined {
  const offset = model.getOffsetAt(p);
  return tokens(model.getValue()).find((t) => (t.tokenType === Identifier || t.tokenType === SectionId) && t.startOffset <= offset && offset <= t.startOffset + t.image.length);
}

function targetAt(ix: SymbolIndex, model: monaco.editor.ITextModel, p: monaco.IPosition): { target?: Target; token?: IToken } {
  const token = tokenAt(model, p);
  if (!token) return {};
  if (token.tokenType === SectionId) {
    const s = ix.sections.find((x) => x.id === token.image);
    return { token, ...(s ? { target: { kind: "section" as const, name: s.id, decl: s.idRange } } : {}) };
  }
  return { token, target: resolve(ix, token.image, token.startLine!, token.startColumn!) };
}

const rangeOf = (t: IToken): monaco.IRange => ({ startLineNumber: t.startLine!, startColumn: t.startColumn!, endLineNumber: t.endLine!, endColumn: t.endColumn! + 1 });

/** Every range that names the target, its declaration first. */
export function occurrences(ix: SymbolIndex, text: string, target: Target): monaco.IRange[] {
  // Names that are declarations of something else (an enum value, an indication, a rule label) are not uses.
  const others = [...ix.enums.flatMap((e) => e.values.map((v) => v.range)), ...ix.indications.map((i) => i.range), ...ix.rules.flatMap((r) => (r.labelRange ? [r.labelRange] : []))];
  const out: monaco.IRange[] = [];
  for (const t of tokens(text)) {
    if (t.image !== target.name) continue;
    if (target.kind === "section") { if (t.tokenType === SectionId) out.push(rangeOf(t)); continue; }
    if (t.tokenType !== Identifier || others.some((r) => r.start.offset === t.startOffset)) continue;
    const declaredHere = target.decl.start.offset === t.startOffset;
    const meant = declaredHere ? target : resolve(ix, t.image, t.startLine!, t.startColumn!);
    if (meant && meant.kind === target.kind && same(meant.decl, target.decl)) out.push(rangeOf(t));
  }
  const isDecl = (r: monaco.IRange): boolean => r.startLineNumber === target.decl.start.line && r.startColumn === target.decl.start.column;
  return [...out.filter(isDecl), ...out.filter((r) => !isDecl(r))];
}

const STALE = "The guideline is being checked; try again in a moment.";
const WHAT = "Only facts, definitions and sections can be renamed.";

export function registerReferences(languageId: string, state: RefState): void {
  monaco.languages.registerReferenceProvider(languageId, {
    provideReferences(model, position, context) {
      const ix = state.index();
      if (!ix || !state.fresh()) return [];
      const { target } = targetAt(ix, model, position);
      if (!target) return [];
      return occurrences(ix, model.getValue(), target)
        .filter((r) => context.includeDeclaration || !(r.startLineNumber === target.decl.start.line && r.startColumn === target.decl.start.column))
        .map((range) => ({ uri: model.uri, range }));
    },
  });

  monaco.languages.registerRenameProvider(languageId, {
    resolveRenameLocation(model, position) {
      const ix = state.index();
      const { target, token } = ix ? targetAt(ix, model, position) : {};
      const range = token ? rangeOf(token) : { startLineNumber: position.lineNumber, startColumn: position.column, endLineNumber: position.lineNumber, endColumn: position.column };
      if (!state.fresh()) return { range, text: token?.image ?? "", rejectReason: STALE };
      if (!target || !token) return { range, text: token?.image ?? "", rejectReason: WHAT };
      return { range, text: token.image };
    },
    provideRenameEdits(model, position, newName) {
      const ix = state.index();
      if (!ix || !state.fresh()) return { edits: [], rejectReason: STALE };
      const { target } = targetAt(ix, model, position);
      if (!target) return { edits: [], rejectReason: WHAT };
      if (!(target.kind === "section" ? SECTION : NAME).test(newName)) {
        return { edits: [], rejectReason: target.kind === "section" ? `'${newName}' is not a section id (like PEDSP-2.3).` : `'${newName}' is not a name: letters, digits and _, not starting with a digit.` };
      }
      const taken = target.kind === "section" ? ix.sections.some((s) => s.id === newName) : ix.facts.some((f) => f.name === newName) || ix.definitions.some((d) => d.name === newName);
      if (taken && newName !== target.name) return { edits: [], rejectReason: `'${newName}' is already declared.` };
      const versionId = model.getVersionId();
      return { edits: occurrences(ix, model.getValue(), target).map((range) => ({ resource: model.uri, versionId, textEdit: { range, text: newName } })) };
    },
  });
}
