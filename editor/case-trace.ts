// "Show this case in the editor": a determination's trace and the plan in, Monaco decorations out (each condition's
// value on its line, the deciding rule marked). Cleared on any edit, since lines move; drawn only from a check of the
// text now in the editor.
import type { monaco as Monaco } from "./monaco-setup.ts";
import type { Determination, TraceEntry } from "../runtime/decide.ts";
import type { Plan } from "../runtime/plan.ts";
import { byId, setChildren, h } from "./dom.ts";
import { loadSaved, save } from "./storage.ts";
import "./case-trace.css";

type M = typeof Monaco;
type Value = TraceEntry["value"];
const WORD: Record<Value, string> = { true: "true", false: "false", unknown: "unknown (not documented)" };
const RULER: Record<Value, string> = { true: "#2da44e", false: "#cf222e", unknown: "#bf8700" };

export interface CaseTraceDeps {
  monaco: M;
  editor: Monaco.editor.IStandaloneCodeEditor;
  /** Whether the last check was of the text now in the editor (its lines are the plan's lines). */
  fresh(): boolean;
}

export class CaseTrace {
  private readonly decorations: Monaco.editor.IEditorDecorationsCollection;
  private readonly toggle = byId<HTMLInputElement>("case-trace-toggle");
  private readonly status = byId("case-trace-status");
  private d: Determination | undefined;
  private plan: Plan | undefined;
  /** The first line of the deciding rule, when one is shown. */
  decidingLine = 0;

  constructor(private readonly deps: CaseTraceDeps) {
    this.decorations = deps.editor.createDecorationsCollection();
    this.toggle.checked = loadSaved("case-trace") === "on";
    this.toggle.addEventListener("change", () => {
      save("case-trace", this.toggle.checked ? "on" : "off");
      this.draw();
      if (this.toggle.checked && this.decidingLine) deps.editor.revealLineInCenter(this.decidingLine);
    });
    // An edit moves lines and may change values: the marks go until the edited text is checked and decided.
    deps.editor.getModel()!.onDidChangeContent(() => { this.d = undefined; this.clear(this.toggle.checked ? "The text changed; the case is shown again once it is checked and decided." : ""); });
  }

  /** The case was decided (or could not be): show it, or clear. */
  show(d: Determination | undefined, plan: Plan | undefined): void {
    this.d = d;
    this.plan = plan;
    this.draw();
  }

  private clear(why: string): void {
    this.decorations.clear();
    this.decidingLine = 0;
    setChildren(this.status, why);
  }

  private draw(): void {
    const d = this.d, plan = this.plan;
    if (!this.toggle.checked) return this.clear("");
    if (!d || !plan || !this.deps.fresh()) return this.clear("No determination to show: the case is shown once it is decided.");
    if (!d.trace) return this.clear("This determination has no trace.");
    const { monaco, editor } = this.deps;
    const model = editor.getModel()!;
    const lines = model.getLineCount();
    const out: Monaco.editor.IModelDeltaDecoration[] = [];
    // The widest condition starting on each line gives the line its value.
    const head = new Map<number, TraceEntry>();
    const used = new Map<number, number[]>();
    for (const t of d.trace) {
      if (t.line < 1 || t.line > lines) continue;
      const prev = head.get(t.line);
      if (!prev || t.text.length > prev.text.length) head.set(t.line, t);
      const range = this.locate(model, t, used);
      const leaf = (plan.nodes[t.node]?.kids.length ?? 0) === 0;
      out.push({ range, options: {
        inlineClassName: leaf ? `ct-cond ct-${t.value}` : undefined,
        hoverMessage: { value: `**This case: ${WORD[t.value]}** — \`${t.text.length > 200 ? `${t.text.slice(0, 200)}…` : t.text}\`` },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      } });
    }
    for (const [line, t] of head) {
      const end = model.getLineMaxColumn(line);
      out.push({ range: new monaco.Range(line, end, line, end), options: {
        showIfCollapsed: true, linesDecorationsClassName: `ct-bar ct-bar-${t.value}`,
        after: { content: `  ${t.value}`, inlineClassName: `ct-after ct-${t.value}` },
        overviewRuler: { color: RULER[t.value], position: monaco.editor.OverviewRulerLane.Left },
      } });
    }
    // The deciding rule(s): the reasons' rules, marked on their first line.
    const deciding = d.reasons.filter((r) => r.dsl.line >= 1 && r.dsl.line <= lines && r.rule !== "case-validation");
    for (const r of deciding) {
      const line = r.dsl.line, end = model.getLineMaxColumn(line);
      out.push({ range: new monaco.Range(line, 1, line, end), options: {
        isWholeLine: true, className: "ct-decider", hoverMessage: { value: `**Decides this case: ${d.outcome}**${r.section ? ` (${r.section})` : ""}` },
        after: { content: `  ◆ decides: ${d.outcome}`, inlineClassName: "ct-after ct-decider-after" },
        overviewRuler: { color: "#0969da", position: monaco.editor.OverviewRulerLane.Full },
      } });
    }
    this.decorations.set(out);
    this.decidingLine = deciding[0]?.dsl.line ?? 0;
    const n = d.trace.length, go = this.decidingLine;
    setChildren(this.status, `${n} condition${n === 1 ? "" : "s"} on ${head.size} line${head.size === 1 ? "" : "s"} marked`,
      go ? h("span", {}, "; ", h("button", { type: "button", class: "link", id: "case-trace-go", onclick: () => { editor.revealLineInCenter(go); editor.setPosition({ lineNumber: go, column: model.getLineFirstNonWhitespaceColumn(go) || 1 }); editor.focus(); } }, `the deciding rule, line ${go}`)) : null, ".");
  }

  /** The condition's place on its line: its text where it first occurs there and is not taken by another
   *  condition of the same text; a condition that goes on to later lines, from where its first words start. */
  private locate(model: Monaco.editor.ITextModel, t: TraceEntry, used: Map<number, number[]>): Monaco.IRange {
    const text = model.getLineContent(t.line), taken = used.get(t.line) ?? [];
    used.set(t.line, taken);
    const find = (needle: string): number => {
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) if (!taken.includes(at * 1e4 + needle.length)) return at;
      return -1;
    };
    let at = find(t.text), len = t.text.length;
    if (at < 0) {
      // Whitespace collapsed across lines: the part on this line is a prefix of the text.
      const words = t.text.split(" ");
      for (let k = words.length - 1; k > 0 && at < 0; k--) { const p = words.slice(0, k).join(" "); at = find(p); len = p.length; }
    }
    if (at < 0) { const c = model.getLineFirstNonWhitespaceColumn(t.line) || 1; return { startLineNumber: t.line, startColumn: c, endLineNumber: t.line, endColumn: model.getLineMaxColumn(t.line) }; }
    taken.push(at * 1e4 + len);
    return { startLineNumber: t.line, startColumn: at + 1, endLineNumber: t.line, endColumn: at + 1 + len };
  }
}
