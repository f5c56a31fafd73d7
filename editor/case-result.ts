// A Determination in, its display out: outcome, reasons with their citations, what to ask for, the
// trace. Clicks call back to reveal rules in the editor and quotes in the source pane. textContent only.
import type { Determination, Reason } from "../runtime/decide.ts";
import { h, setChildren } from "./dom.ts";

export interface ResultActions {
  revealLine(line: number): void;
  revealReason(r: Reason): void;
  focusFact(name: string): void;
}

const OUTCOME_WORDS: Record<string, string> = {
  approve: "Approve", deny: "Deny — not supported as requested", pend: "Pend — more information needed",
  review: "Review — forward for Medical Director review", "not-applicable": "Not applicable — another guideline governs",
};

export function renderNoDecision(el: HTMLElement, why: string): void {
  setChildren(el, h("div", { class: "outcome outcome-none", id: "case-outcome", role: "status" }, "No determination"), h("p", { class: "why" }, why));
}

function reasonItem(r: Reason, act: ResultActions): HTMLElement {
  return h("li", { class: "reason" },
    // The reason in the guideline's words (criteria met / not met / not documented); the section, not the rule's outcome.
    h("div", {}, r.section ? h("span", { class: "tag" }, r.section) : null, " ", h("span", { class: "reason-text" }, r.text)),
    r.cite ? h("button", { type: "button", class: "cite-link", title: "Show the rule and the cited sentence", onclick: () => act.revealReason(r) },
      `“${r.cite}”`, h("span", { class: "muted" }, r.source.line ? ` — source line ${r.source.line}` : ""), h("span", { class: "muted" }, r.dsl.line ? `, guideline line ${r.dsl.line}` : "")) : null,
    r.notes.map((n) => h("p", { class: "note" }, `Note: ${n}`)));
}

export function renderDetermination(el: HTMLElement, d: Determination, act: ResultActions): void {
  const invalid = (d.errors?.length ?? 0) > 0;
  const head = h("div", { class: `outcome outcome-${invalid ? "invalid" : d.outcome}`, id: "case-outcome", role: "status", "data-outcome": invalid ? "invalid" : d.outcome },
    invalid ? "Pend — the case is not valid" : OUTCOME_WORDS[d.outcome] ?? d.outcome,
    d.section ? h("span", { class: "section" }, ` · ${d.section}`) : null,
    d.study ? h("span", { class: "study" }, ` · ${d.cpt} ${d.study}`) : null);
  const parts: HTMLElement[] = [head];
  if (invalid) {
    parts.push(h("ul", { class: "errors" }, d.errors!.map((e) => h("li", {}, h("code", {}, e.field), `: ${e.message}`))));
  } else {
    if (d.reasons.length) parts.push(h("h3", {}, "Reasons"), h("ul", { class: "reasons", id: "case-reasons" }, d.reasons.map((r) => reasonItem(r, act))));
    if (d.missing.length) parts.push(h("h3", {}, "Ask for"), h("ul", { class: "missing", id: "case-missing" }, d.missing.map((m) =>
      h("li", {}, h("button", { type: "button", class: "link", onclick: () => act.focusFact(m.fact) }, h("code", {}, m.fact)), ` — ${m.question}`))));
    if (d.needed.length) parts.push(h("h3", {}, "Prerequisites not yet met"), h("ul", { class: "reasons" }, d.needed.map((r) => reasonItem(r, act))));
    if (d.supported.length) parts.push(h("h3", {}, "Supported instead"), h("ul", {}, d.supported.map((s) => h("li", {}, `${s.cpt} — ${s.description}`))));
    if (d.references.length) parts.push(h("h3", {}, "Refer to"), h("ul", {}, d.references.map((r) => h("li", {}, `${r.id} — ${r.title}${r.in ? ` (in ${r.in})` : ""}`))));
    if (d.whyNot?.length) parts.push(h("details", { class: "why-not", id: "case-why-not" }, h("summary", {}, "Why not approved?"),
      h("ul", {}, d.whyNot.map((w) => h("li", {}, h("span", { class: "tag" }, w.section), " ", w.text)))));
  }
  if (d.trace?.length) {
    const rows = d.trace.map((t) => h("tr", {},
      h("td", { class: `v v-${t.value}` }, t.value),
      h("td", {}, h("button", { type: "button", class: "link", title: `Show line ${t.line}`, onclick: () => act.revealLine(t.line) }, t.text)),
      h("td", { class: "muted" }, String(t.line))));
    parts.push(h("details", { class: "trace" }, h("summary", {}, `Trace (${d.trace.length} conditions evaluated)`),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "value"), h("th", {}, "condition"), h("th", {}, "line"))), h("tbody", {}, rows))));
  }
  setChildren(el, parts);
}
