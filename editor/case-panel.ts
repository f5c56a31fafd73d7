// "Try a case": the current model and a Case in, a live determination out. Owns the case (form, JSON view,
// load menu of examples and gallery cases, copy). No model, a guideline with errors, or an invalid case
// shows why there is no decision; it never shows an approve it did not compute from a valid case.
// The page's own thread: the interpreter and the example comparison only, not the front door (compiler/index.ts),
// whose parser and checker belong in the checker worker.
import { interpret } from "../compiler/interpret.ts";
import { compareToExpectation } from "../compiler/run-examples.ts";
import type { Determination, ExampleCase, Model } from "../compiler/index.ts";
import { CaseForm, type CaseJson } from "./case-form.ts";
import { applicableFacts } from "./case-questions.ts";
import { renderDetermination, renderNoDecision, type ResultActions } from "./case-result.ts";
import { byId, h, setChildren } from "./dom.ts";
import { showNotice } from "./notice-panel.ts";
import type { GalleryCase } from "./bundled.ts";
import type { EvalModel } from "./protocol.ts";

const isObj = (v: unknown): v is CaseJson => typeof v === "object" && v !== null && !Array.isArray(v);

export class CasePanel {
  private model: EvalModel | undefined;
  private hasErrors = true;
  private examples: ExampleCase[] = [];
  private caseJson: CaseJson;
  private jsonOk = true;
  private expected: ExampleCase | undefined;
  private form: CaseForm;
  private readonly json = byId<HTMLTextAreaElement>("case-json");
  private readonly jsonError = byId("case-json-error");
  private readonly load = byId<HTMLSelectElement>("case-load");
  private readonly result = byId("case-result");
  private readonly expectEl = byId("case-expected");
  last: Determination | undefined;
  /** Called with each determination (undefined when there is none), e.g. to show it in the editor. */
  onDecided: ((d: Determination | undefined, model: EvalModel | undefined) => void) | undefined;

  constructor(initial: CaseJson, private readonly gallery: GalleryCase[], private readonly actions: ResultActions, private readonly onCase: (c: CaseJson) => void) {
    this.caseJson = initial;
    this.form = new CaseForm(byId("case-form"), (c) => { this.caseJson = c; this.jsonOk = true; this.showJson(); this.evaluate(); });
    this.json.addEventListener("input", () => this.readJson());
    this.load.addEventListener("change", () => { this.pick(this.load.value); this.load.value = ""; });
    byId("case-copy").addEventListener("click", () => void this.copy());
    this.showJson();
  }

  /** A new check result: rebuild the form and the load menu, and decide the case again. */
  setModel(model: EvalModel | undefined, hasErrors: boolean): void {
    this.model = model;
    this.hasErrors = hasErrors;
    if (model) {
      this.examples = model.examples;
      // An expectation from an example follows that example through edits, and goes when it does.
      const ex = this.expected;
      if (ex && ex.line > 0) this.expected = model.examples.find((e) => e.title === ex.title && e.section === ex.section);
      // The facts that can matter for each indication (the schema's allOf): the form asks those first.
      this.form.setPlan(model.plan, applicableFacts(model));
      this.fillLoadMenu();
    }
    this.evaluate();
  }

  private fillLoadMenu(): void {
    const opts = [h("option", { value: "" }, "— load a case —")];
    if (this.examples.length) opts.push(h("optgroup", { label: "Examples in the guideline" }, this.examples.map((e, i) => h("option", { value: `ex:${i}` }, `${e.section}: ${e.title}`))) as unknown as HTMLOptionElement);
    if (this.gallery.length) opts.push(h("optgroup", { label: "Gallery cases" }, this.gallery.map((g, i) => h("option", { value: `gal:${i}` }, g.description))) as unknown as HTMLOptionElement);
    setChildren(this.load, opts);
  }

  /** Load an example (by index) or a gallery case. */
  pick(value: string): void {
    const [kind, n] = value.split(":");
    if (kind === "ex" && this.examples[Number(n)]) {
      const ex = this.examples[Number(n)];
      this.expected = ex;
      this.setCase(ex.case as unknown as CaseJson);
      this.actions.revealLine(ex.line);
    } else if (kind === "gal" && this.gallery[Number(n)]) {
      const g = this.gallery[Number(n)];
      this.expected = expectationOf(g);
      this.setCase(isObj(g.case) ? g.case : {});
    }
  }

  focusFact(name: string): void { this.form.focusFact(name); }

  /** Load a case with what it should decide (a counterexample from Compare), in place of an example's expectation. */
  loadExpecting(c: CaseJson, expected: ExampleCase | undefined): void {
    this.expected = expected;
    this.setCase(c);
  }

  setCase(c: CaseJson): void {
    this.caseJson = c;
    this.jsonOk = true;
    this.form.setCase(c);
    this.showJson();
    this.evaluate();
  }

