// Leaving the editor by keyboard: the editor and its toolbar button in, two ways out wired. Monaco's
// tab-focus mode (the tabFocusMode option; Ctrl+M and the button toggle it) makes Tab move focus;
// Escape then Tab leaves once.
import * as monaco from "monaco-editor/editor";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
export const TAB_FOCUS_KEYS = isMac ? "Ctrl+Shift+M" : "Ctrl+M";

/** The focusable elements of the page in tab order (positive tabindex is not used on this page). */
function focusables(): HTMLElement[] {
  const sel = "a[href], button, input, select, textarea, [tabindex]";
  return [...document.querySelectorAll<HTMLElement>(sel)].filter((el) =>
    el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && !el.closest("[hidden], .monaco-editor"));
}

/** Move focus to the first focusable element after (or before) the editor's own node. */
function leave(editorNode: HTMLElement, back: boolean): void {
  const all = focusables();
  const after = all.filter((el) => editorNode.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((el) => editorNode.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  const next = back ? before[before.length - 1] : after[0];
  next?.focus();
}

export function setupKeyboardExit(editor: monaco.editor.IStandaloneCodeEditor, button: HTMLButtonElement): void {
  const show = (): void => {
    const on = editor.getOption(monaco.editor.EditorOption.tabFocusMode);
    button.setAttribute("aria-pressed", String(on));
    button.textContent = `Tab moves focus: ${on ? "on" : "off"} (${TAB_FOCUS_KEYS})`;
  };
  // The editor's own tabFocusMode option is the one state; Monaco's global toggle (its toggleTabFocusMode
  // contribution) is not bundled, because the page could not read it back to show it on the button.
  const toggle = (): void => editor.updateOptions({ tabFocusMode: !editor.getOption(monaco.editor.EditorOption.tabFocusMode) });
  button.addEventListener("click", toggle);
  editor.addAction({
    id: "guide.toggleTabFocusMode", label: "Toggle Tab Key Moves Focus", run: toggle,
    keybindings: [isMac ? monaco.KeyMod.WinCtrl | monaco.KeyMod.Shift | monaco.KeyCode.KeyM : monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM],
  });
  editor.onDidChangeConfiguration((e) => { if (e.hasChanged(monaco.editor.EditorOption.tabFocusMode)) show(); });
  show();

  // Escape arms a one-time exit: the next key, if it is Tab (or Shift+Tab), leaves instead of indenting.
  // Stopping the event before it bubbles to Monaco's keybinding listener keeps the text unchanged.
  let armed = false;
  editor.onKeyDown((e) => {
    if (e.keyCode === monaco.KeyCode.Escape) { armed = true; return; }
    const K = monaco.KeyCode;
    if (e.keyCode === K.Shift || e.keyCode === K.Ctrl || e.keyCode === K.Alt || e.keyCode === K.Meta) return; // Shift+Tab starts with Shift
    const wasArmed = armed;
    armed = false;
    if (wasArmed && e.keyCode === monaco.KeyCode.Tab && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      e.stopPropagation();
      leave(editor.getContainerDomNode(), e.shiftKey);
    }
  });
  editor.onDidBlurEditorText(() => { armed = false; });
}
