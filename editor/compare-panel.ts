// "Compare with the published version": the edited text in (to compare-worker.ts); out, its structural changes,
// then each group of regions decided differently (before → after, the rules, a sentence) with a button that loads
// its counterexample into the case form. The search covers the edit's indications unless "Compare everything".
/// <reference types="vite/client" />
import CompareWorker from "./compare-worker.ts?worker";
import type { Change, ExampleCase, Group, Region } from "../compiler/index.ts";
import type { CompareResult, CompareStructure, FromCompare, VersionLabel } from "./compare-protocol.ts";
import type { CaseJson } from "./case-form.ts";
import { h, setChildren } from "./dom.ts";
import "./compare.css";

export interface CompareActions {
  /** The editor's text now. */
  text(): string;
  /** Put a case in the case form with what the edited text should decide, decide it, and show it. */
  loadCase(c: CaseJson, expected: ExampleCase): void;
  /** Show a section of the edited text, when the editor knows it. */
  revealSection(id: string): void;
}

const labelText = (v: VersionLabel, edited: boolean): string => `${v.id}${v.version ? " " + v.version : ""}${edited ? " as edited" : " as published"}`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export class ComparePanel {
  private worker: Worker | undefined;
  private id = 0;
  private comparedText = "";
  private readonly run = h("button", { type: "button", id: "compare-run", title: "Diff the edited text against the bundled guideline, in the indications your edit touches" }, "Compare with the published version");
  private readonly full = h("button", { type: "button", id: "compare-full", title: "Search every indication and requested study (minutes for a large revision of PEDSP)" }, "Compare everything");
  private readonly cancel = h("button", { type: "button", id: "compare-cancel", hidden: true }, "Cancel");
  private readonly bar = h("progress", { id: "compare-progress", max: 1, value: 0, hidden: true, "aria-label": "Comparison progress" });
  private readonly status = h("p", { id: "compare-status", class: "compare-status", role: "status", "aria-live": "polite" });
  private readonly structure = h("div", { id: "compare-structure" });
  private readonly semantic = h("div", { id: "compare-semantic" });

  constructor(el: HTMLElement, private readonly act: CompareActions) {
    this.run.addEventListener("click", () => this.start(false));
    this.full.addEventListener("click", () => this.start(true));
    this.cancel.addEventListener("click", () => this.stop("Cancelled. The structural changes above stand; no semantic changes were searched to the end."));
    setChildren(el,
      h("div", { class: "row" }, this.run, this.full, this.cancel),
      h("p", { class: "muted compare-intro" }, "Which requests the edited text decides differently from the guideline this playground ships with, and why. Every case shown was decided by both versions."),
      this.bar, this.status, this.structure, this.semantic);
    this.status.textContent = "Not compared yet.";
  }

  private start(full: boolean): void {
    this.worker?.terminate();
    this.worker = new CompareWorker();
    const id = ++this.id;
    this.worker.onmessage = (e: MessageEvent<FromCompare>) => { if (e.data.id === id) this.receive(e.data); };
    this.worker.onerror = (e: ErrorEvent) => { e.preventDefault(); this.stop(`The comparison stopped: ${e.message || "the worker failed"}.`); };
    this.comparedText = this.act.text();
    setChildren(this.structure);
    setChildren(this.semantic);
    this.busy(true);
    this.bar.removeAttribute("value"); // indeterminate until the search reports
    this.status.textContent = "Checking the edited text…";
    this.worker.postMessage({ type: "compare", id, text: this.comparedText, full });
  }

  private busy(on: boolean): void {
    this.cancel.hidden = !on;
    this.bar.hidden = !on;
    this.run.disabled = on;
    this.full.disabled = on;
    this.semantic.setAttribute("aria-busy", String(on));
  }

  private stop(why: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.id++;
    this.busy(false);
    this.status.textContent = why;
  }

  private receive(m: FromCompare): void {
    switch (m.type) {
      case "problem": return this.stop(m.message);
      case "structure": return this.showStructure(m);
      case "progress":
        this.bar.max = m.total;
        this.bar.value = m.done;
        this.status.textContent = `Searching the case space: ${plural(m.done, "cell")} of ${m.total.toLocaleString("en-US")} (indication and requested study)…`;
        return;
      case "result":
        this.worker?.terminate();
        this.worker = undefined;
        this.busy(false);
        return this.showResult(m);
    }
  }

  private showStructure(m: CompareStructure): void {
    const changes = m.structural;
    const scope = m.searched === "all"
      ? h("p", { class: "compare-scope", id: "compare-scope" }, "Searching every indication", m.scope.why ? ` (${m.scope.why}).` : ".")
      : h("p", { class: "compare-scope", id: "compare-scope" },
        `Searching only ${m.searched.length ? `indication ${m.searched.join(", ")}` : "no indication"}: ${m.scope.sections.length === 1 ? "the section your edit touched" : "the sections your edit touched"} (${m.scope.sections.join(", ") || "none"}) ${m.scope.sections.length === 1 ? "decides" : "decide"} nothing elsewhere. `,
        h("button", { type: "button", class: "link", onclick: () => this.start(true) }, "Compare everything instead"));
    setChildren(this.structure,
      h("p", { class: "compare-versions" }, `${labelText(m.old, false)} → ${labelText(m.new, true)}`),
      h("h3", {}, `Structural changes: ${changes.length}`),
      changes.length ? h("ul", { class: "compare-changes" }, changes.map((c) => this.changeItem(c))) : h("p", { class: "muted" }, "None: the two texts declare the same things."),
      m.unmatchedReplaces.map((u) => h("p", { class: "compare-warning" }, `${u}, but the published version has no such fact; it is compared as a new fact.`)),
      scope);
    this.status.textContent = "Searching the case space…";
  }

  private changeItem(c: Change): HTMLElement {
    const section = c.what === "section" ? c.id : c.what === "rule" || c.what === "prerequisite" ? c.id.split("/")[0] : c.what === "definition" && c.id.includes("::") ? c.id.split("::")[0] : undefined;
    return h("li", { class: `compare-change ${c.kind}` },
      h("span", { class: "tag" }, c.kind), ` ${c.what} `,
      section ? h("button", { type: "button", class: "link", title: `Show ${section} in the editor`, onclick: () => this.act.revealSection(section) }, c.id) : h("code", {}, c.id),
      c.details.length ? h("ul", { class: "compare-details" }, details(c.details).map((d) => h("li", {}, d))) : null);
  }

  private showResult(m: CompareResult): void {
    const regions = m.changed.reduce((n, g) => n + g.regions.length, 0);
    this.status.textContent = `Compared in ${(m.ms / 1000).toFixed(1)} s: ${plural(m.changedCells, "cell")} of ${m.cells.toLocaleString("en-US")} searched decide differently.`;
    setChildren(this.semantic,
      h("h3", {}, `Semantic changes: ${plural(regions, "region")} of the case space decided differently, in ${plural(m.changed.length, "group")}`),
      m.changed.length === 0 ? h("p", { class: "compare-same", id: "compare-equivalent" }, m.equivalent ? "None: every documented case in the searched indications is decided the same by both versions." : "None found.") : null,
      h("ol", { class: "compare-groups" }, m.changed.map((g, i) => this.groupItem(g, i))),
      m.notCompared.length ? [h("h3", {}, `Not compared: ${plural(m.notCompared.reduce((n, g) => n + g.regions.length, 0), "region")}`),
        h("ul", { class: "compare-groups" }, m.notCompared.map((g, i) => this.groupItem(g, i)))] : null,
      m.capped.length ? h("p", { class: "compare-warning" }, `The search stopped ${plural(m.capped.length, "question")} at ${m.budget.toLocaleString("en-US")} combinations, so it may have missed regions: ${m.capped.slice(0, 3).join("; ")}${m.capped.length > 3 ? " …" : ""}`) : null);
  }

  private groupItem(g: Group, i: number): HTMLElement {
    const r = g.regions[0];
    const studies = [...new Set(g.regions.flatMap((x) => x.studies))];
    return h("li", { class: `compare-group ${g.status}`, "data-before": keyWords(r.before), "data-after": keyWords(r.after), "data-index": i },
      h("div", { class: "compare-keys" },
        h("span", { class: `key outcome-${r.before.outcome}` }, keyWords(r.before)), " → ", h("span", { class: `key outcome-${r.after.outcome}` }, keyWords(r.after)),
        h("span", { class: "muted" }, ` · ${plural(g.regions.length, "region")}`)),
      h("dl", { class: "compare-rules" },
        h("dt", {}, "Published"), h("dd", { class: "rule-before" }, ruleWords(r.before)),
        h("dt", {}, "Edited"), h("dd", { class: "rule-after" }, ruleWords(r.after)),
        h("dt", {}, "Requested"), h("dd", {}, `${studies.slice(0, 8).join(", ")}${studies.length > 8 ? ` and ${studies.length - 8} more` : ""}`)),
      g.why ? h("p", { class: "compare-why" }, `Not compared because ${g.why}.`) : null,
      h("p", { class: "compare-sentence" }, `For example ${r.sentence}`),
      h("button", { type: "button", class: "small compare-load", title: "Fill the case form with this counterexample and decide it with the edited text", onclick: () => this.load(r) }, "Load this case"));
  }

  private load(r: Region): void {
    const expected: ExampleCase = {
      title: "the edited text, from Compare", section: "", line: 0, case: r.newCase as ExampleCase["case"],
      expect: { outcome: r.after.outcome, ...(r.after.section ? { target: r.after.section } : {}) },
    };
    this.act.loadCase(r.newCase as unknown as CaseJson, expected);
    this.status.textContent = this.act.text() === this.comparedText
      ? `Loaded in “Try a case”: the edited text decides it ${keyWords(r.after)}; the published version decided ${keyWords(r.before)}.`
      : "Loaded in “Try a case”. The text has changed since this comparison, so the case form decides it by the current text; compare again to refresh.";
  }
}

