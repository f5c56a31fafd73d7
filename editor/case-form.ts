// The "try a case" form: the plan's declarations in (studies, indications, facts with their types, and the facts
// that can matter for each indication), a form with one labelled input per fact out. Every fact can be left blank
// (not answered) or answered "not documented" (the record was read and says nothing of it). Once an indication is
// chosen, its questions come first and the rest fold under "Other questions"; a pend lists, at the top, the
// questions that would decide it. Edits produce a new Case object; issues show next to their field.
import type { Plan, PlanFact } from "../runtime/plan.ts";
import { unitDimension, unitsOf } from "../runtime/quantity.ts";
import { h, setChildren } from "./dom.ts";
import { impliedHint, inputIdFor, layoutQuestions, NOT_DOCUMENTED, notDocumentedTitle, type QuestionGroup } from "./case-questions.ts";

export type CaseJson = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = (c: CaseJson): CaseJson => JSON.parse(JSON.stringify(c)) as CaseJson;
const DURATION_UNITS = ["days", "weeks", "months", "years"];

/** Set (or, with undefined, delete) a value at a dotted path of a copy of the case. */
export function withValue(c: CaseJson, path: string[], value: unknown): CaseJson {
  const out = clone(c);
  let o: Obj = out;
  for (const k of path.slice(0, -1)) { if (!isObj(o[k])) o[k] = {}; o = o[k] as Obj; }
  const last = path[path.length - 1];
  if (value === undefined) delete o[last]; else o[last] = value;
  return out;
}
const at = (c: unknown, path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined), c);

interface Field { path: string; fill(c: CaseJson): void }
/** A `missing` entry of a pend: the fact and its question. */
export interface DecidingQuestion { fact: string; question: string }

const ND = NOT_DOCUMENTED;
const NOT_ANSWERED = "— not answered —";

export class CaseForm {
  private signature = "";
  private applicableKey = "";
  private plan: Plan | undefined;
  private applicable: ReadonlyMap<string, readonly string[]> = new Map();
  private fields: Field[] = [];
  /** After each fill: the blank choices' wording, which depends on `documentation`. */
  private refreshers: (() => void)[] = [];
  private current: CaseJson = {};
  /** Each fact's row, built once per plan and moved between the shown groups and the folded ones. */
  private rows = new Map<string, HTMLElement>();
  /** The indication the facts are laid out for ("" for none); undefined: not laid out yet. */
  private laidOutFor: string | undefined;
  private other: { details: HTMLDetailsElement; summary: HTMLElement; facts: string[] } | undefined;
  private decidingKey = "";
  private readonly deciding = h("section", { id: "case-deciding", class: "case-deciding", "aria-labelledby": "case-deciding-title", hidden: true });
  private readonly factsEl = h("div", { id: "case-facts", class: "case-facts" });

  constructor(private readonly el: HTMLElement, private readonly onChange: (c: CaseJson) => void) {}

  private emit(path: string[], value: unknown): void {
    this.current = withValue(this.current, path, value);
    this.refresh();
    this.onChange(this.current);
  }

  /**
   * Rebuild the inputs when the declarations change; keep them (and focus) otherwise. `applicable`: for each
   * indication, the facts that can matter for it (the Case schema's `allOf`; case-questions.ts applicableFacts).
   */
  setPlan(plan: Plan, applicable: ReadonlyMap<string, readonly string[]> = new Map()): void {
    const sig = JSON.stringify([plan.facts, plan.studies.map((s) => [s.cpt, s.description]), plan.indications]);
    const appKey = JSON.stringify([...applicable]);
    this.plan = plan;
    if (sig === this.signature) {
      if (appKey !== this.applicableKey) { this.applicable = applicable; this.applicableKey = appKey; this.laidOutFor = undefined; this.refresh(); }
      return;
    }
    this.signature = sig;
    this.applicable = applicable;
    this.applicableKey = appKey;
    this.fields = [];
    this.refreshers = [];
    this.rows = new Map();
    this.laidOutFor = undefined;
    const top = h("fieldset", { class: "case-top" }, h("legend", {}, "Request"),
      this.dateField("asOf", ["asOf"], "Decision date (as of)"),
      this.ageFields(),
      this.selectField("cpt", ["request", "cpt"], "Requested study", [["", "— choose a study —"], ...plan.studies.map((s): [string, string] => [s.cpt, `${s.cpt} — ${s.description}`])]),
      this.selectField("indication", ["request", "indication"], "Indication", [["", "not given"], ...plan.indications.map((i): [string, string] => [i.name, i.label ? `${i.label} (${i.name})` : i.name])]),
    );
    // The case-level answer for everything it leaves out (the schema's `documentation`), at the top of the facts.
    const documentation = h("div", { class: "case-documentation" }, this.selectField("documentation", ["documentation"], "Documentation", [
      ["", "not stated (a fact left blank is not answered)"],
      ["complete", "Complete: what the case leaves out is not documented"],
      ["partial", "Partial: what the case leaves out is unknown"],
    ], "Is this case the whole record for the request?"));
    for (const f of plan.facts) this.rows.set(f.name, this.factField(f));
    setChildren(this.el, this.deciding, top, documentation, this.factsEl);
    this.setCase(this.current);
  }

