// Example results in (from the worker's runExamples), a list out: pass or fail with the difference,
// click to jump to the example's line, or try it as a case.
import { h, setChildren } from "./dom.ts";
import type { CheckResponse, ExampleOutcome } from "./protocol.ts";

export interface ExampleActions { jump(line: number): void; tryCase(index: number): void }

export function renderExamples(el: HTMLElement, summary: HTMLElement, r: CheckResponse, act: ExampleActions): void {
  if (r.hasErrors) {
    summary.textContent = "Examples run once the guideline has no errors.";
    summary.className = "summary";
    setChildren(el);
    return;
  }
  const failed = r.examples.filter((e) => !e.pass).length;
  summary.textContent = r.examples.length === 0
    ? "The guideline has no examples yet."
    : `${r.examples.length - failed} of ${r.examples.length} examples pass${failed ? `, ${failed} fail` : ""} · rules exercised ${r.coverage.rulesHit} of ${r.coverage.rules}`;
  summary.className = `summary ${failed ? "fail" : "pass"}`;
  setChildren(el, r.examples.map((e, i) => item(e, i, act)));
}

function item(e: ExampleOutcome, i: number, act: ExampleActions): HTMLElement {
  return h("li", { class: `example ${e.pass ? "pass" : "fail"}`, "data-pass": String(e.pass) },
    h("button", { type: "button", class: "link jump", title: `Go to line ${e.line}`, onclick: () => act.jump(e.line) },
      h("span", { class: "mark", "aria-label": e.pass ? "passes" : "fails" }, e.pass ? "✓" : "✗"), ` ${e.section}: ${e.title}`, h("span", { class: "muted" }, ` (line ${e.line})`)),
    h("button", { type: "button", class: "small", onclick: () => act.tryCase(i), title: "Load this example in Try a case" }, "Try"),
    e.pass ? h("div", { class: "muted" }, `→ ${e.actual}`)
      : h("div", { class: "diff" }, h("div", {}, `expected: ${e.expected}`), h("div", {}, `actual:   ${e.actual}`), e.problems.map((p) => h("div", { class: "problem" }, p))));
}
