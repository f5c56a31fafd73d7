// The playground page: wires the Monaco editor, the checker worker, the source pane and the tool panels.
// In: the bundled guideline (or the author's saved work); out: a live page. No guideline text as HTML.
import { monaco } from "./monaco-setup.ts";
import { LANGUAGE_ID, registerGuideLanguage, toMonaco } from "./language.ts";
import { bundledGuide, galleryCases, sourceNameOf, sourceTexts } from "./bundled.ts";
import { CheckerClient } from "./checker-client.ts";
import { SourcePane } from "./source-pane.ts";
import { CasePanel } from "./case-panel.ts";
import type { CaseJson } from "./case-form.ts";
import { renderExamples } from "./examples-panel.ts";
import { download, forget, loadSaved, save } from "./storage.ts";
import { byId, h, setChildren } from "./dom.ts";
import { setupTabs } from "./tabs.ts";
import { setupFormatting } from "./format.ts";
import { setupKeyboardExit } from "./keyboard.ts";
import { setupPanes } from "./panes.ts";
import { didYouMeanFix, type Fix } from "./quick-fix.ts";
import { decodeShare, encodeShare, SHARE_PREFIX } from "./share.ts";
import { ComparePanel } from "./compare-panel.ts";
import { CaseTrace } from "./case-trace.ts";
import type { CheckResponse, MarkersResponse, SymbolIndex } from "./protocol.ts";
import type { Diagnostic } from "../grammar/diagnostics.ts";
import { questionnaireOf } from "../compiler/interop/questionnaire.ts";
import type { Model } from "../compiler/model.ts";

const saved = loadSaved("text");
let index: SymbolIndex | undefined;
let lastResult: CheckResponse | undefined;
const timing = { lastKeyAt: 0, markersAt: 0, markersVersion: 0, checks: 0, checkMs: 0 };

const sourceName = (): string | undefined => index?.sourceName ?? sourceNameOf(model.getValue());
const sourceText = (): string | undefined => { const n = sourceName(); return n !== undefined && Object.prototype.hasOwnProperty.call(sourceTexts, n) ? sourceTexts[n] : undefined; };

registerGuideLanguage({ index: () => index, sourceText, fresh: () => lastResult?.index !== undefined && lastResult.version === model.getVersionId() });
const model = monaco.editor.createModel(saved ?? bundledGuide.text, LANGUAGE_ID, monaco.Uri.parse(`file:///${bundledGuide.file}`));
const editor = monaco.editor.create(byId("editor"), {
  model, theme: "guide-light", automaticLayout: true, minimap: { enabled: false }, wordWrap: "on", fontSize: 13,
  scrollBeyondLastLine: false, fixedOverflowWidgets: true, ariaLabel: "Guideline text", tabCompletion: "on",
  quickSuggestions: { other: true, strings: false, comments: false },
});
const compiled = monaco.editor.create(byId("compiled"), {
  value: "", language: "typescript", theme: "guide-light", readOnly: true, automaticLayout: true, minimap: { enabled: false },
  fontSize: 12, scrollBeyondLastLine: false, ariaLabel: "Compiled TypeScript (read only)",
});

const status = byId("status");
const banner = byId("banner");
function showBanner(text: string): void {
  setChildren(banner, h("span", {}, text), " ", h("button", { type: "button", onclick: () => { banner.hidden = true; } }, "Dismiss"));
  banner.hidden = false;
}
if (saved !== undefined && saved !== bundledGuide.text) status.textContent = "Restored your saved work from this browser.";

/** Below 480 px one pane shows at a time; following a link to another pane shows that pane. */
const showPane = setupPanes(byId("grid"), byId("pane-tabs"));

function revealLine(line: number, focus = false): void {
  if (line < 1) return;
  if (focus) showPane("editor");
  editor.revealLineInCenter(line);
  editor.setPosition({ lineNumber: line, column: model.getLineFirstNonWhitespaceColumn(line) || 1 });
  if (focus) editor.focus();
}

const sourcePane = new SourcePane(byId("source-pane"), byId("source-title"), (cite) => {
  showPane("editor");
  editor.revealRangeInCenter(toMonaco(cite.range));
  editor.setSelection(toMonaco(cite.range));
});

