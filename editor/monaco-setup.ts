// Monaco, bare, plus only the editor features the playground uses; in: nothing, out: the monaco API.
// (Recipe from shared/TOOLCHAIN.md: features register by import; completion needs suggestController too.)
/// <reference types="vite/client" />
import * as monaco from "monaco-editor/editor";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/suggest/register";
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/gotoSymbol/register";
import "monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands";
import "monaco-editor/features/documentSymbols/register";
import "monaco-editor/features/quickOutline/register";
import "monaco-editor/features/quickCommand/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/rename/register";
import "monaco-editor/features/referenceSearch/register";
import "monaco-editor/languages/definitions/typescript/register";

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.editor.defineTheme("guide-light", {
  base: "vs", inherit: true, colors: {},
  rules: [
    { token: "keyword.outcome", foreground: "9b1c82", fontStyle: "bold" },
    { token: "keyword", foreground: "1d4fa3" },
    { token: "unit", foreground: "0b7a5e" },
    { token: "type.section", foreground: "8a4b00", fontStyle: "bold" },
    { token: "type.modality", foreground: "6b3fa0" },
    { token: "string", foreground: "2f6b1f" },
    { token: "comment", foreground: "6a737d", fontStyle: "italic" },
  ],
});

export { monaco };