  setCase(c: CaseJson): void {
    this.current = clone(c);
    for (const f of this.fields) f.fill(this.current);
    this.refresh();
  }

  /** After the case changed: the layout for its indication, the blank choices' wording, the folded count. */
  private refresh(): void {
    this.layout();
    for (const r of this.refreshers) r();
    if (this.other) {
      const answered = this.other.facts.filter((n) => at(this.current, ["facts", n]) !== undefined).length;
      this.other.summary.textContent = `Other questions (${this.other.facts.length}${answered ? `; ${answered} answered` : ""})`;
    }
  }

  /** With an indication chosen, its questions by group, then the others folded; with none, every group as declared. */
  private layout(): void {
    if (!this.plan) return;
    const lay = layoutQuestions(this.plan, this.applicable, at(this.current, ["request", "indication"]));
    const key = lay.indication ?? "";
    if (key === this.laidOutFor) return;
    this.laidOutFor = key;
    const sets = (groups: QuestionGroup[]): HTMLElement[] => groups.map((g) =>
      h("fieldset", { "data-group": g.group }, h("legend", {}, g.group), g.facts.map((n) => this.rows.get(n))));
    this.other = undefined;
    if (lay.indication === undefined) { setChildren(this.factsEl, sets(lay.asked)); return; }
    const ind = this.plan.indications.find((i) => i.name === lay.indication);
    const name = ind?.label ?? lay.indication;
    const count = (gs: QuestionGroup[]): number => gs.reduce((n, g) => n + g.facts.length, 0);
    const asked = count(lay.asked), rest = count(lay.other);
    const note = h("p", { class: "case-facts-note", id: "case-facts-note" }, asked
      ? `The ${asked} question${asked === 1 ? "" : "s"} that can matter for ${name}${rest ? `; the other ${rest} are folded under “Other questions”` : ""}.`
      : `No question can change the decision for ${name}; the others are folded under “Other questions”.`);
    const parts: HTMLElement[] = [note, ...sets(lay.asked)];
    if (rest) {
      const summary = h("summary", {}, `Other questions (${rest})`);
      const details = h("details", { id: "case-other-questions", class: "other-questions" }, summary, sets(lay.other));
      this.other = { details, summary, facts: lay.other.flatMap((g) => g.facts) };
      parts.push(details);
    }
    setChildren(this.factsEl, parts);
  }

  /** A pend's `missing` questions at the top of the form, in order; each focuses its input. Empty: hidden. */
  showDeciding(missing: readonly DecidingQuestion[]): void {
    const key = JSON.stringify(missing);
    if (key === this.decidingKey) return;
    this.decidingKey = key;
    if (!missing.length) { setChildren(this.deciding); this.deciding.hidden = true; return; }
    setChildren(this.deciding,
      h("h4", { id: "case-deciding-title" }, "Questions that would decide this request"),
      h("ol", { id: "case-deciding-list" }, missing.map((m) => h("li", {},
        h("button", { type: "button", class: "link", "data-fact": m.fact, title: `Go to ${m.fact}`, onclick: () => this.focusFact(m.fact) }, m.question),
        " ", h("code", { class: "muted" }, m.fact)))));
    this.deciding.hidden = false;
  }