const storedCase = loadSaved("case");
let initialCase: CaseJson = {};
try { const c: unknown = storedCase ? JSON.parse(storedCase) : undefined; if (c && typeof c === "object" && !Array.isArray(c)) initialCase = c as CaseJson; } catch { /* a broken saved case is dropped */ }
let currentCase: CaseJson = initialCase;
const casePanel = new CasePanel(initialCase, galleryCases, {
  revealLine: (line) => revealLine(line),
  revealReason: (r) => { revealLine(r.dsl.line, false); if (r.cite) { showPane("source"); sourcePane.reveal(r.cite); } },
  focusFact: (name) => casePanel.focusFact(name),
}, (c) => { currentCase = c; save("case", JSON.stringify(c)); });
// "Show this case in the editor": the trace of the case form's determination as decorations on the text.
const caseTrace = new CaseTrace({ monaco, editor, fresh: () => lastResult?.version === model.getVersionId() });
casePanel.onDecided = (d, m) => caseTrace.show(d, m?.plan);
let firstModel = storedCase === null || storedCase === undefined;

function markerOf(d: Diagnostic): monaco.editor.IMarkerData {
  const r = d.range;
  const empty = r.start.offset === r.end.offset;
  return {
    severity: d.severity === "error" ? monaco.MarkerSeverity.Error : d.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
    message: d.hint ? `${d.message}\n${d.hint}` : d.message, code: d.code, source: "guide",
    startLineNumber: r.start.line, startColumn: r.start.column, endLineNumber: r.end.line, endColumn: empty ? r.end.column + 1 : r.end.column,
  };
}

function showProblems(r: CheckResponse): void {
  // The list grows under the editor and the editor shrinks: keep the line being typed in view.
  const pos = editor.getPosition();
  const keep = pos && editor.getVisibleRanges().some((v) => v.startLineNumber <= pos.lineNumber && pos.lineNumber <= v.endLineNumber) ? pos : undefined;
  listProblems(r);
  if (keep) {
    editor.layout();
    editor.revealLine(keep.lineNumber, monaco.editor.ScrollType.Immediate);
  }
}

function listProblems(r: CheckResponse): void {
  const list = byId("problems");
  const fails = r.examples.filter((e) => !e.pass);
  const items = [
    ...r.diagnostics.slice(0, 200).map((d) => ({ line: d.range.start.line, column: d.range.start.column, sev: d.severity, text: `${d.message}${d.hint ? ` ${d.hint}` : ""}`, code: d.code, fix: didYouMeanFix(model, toMonaco(d.range), d.message) })),
    ...fails.map((e) => ({ line: e.line, column: 1, sev: "warning" as const, text: `Example “${e.title}”: ${e.problems.join("; ")}`, code: "example-failed", fix: undefined })),
  ];
  if (items.length === 0) { setChildren(list, h("li", { class: "muted" }, "No problems.")); return; }
  setChildren(list, items.map((p) => h("li", { class: `problem ${p.sev}`, "data-line": p.line },
    h("button", { type: "button", class: "link", onclick: () => { editor.setPosition({ lineNumber: p.line, column: p.column }); editor.revealLineInCenter(p.line); editor.focus(); } },
      h("span", { class: "where" }, `${p.sev} line ${p.line}:${p.column}`), " ", p.text, h("span", { class: "muted" }, ` (${p.code})`)),
    // The quick fix of a "did you mean", also here for whoever reads the list rather than the squiggle.
    p.fix && h("button", { type: "button", class: "small fix", onclick: () => applyFix(p.fix!) }, `Change to ‘${p.fix.text}’`))));
}

/** Apply a quick fix from the problems list, if the text it fixes is still there. */
function applyFix(fix: Fix): void {
  if (model.getValueInRange(fix.range) !== fix.from) return;
  editor.executeEdits("quick-fix", [{ range: fix.range, text: fix.text }]);
  editor.setPosition({ lineNumber: fix.range.startLineNumber, column: fix.range.startColumn + fix.text.length });
  editor.focus();
}

