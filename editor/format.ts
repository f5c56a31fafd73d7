// "Format document" for the guide language (Shift+Alt+F, the context menu, the toolbar's Format button):
// the editor's text in, one edit to formatGuide's canonical layout out (run in editor/format-worker.ts).
// A text with syntax errors is left untouched and the status says why; its markers already show where.
/// <reference types="vite/client" />
import { monaco } from "./monaco-setup.ts";
import { LANGUAGE_ID } from "./language.ts";
import FormatWorker from "./format-worker.ts?worker";

export interface FormatRequest { id: number; text: string }
export type FormatReply = { id: number; text: string } | { id: number; error: string; syntax: boolean; line?: number; column?: number };

const TIMEOUT_MS = 30_000;
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, (r: FormatReply) => void>();

/** Stop the worker and answer every waiting request with why; the next request starts a fresh worker. */
function fail(why: string): void {
  worker?.terminate();
  worker = undefined;
  for (const [id, answer] of pending) answer({ id, error: why, syntax: false });
  pending.clear();
}

function formatInWorker(text: string): Promise<FormatReply> {
  if (!worker) {
    worker = new FormatWorker();
    worker.onmessage = (e: MessageEvent<FormatReply>) => { pending.get(e.data.id)?.(e.data); pending.delete(e.data.id); };
    worker.onerror = (e: ErrorEvent) => { e.preventDefault(); fail(`the formatter stopped (${e.message || "unknown error"})`); };
  }
  const id = ++nextId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`formatting took longer than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    pending.set(id, (r) => { clearTimeout(timer); resolve(r); });
    worker!.postMessage({ id, text } satisfies FormatRequest);
  });
}

/** Register the formatting provider and wire the Format button; messages go to the status element. */
export function setupFormatting(editor: monaco.editor.IStandaloneCodeEditor, button: HTMLElement, status: HTMLElement): void {
  const say = (text: string, kind: "busy" | "ok" | "warn"): void => { status.textContent = text; status.dataset.state = kind; };
  let ownEdit = false; // the next content change is the formatting edit itself
  monaco.languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    displayName: "Guideline formatter",
    async provideDocumentFormattingEdits(model, _options, token) {
      const text = model.getValue(), version = model.getVersionId();
      say("Formatting…", "busy");
      const r = await formatInWorker(text);
      if (token.isCancellationRequested || model.getVersionId() !== version) { say("Not formatted: the text changed meanwhile.", "ok"); return []; }
      if ("error" in r) {
        say(r.syntax ? `Not formatted: syntax error on line ${r.line}.` : `Not formatted: ${r.error}`, "warn");
        return [];
      }
      if (r.text === text) { say("Already formatted.", "ok"); return []; }
      say("Formatted.", "ok");
      ownEdit = true;
      return [{ range: model.getFullModelRange(), text: r.text }];
    },
  });
  // Shift+Alt+F on every platform (Monaco's Linux default, Ctrl+Shift+I, keeps working too).
  monaco.editor.addKeybindingRule({ keybinding: monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF, command: "editor.action.formatDocument", when: "editorTextFocus && !editorReadonly" });
  // The message is about a text that is gone once the author edits it.
  editor.onDidChangeModelContent(() => { if (ownEdit) ownEdit = false; else if (status.dataset.state !== "busy") say("", "ok"); });
  button.addEventListener("click", () => {
    const action = editor.getAction("editor.action.formatDocument");
    if (!action) return say("Not formatted: the editor offers no formatter.", "warn");
    void action.run().then(() => editor.focus());
  });
}