  private showJson(): void {
    if (document.activeElement !== this.json) this.json.value = JSON.stringify(this.caseJson, null, 2);
    this.jsonError.textContent = "";
    this.json.removeAttribute("aria-invalid");
  }

  private readJson(): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.json.value);
    } catch (e) {
      this.jsonOk = false;
      this.jsonError.textContent = `This is not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      this.json.setAttribute("aria-invalid", "true");
      this.form.showDeciding([]);
      renderNoDecision(this.result, "The case is not valid JSON; fix it (the message is under the JSON field).");
      return;
    }
    if (!isObj(parsed)) {
      this.jsonOk = false;
      this.jsonError.textContent = "A case is a JSON object: { \"asOf\": …, \"patient\": …, \"request\": …, \"facts\": … }.";
      this.json.setAttribute("aria-invalid", "true");
      this.form.showDeciding([]);
      renderNoDecision(this.result, "The case is not a JSON object.");
      return;
    }
    this.jsonOk = true;
    this.jsonError.textContent = "";
    this.json.removeAttribute("aria-invalid");
    this.caseJson = parsed;
    this.form.setCase(parsed);
    this.evaluate();
  }

  evaluate(): void {
    this.onCase(this.caseJson);
    this.last = undefined;
    this.onDecided?.(undefined, undefined);
    this.showExpected(undefined);
    showNotice(undefined, undefined, "No determination: see the “Try a case” tab.");
    if (!this.jsonOk) return this.form.showDeciding([]);
    if (!this.model || this.hasErrors) this.form.showDeciding([]);
    if (!this.model) return renderNoDecision(this.result, "The guideline could not be read; fix the errors shown in the editor.");
    if (this.hasErrors) return renderNoDecision(this.result, "The guideline has errors; cases are decided once they are fixed.");
    let d: Determination;
    try {
      d = interpret(this.model as Model, this.caseJson, { trace: true, whyNot: true });
    } catch (e) {
      this.form.showIssues([]);
      this.form.showDeciding([]);
      return renderNoDecision(this.result, `The case could not be evaluated: ${e instanceof Error ? e.message : String(e)}`);
    }
    showNotice(d, this.model.plan);
    this.last = d;
    const rest = this.form.showIssues(d.errors ?? []);
    // A pend (of a valid case): the questions that would decide it, in the order given, at the top of the form.
    this.form.showDeciding(d.outcome === "pend" && !d.errors?.length ? d.missing : []);
    this.jsonError.textContent = rest.map((i) => `${i.field}: ${i.message}`).join("; ");
    renderDetermination(this.result, d, this.actions);
    this.showExpected(d);
    this.onDecided?.(d, this.model);
  }

  private showExpected(d: Determination | undefined): void {
    const ex = this.expected;
    if (!ex) { setChildren(this.expectEl); return; }
    const want = [ex.expect.outcome, ex.expect.target, ex.expect.missing ? `missing { ${ex.expect.missing.join(", ")} }` : ""].filter(Boolean).join(" ");
    const problems = d ? compareToExpectation(ex, d) : [];
    setChildren(this.expectEl,
      h("span", { class: "label" }, `Expected (${ex.title}): `), h("strong", { id: "case-expected-outcome" }, want),
      d ? h("span", { class: problems.length ? "fail" : "pass" }, problems.length ? ` — differs: ${problems.join("; ")}` : " — matches") : null);
  }

  private async copy(): Promise<void> {
    const text = JSON.stringify(this.caseJson, null, 2);
    const status = byId("case-copy-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied.";
    } catch {
      this.json.focus();
      this.json.select();
      status.textContent = document.execCommand("copy") ? "Copied." : "Select the JSON and copy it (Ctrl+C).";
    }
    setTimeout(() => { status.textContent = ""; }, 2500);
  }
}

/** A gallery case's `expect` as an ExampleCase-shaped expectation, when it has a usable outcome. */
function expectationOf(g: GalleryCase): ExampleCase | undefined {
  const e = (typeof g.expect === "string" ? { outcome: g.expect.split(/\s+/)[0], target: g.expect.split(/\s+/)[1] } : g.expect) as
    { outcome?: unknown; section?: unknown; target?: unknown; missing?: unknown } | undefined;
  if (!e || typeof e.outcome !== "string") return undefined;
  const target = typeof e.target === "string" ? e.target : typeof e.section === "string" ? e.section : undefined;
  const missing = Array.isArray(e.missing) ? e.missing.filter((m): m is string => typeof m === "string") : undefined;
  return { title: g.description, section: "", line: 0, case: g.case as ExampleCase["case"],
    expect: { outcome: e.outcome as ExampleCase["expect"]["outcome"], ...(target ? { target } : {}), ...(missing ? { missing } : {}) } };
}