/** The diagnostics of the newest text, ahead of its examples, index and compiled code. */
function onMarkers(m: MarkersResponse): void {
  if (m.version !== model.getVersionId()) return;
  monaco.editor.setModelMarkers(model, "guide", m.diagnostics.map(markerOf));
  // The first markers of a version are the ones timed (the fast ones of an edit inside a section).
  if (timing.markersVersion === m.version) return;
  timing.markersAt = performance.now();
  timing.markersVersion = m.version;
  timing.checkMs = m.ms;
}

function onResult(r: CheckResponse): void {
  lastResult = r;
  const markers = r.diagnostics.map(markerOf);
  for (const e of r.examples) if (!e.pass) markers.push({ severity: monaco.MarkerSeverity.Warning, code: "example-failed", source: "examples", message: `This example fails: ${e.problems.join("; ")}`, startLineNumber: e.line, startColumn: 1, endLineNumber: e.line, endColumn: model.getLineMaxColumn(e.line) });
  monaco.editor.setModelMarkers(model, "guide", markers);
  if (timing.markersVersion !== r.version) { timing.markersAt = performance.now(); timing.markersVersion = r.version; }
  timing.checks++;
  showProblems(r);
  const errors = r.diagnostics.filter((d) => d.severity === "error").length, warnings = r.diagnostics.length - errors;
  status.textContent = `Checked in ${r.ms} ms · ${errors ? `${errors} error${errors > 1 ? "s" : ""}` : "no errors"}${warnings ? ` · ${warnings} warning${warnings > 1 ? "s" : ""}` : ""}`;
  status.dataset.state = errors ? "errors" : "ok";
  if (r.index) index = r.index;
  byId("guide-title").textContent = index?.guideline ? `${index.guideline.id} — ${index.guideline.title}` : "";
  sourcePane.render(sourceName(), sourceText(), index?.cites ?? []);
  casePanel.setModel(r.model, r.hasErrors);
  if (firstModel && r.model && !r.hasErrors && r.model.examples.length) { firstModel = false; casePanel.pick("ex:0"); }
  renderExamples(byId("examples-list"), byId("examples-summary"), r, {
    jump: (line) => revealLine(line, true),
    tryCase: (i) => { casePanel.pick(`ex:${i}`); selectTab("tab-case"); },
  });
  if (compiled.getValue() !== r.compiled) compiled.setValue(r.compiled);
}

const checker = new CheckerClient(bundledGuide.file, {
  onResult,
  onMarkers,
  onStatus: (text, kind) => {
    if (kind === "warn") showBanner(text);
    else if (kind === "busy") status.dataset.state = "busy";
  },
});

let saveTimer: ReturnType<typeof setTimeout> | undefined;
model.onDidChangeContent(() => {
  checker.update(model.getVersionId(), model.getValue());
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { if (!save("text", model.getValue())) showBanner("Your work could not be saved in this browser (storage is full or disabled); download it to keep it."); }, 500);
});
editor.onKeyDown(() => { timing.lastKeyAt = performance.now(); });
editor.onDidChangeCursorPosition((e) => {
  const cite = index?.cites.find((c) => {
    const r = toMonaco(c.range), p = e.position;
    return (p.lineNumber > r.startLineNumber || (p.lineNumber === r.startLineNumber && p.column > r.startColumn)) &&
      (p.lineNumber < r.endLineNumber || (p.lineNumber === r.endLineNumber && p.column < r.endColumn));
  });
  if (cite && index) sourcePane.revealCite(cite, index.cites);
});
checker.update(model.getVersionId(), model.getValue(), true);