/** A decision in words, as `guide diff` prints it (keyText in compiler/diff/decision.ts, which the page does not load). */
const keyWords = (k: Region["before"]): string => `${k.outcome}${k.section ? " " + k.section : ""}${k.supported.length ? ` (supports ${k.supported.join(", ")})` : ""}`;
const ruleWords = (s: Region["before"]): string =>
  s.rule ? `${s.rule}${s.what === "prerequisite" ? " (its prerequisite is not met)" : ""}${s.summary ? `: ${s.summary}` : ""}` : "no rule supports it (deny by default)";

/**
 * A change's details for reading: a long "before: … / after: …" pair (a whole definition) becomes the words that
 * differ with a little context, and the full texts fold away.
 */
function details(ds: string[]): (string | HTMLElement)[] {
  const b = ds.findIndex((d) => d.startsWith("before: ")), a = ds.findIndex((d) => d.startsWith("after: "));
  if (b < 0 || a < 0 || ds[b].length + ds[a].length < 160) return ds;
  const x = ds[b].slice(8).split(" "), y = ds[a].slice(7).split(" ");
  let p = 0, q = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  while (q < x.length - p && q < y.length - p && x[x.length - 1 - q] === y[y.length - 1 - q]) q++;
  const part = (w: string[]): string => `${p > 4 ? "… " : ""}${w.slice(Math.max(0, p - 4), w.length - Math.max(0, q - 4)).join(" ")}${q > 4 ? " …" : ""}`;
  const rest = ds.filter((_, i) => i !== a && i !== b);
  return [...rest, `before: ${part(x)}`, `after: ${part(y)}`, h("details", {}, h("summary", {}, "whole text before and after"), h("p", {}, ds[b]), h("p", {}, ds[a]))];
}
