// The "try a case" form: the plan's declarations in (studies, indications, facts with their types), a form
// with one labelled input per fact out. Edits produce a new Case object; issues show next to their field.
import type { Plan, PlanFact } from "../runtime/plan.ts";
import { unitDimension, unitsOf } from "../runtime/quantity.ts";
import { h, setChildren } from "./dom.ts";

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

export class CaseForm {
  private signature = "";
  private fields: Field[] = [];
  private current: CaseJson = {};

  constructor(private readonly el: HTMLElement, private readonly onChange: (c: CaseJson) => void) {}

  private emit(path: string[], value: unknown): void {
    this.current = withValue(this.current, path, value);
    this.onChange(this.current);
  }

  /** Rebuild the inputs when the declarations change; keep them (and focus) otherwise. */
  setPlan(plan: Plan): void {
    const sig = JSON.stringify([plan.facts, plan.studies.map((s) => [s.cpt, s.description]), plan.indications]);
    if (sig === this.signature) return;
    this.signature = sig;
    this.fields = [];
    const top = h("fieldset", { class: "case-top" }, h("legend", {}, "Request"),
      this.dateField("asOf", ["asOf"], "Decision date (as of)"),
      this.ageFields(),
      this.selectField("cpt", ["request", "cpt"], "Requested study", [["", "— choose a study —"], ...plan.studies.map((s): [string, string] => [s.cpt, `${s.cpt} — ${s.description}`])]),
      this.selectField("indication", ["request", "indication"], "Indication", [["", "not given"], ...plan.indications.map((i): [string, string] => [i.name, i.label ? `${i.label} (${i.name})` : i.name])]),
    );
    const groups = new Map<string, PlanFact[]>();
    for (const f of plan.facts) { const g = f.group ?? "Other facts"; groups.set(g, [...(groups.get(g) ?? []), f]); }
    const sets = [...groups].map(([g, facts]) => h("fieldset", {}, h("legend", {}, g), facts.map((f) => this.factField(f))));
    setChildren(this.el, top, sets);
    this.setCase(this.current);
  }

  setCase(c: CaseJson): void {
    this.current = clone(c);
    for (const f of this.fields) f.fill(this.current);
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
    }
    return rest;
  }

  /** Focus the input of a fact (a `missing` entry was clicked). */
  focusFact(name: string): void {
    const el = this.el.querySelector<HTMLElement>(`#case-fact-${CSS.escape(name)}`);
    el?.scrollIntoView({ block: "center" });
    el?.focus();
  }

  private row(id: string, label: string, path: string, input: HTMLElement | HTMLElement[], hint?: string): HTMLElement {
    return h("div", { class: "field" },
      h("label", { for: id }, label), hint ? h("span", { class: "hint" }, hint) : null,
      h("div", { class: "inputs" }, input),
      h("div", { class: "field-error", role: "alert", "data-error-for": path, hidden: true }));
  }

  private selectField(key: string, path: string[], label: string, options: [string, string][]): HTMLElement {
    const id = `case-${key}`;
    const sel = h("select", { id }, options.map(([v, t]) => h("option", { value: v }, t)));
    sel.addEventListener("change", () => this.emit(path, sel.value === "" ? undefined : sel.value));
    this.fields.push({ path: path.join("."), fill: (c) => { const v = at(c, path); sel.value = typeof v === "string" && options.some(([o]) => o === v) ? v : ""; } });
    return this.row(id, label, path.join("."), sel);
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

  private factField(f: PlanFact): HTMLElement {
    const id = `case-fact-${f.name}`;
    const path = ["facts", f.name];
    const key = path.join(".");
    const label = `${f.question}`;
    const hint = f.name;
    const t = f.type;
    const fill = (fn: (v: unknown) => void): void => { this.fields.push({ path: key, fill: (c) => fn(at(c, path)) }); };
    switch (t.kind) {
      case "bool": case "enum": {
        const opts: [string, string][] = t.kind === "bool" ? [["", "unknown"], ["yes", "yes"], ["no", "no"]] : [["", "unknown"], ...t.values.map((v): [string, string] => [v, v])];
        const sel = h("select", { id }, opts.map(([v, l]) => h("option", { value: v }, l)));
        sel.addEventListener("change", () => this.emit(path, sel.value === "" ? undefined : t.kind === "bool" ? sel.value === "yes" : sel.value));
        fill((v) => { sel.value = v === true ? "yes" : v === false ? "no" : typeof v === "string" && t.kind === "enum" && t.values.includes(v) ? v : ""; });
        return this.row(id, label, key, sel, hint);
      }
      case "date": {
        const input = h("input", { id, type: "date" });
        input.addEventListener("change", () => this.emit(path, input.value === "" ? undefined : input.value));
        fill((v) => { input.value = typeof v === "string" ? v : ""; });
        return this.row(id, label, key, input, hint);
      }
      case "number": case "duration": {
        const units = t.kind === "duration" ? DURATION_UNITS : unitsOf(unitDimension(t.unit) ?? "count").filter((u) => u !== "");
        const num = h("input", { id, type: "number", step: "any", placeholder: "unknown" });
        const unit = h("select", { "aria-label": `${f.name} unit` }, units.map((u) => h("option", { value: u }, u)));
        if (t.kind === "number" && units.includes(t.unit)) unit.value = t.unit;
        const write = (): void => {
          if (num.value === "" || !Number.isFinite(Number(num.value))) return this.emit(path, undefined);
          const value = Number(num.value);
          this.emit(path, units.length ? { value, unit: unit.value } : value);
        };
        num.addEventListener("input", write);
        unit.addEventListener("change", write);
        fill((v) => {
          num.value = typeof v === "number" ? String(v) : isObj(v) && typeof v.value === "number" ? String(v.value) : "";
          if (isObj(v) && typeof v.unit === "string" && units.includes(v.unit)) unit.value = v.unit;
        });
        return this.row(id, label, key, units.length ? [num, unit] : num, hint);
      }
      case "set": {
        const boxes = t.values.map((v) => h("input", { type: "checkbox", id: `${id}-${v}`, value: v }));
        const write = (): void => { const on = boxes.filter((b) => b.checked).map((b) => b.value); this.emit(path, on.length ? on : undefined); };
        boxes.forEach((b) => b.addEventListener("change", write));
        fill((v) => { for (const b of boxes) b.checked = Array.isArray(v) && v.includes(b.value); });
        const group = h("div", { id, role: "group", tabindex: -1, class: "checks", "aria-label": label }, boxes.map((b) => h("label", { class: "check" }, b, ` ${b.value}`)));
        return this.row(id, label, key, group, `${hint} — none ticked means unknown`);
      }
    }
  }
}