  /** Show each issue next to its field; returns the issues no field shows. */
  showIssues(issues: { field: string; message: string }[]): { field: string; message: string }[] {
    for (const e of this.el.querySelectorAll<HTMLElement>("[data-error-for]")) { e.textContent = ""; e.hidden = true; }
    const rest: typeof issues = [];
    for (const i of issues) {
      const f = [...this.fields].sort((a, b) => b.path.length - a.path.length).find((x) => i.field === x.path || i.field.startsWith(`${x.path}.`) || i.field.startsWith(`${x.path}[`));
      const slot = f && this.el.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(f.path)}"]`);
      if (!slot) { rest.push(i); continue; }
      slot.textContent = [slot.textContent, `${i.field}: ${i.message}`].filter(Boolean).join("; ");
      slot.hidden = false;
      // A problem with a folded question unfolds it: it is never hidden.
      const fold = slot.closest("details");
      if (fold && !fold.open) fold.open = true;
    }
    return rest;
  }

  /** Focus the input of a fact (a `missing` entry was clicked), unfolding it first when it is folded. */
  focusFact(name: string): void {
    const id = inputIdFor(name);
    let el = this.el.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    // A number answered "not documented" is disabled: its "not documented" box takes the focus.
    if (el && (el as HTMLInputElement).disabled) el = this.el.querySelector<HTMLElement>(`#${CSS.escape(`${id}-nd`)}`) ?? el;
    if (!el) return;
    const fold = el.closest("details");
    if (fold && !fold.open) fold.open = true;
    el.scrollIntoView({ block: "center" });
    el.focus();
  }

  private row(id: string, label: string, path: string, input: HTMLElement | HTMLElement[], hint?: string): HTMLElement {
    return h("div", { class: "field", "data-path": path },
      h("label", { for: id }, label), hint ? h("span", { class: "hint" }, hint) : null,
      h("div", { class: "inputs" }, input),
      h("div", { class: "field-error", role: "alert", "data-error-for": path, hidden: true }));
  }

  private selectField(key: string, path: string[], label: string, options: [string, string][], hint?: string): HTMLElement {
    const id = `case-${key}`;
    const sel = h("select", { id }, options.map(([v, t]) => h("option", { value: v }, t)));
    sel.addEventListener("change", () => this.emit(path, sel.value === "" ? undefined : sel.value));
    this.fields.push({ path: path.join("."), fill: (c) => { const v = at(c, path); sel.value = typeof v === "string" && options.some(([o]) => o === v) ? v : ""; } });
    return this.row(id, label, path.join("."), sel, hint);
  }

  private dateField(key: string, path: string[], label: string): HTMLElement {
    const id = `case-${key}`;
    const input = h("input", { id, type: "date" });
    input.addEventListener("change", () => this.emit(path, input.value === "" ? undefined : input.value));
    this.fields.push({ path: path.join("."), fill: (c) => { const v = at(c, path); input.value = typeof v === "string" ? v : ""; } });
    return this.row(id, label, path.join("."), input);
  }

  private ageFields(): HTMLElement {
    const birth = h("input", { id: "case-birthDate", type: "date" });
    const years = h("input", { id: "case-age-years", type: "number", min: 0, step: 1, "aria-label": "Age in years", placeholder: "years" });
    const months = h("input", { id: "case-age-months", type: "number", min: 0, step: 1, "aria-label": "and months", placeholder: "months" });
    birth.addEventListener("change", () => {
      const c = withValue(this.current, ["patient", "age"], undefined);
      this.current = c;
      this.emit(["patient", "birthDate"], birth.value === "" ? undefined : birth.value);
    });
    const setAge = (): void => {
      this.current = withValue(this.current, ["patient", "birthDate"], undefined);
      const y = years.value === "" ? undefined : Number(years.value), m = months.value === "" ? undefined : Number(months.value);
      this.emit(["patient", "age"], y === undefined && m === undefined ? undefined : { ...(y !== undefined ? { years: y } : {}), ...(m !== undefined ? { months: m } : {}) });
    };
    years.addEventListener("input", setAge);
    months.addEventListener("input", setAge);
    this.fields.push({ path: "patient", fill: (c) => {
      const b = at(c, ["patient", "birthDate"]), a = at(c, ["patient", "age"]);
      birth.value = typeof b === "string" ? b : "";
      years.value = isObj(a) && typeof a.years === "number" ? String(a.years) : "";
      months.value = isObj(a) && typeof a.months === "number" ? String(a.months) : "";
    } });
    return h("div", {},
      this.row("case-birthDate", "Birth date", "patient.birthDate", birth, "or give the age below"),
      this.row("case-age-years", "Age (years, months)", "patient", [years, months]));
  }

  /** The case says the record is complete: a fact it leaves out is "not documented", not unanswered. */
  private complete(): boolean { return at(this.current, ["documentation"]) === "complete"; }

  /** The "Not documented" tick box of a fact that is not a choice list (numbers, durations, dates, sets). */
  private notDocumentedBox(id: string, f: PlanFact): { box: HTMLInputElement; label: HTMLElement } {
    const box = h("input", { type: "checkbox", id: `${id}-nd`, value: ND, class: "nd" });
    return { box, label: h("label", { class: "check nd-check", title: "The record was read and says nothing of it" }, box, ` ${notDocumentedTitle(f)}`) };
  }

  private factField(f: PlanFact): HTMLElement {
    const id = `case-fact-${f.name}`;
    const path = ["facts", f.name];
    const key = path.join(".");
    const label = `${f.question}`;
    const implied = impliedHint(f);
    const hint = implied ? `${f.name} — ${implied}` : f.name;
    const t = f.type;
    const fill = (fn: (v: unknown) => void): void => { this.fields.push({ path: key, fill: (c) => fn(at(c, path)) }); };
    // What a blank means: not answered, or (documentation complete) not documented, read as the guideline says.
    const blankWords = (): string => (this.complete() ? `— left out: ${notDocumentedTitle(f).replace(/^Not/, "not")} —` : NOT_ANSWERED);
    switch (t.kind) {
      case "bool": case "enum": {
        const opts: [string, string][] = t.kind === "bool"
          ? [["", NOT_ANSWERED], ["yes", "Yes"], ["no", "No (documented absent)"], [ND, notDocumentedTitle(f)]]
          : [["", NOT_ANSWERED], ...t.values.map((v): [string, string] => [v, f.labels?.[v] ?? v]), [ND, notDocumentedTitle(f)]];
        const sel = h("select", { id }, opts.map(([v, l]) => h("option", { value: v }, l)));
        sel.addEventListener("change", () => this.emit(path, sel.value === "" ? undefined : sel.value === ND ? ND : t.kind === "bool" ? sel.value === "yes" : sel.value));
        fill((v) => { sel.value = v === true ? "yes" : v === false ? "no" : v === ND ? ND : typeof v === "string" && t.kind === "enum" && t.values.includes(v) ? v : ""; });
        const blank = sel.options[0];
        this.refreshers.push(() => { blank.textContent = blankWords(); });
        return this.row(id, label, key, sel, hint);
      }
      case "date": {
        const input = h("input", { id, type: "date" });
        const nd = this.notDocumentedBox(id, f);
        input.addEventListener("change", () => this.emit(path, input.value === "" ? undefined : input.value));
        nd.box.addEventListener("change", () => {
          input.disabled = nd.box.checked;
          if (nd.box.checked) input.value = "";
          this.emit(path, nd.box.checked ? ND : undefined);
        });
        fill((v) => { nd.box.checked = v === ND; input.disabled = v === ND; input.value = typeof v === "string" && v !== ND ? v : ""; });
        return this.row(id, label, key, [input, nd.label], hint);
      }
      case "number": case "duration": {
        const units = t.kind === "duration" ? DURATION_UNITS : unitsOf(unitDimension(t.unit) ?? "count").filter((u) => u !== "");
        const num = h("input", { id, type: "number", step: "any", placeholder: "not answered" });
        const unit = h("select", { "aria-label": `${f.name} unit` }, units.map((u) => h("option", { value: u }, u)));
        if (t.kind === "number" && units.includes(t.unit)) unit.value = t.unit;
        const nd = this.notDocumentedBox(id, f);
        const write = (): void => {
          if (num.value === "" || !Number.isFinite(Number(num.value))) return this.emit(path, undefined);
          const value = Number(num.value);
          this.emit(path, units.length ? { value, unit: unit.value } : value);
        };
        num.addEventListener("input", write);
        unit.addEventListener("change", write);
        nd.box.addEventListener("change", () => {
          num.disabled = unit.disabled = nd.box.checked;
          if (nd.box.checked) { num.value = ""; this.emit(path, ND); } else write();
        });
        fill((v) => {
          nd.box.checked = num.disabled = unit.disabled = v === ND;
          num.value = typeof v === "number" ? String(v) : isObj(v) && typeof v.value === "number" ? String(v.value) : "";
          if (isObj(v) && typeof v.unit === "string" && units.includes(v.unit)) unit.value = v.unit;
        });
        this.refreshers.push(() => { num.placeholder = this.complete() ? "left out: not documented" : "not answered"; });
        return this.row(id, label, key, [...(units.length ? [num, unit] : [num]), nd.label], hint);
      }
      case "set": {
        const boxes = t.values.map((v) => h("input", { type: "checkbox", id: `${id}-${v}`, value: v }));
        const nd = this.notDocumentedBox(id, f);
        const write = (): void => { const on = boxes.filter((b) => b.checked).map((b) => b.value); this.emit(path, on.length ? on : undefined); };
        boxes.forEach((b) => b.addEventListener("change", () => { nd.box.checked = false; write(); }));
        nd.box.addEventListener("change", () => {
          if (!nd.box.checked) return write();
          for (const b of boxes) b.checked = false;
          this.emit(path, ND);
        });
        fill((v) => { nd.box.checked = v === ND; for (const b of boxes) b.checked = Array.isArray(v) && v.includes(b.value); });
        const group = h("div", { id, role: "group", tabindex: -1, class: "checks", "aria-label": label },
          boxes.map((b) => h("label", { class: "check" }, b, ` ${f.labels?.[b.value] ?? b.value}`)), nd.label);
        return this.row(id, label, key, group, `${hint} — none ticked means not answered`);
      }
    }
  }
}