setupFormatting(editor, byId("format"), byId("format-status"));
setupKeyboardExit(editor, byId<HTMLButtonElement>("tab-focus"));
byId("download").addEventListener("click", () => download(`${(index?.guideline?.id ?? "guideline").toLowerCase()}.guide`, model.getValue()));
// The FHIR Questionnaire of the text as last checked (what `guide questionnaire` prints, without the CodeSystem).
const questionnaireJson = (): string | { problem: string } => {
  const r = lastResult;
  if (!r || r.version !== model.getVersionId()) return { problem: "The guideline is still being checked; try again in a moment." };
  if (r.hasErrors || !r.model) return { problem: "The questionnaire is made from a guideline without errors; correct the errors first." };
  // questionnaireOf reads the plan and the condition ops, which the page's model (no AST) has.
  return JSON.stringify(questionnaireOf(r.model as Model).questionnaire, null, 2) + "\n";
};
byId("download-questionnaire").addEventListener("click", () => {
  const json = questionnaireJson();
  if (typeof json !== "string") { showBanner(json.problem); return; }
  download(`${(index?.guideline?.id ?? "guideline").toLowerCase()}.questionnaire.json`, json, "application/fhir+json");
  status.textContent = "Questionnaire downloaded.";
});
byId("reset").addEventListener("click", () => {
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text: bundledGuide.text }], () => null);
  forget("text");
  status.textContent = "Reset to the bundled guideline (Ctrl+Z in the editor undoes it).";
});
byId("run-examples").addEventListener("click", () => checker.update(model.getVersionId(), model.getValue(), true));
byId("case-form").addEventListener("submit", (e) => e.preventDefault());
const selectTab = setupTabs(byId("tab-case").parentElement!);

// Compare with the published version: a counterexample goes to the case form, decided by the edited text.
new ComparePanel(byId("panel-compare"), {
  text: () => model.getValue(),
  loadCase: (c, expected) => { casePanel.loadExpecting(c, expected); selectTab("tab-case"); showPane("tools"); },
  revealSection: (id) => { const s = index?.sections.find((x) => x.id === id); if (s) revealLine(s.idRange.start.line, true); },
});

/** Replace the whole text, undoably (Ctrl+Z brings the previous text back). */
function replaceText(text: string): void {
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
}

// Open a .guide file from this computer.
const openFile = byId<HTMLInputElement>("open-file");
byId("open").addEventListener("click", () => openFile.click());
openFile.addEventListener("change", () => {
  const file = openFile.files?.[0];
  openFile.value = "";
  if (!file) return;
  if (file.size > 1_000_000) { showBanner(`${file.name} is larger than a guideline may be (1,000,000 bytes).`); return; }
  void file.text().then((text) => { replaceText(text); status.textContent = `Opened ${file.name} (Ctrl+Z in the editor undoes).`; });
});

// Share: the text and the case in a link. Opening one loads them, then drops the fragment from the
// address, so a reload afterwards shows the author's own (saved) work rather than the link again.
const shareBox = byId("share-box"), shareLink = byId<HTMLInputElement>("share-link"), shareStatus = byId("share-status");
byId("share").addEventListener("click", () => void (async () => {
  const url = `${location.href.split("#")[0]}${await encodeShare({ text: model.getValue(), case: currentCase })}`;
  shareLink.value = url;
  shareBox.hidden = false;
  shareLink.focus();
  shareLink.select();
  const size = `${Math.ceil(url.length / 1024)} KB`;
  try { await navigator.clipboard.writeText(url); shareStatus.textContent = `Copied (${size}).`; } catch { shareStatus.textContent = `${size}: copy it from the field.`; }
})());
byId("share-close").addEventListener("click", () => { shareBox.hidden = true; });
async function openShared(): Promise<void> {
  if (!location.hash.startsWith(SHARE_PREFIX)) return;
  const shared = await decodeShare(location.hash);
  history.replaceState(null, "", location.href.split("#")[0]);
  if ("problem" in shared) { showBanner(`This share link could not be opened: ${shared.problem}.`); return; }
  firstModel = false;
  replaceText(shared.text);
  casePanel.setCase(shared.case);
  status.textContent = "Opened the guideline and the case from the link.";
}
window.addEventListener("hashchange", () => void openShared());
void openShared();

/** Hooks for the browser tests (and for curious authors in the console). */
Object.assign(window, {
  __playground: {
    editor, monaco, timing, checker,
    markers: () => monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => ({ line: m.startLineNumber, code: m.code, message: m.message, severity: m.severity })),
    lastResult: () => lastResult,
    lastDetermination: () => casePanel.last,
    questionnaireJson,
    caseTrace,
  },
});
