// "Did you mean" as a quick fix: a diagnostic (its range and message) and the text in, the edit that puts
// the suggested name in place of the misspelt one out; and the Monaco code-action provider that offers it
// (Ctrl+. or the light bulb). The suggestion is the one compiler/check/context.ts didYouMean writes.
import * as monaco from "monaco-editor/editor";

const SUGGESTION = /Did you mean '([^']+)'\?/;

export interface Fix { range: monaco.IRange; text: string; from: string }

/** The edit for a message with a suggestion: the whole range when it holds one word, else the quoted word in it. */
export function didYouMeanFix(model: monaco.editor.ITextModel, range: monaco.IRange, message: string): Fix | undefined {
  const s = SUGGESTION.exec(message);
  if (!s) return undefined;
  const inRange = model.getValueInRange(range);
  if (/^[A-Za-z0-9_.-]+$/.test(inRange)) return inRange === s[1] ? undefined : { range, text: s[1], from: inRange };
  // A range over more than the name (a set of values): the first whole-word occurrence of the quoted name.
  const quoted = /^'([^']+)'/.exec(message)?.[1];
  if (!quoted) return undefined;
  const at = new RegExp(`(?<![A-Za-z0-9_])${quoted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`).exec(inRange);
  if (!at) return undefined;
  const start = model.getPositionAt(model.getOffsetAt({ lineNumber: range.startLineNumber, column: range.startColumn }) + at.index);
  const end = model.getPositionAt(model.getOffsetAt(start) + quoted.length);
  return { range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column }, text: s[1], from: quoted };
}

export function quickFixProvider(): monaco.languages.CodeActionProvider {
  return {
    provideCodeActions(model, _range, context) {
      const actions: monaco.languages.CodeAction[] = [];
      for (const m of context.markers) {
        const fix = didYouMeanFix(model, m, m.message);
        if (!fix) continue;
        actions.push({
          title: `Change '${fix.from}' to '${fix.text}'`, kind: "quickfix", diagnostics: [m], isPreferred: true,
          edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: fix.range, text: fix.text } }] },
        });
      }
      return { actions, dispose() { /* nothing held */ } };
    },
  };
}
