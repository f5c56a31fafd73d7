// The checker worker: in {version, text}, out diagnostics, the symbol index, the model (without its AST),
// example results and the compiled TypeScript for that version. Heavy work stays off the page's thread.
import { checkText, emitTypeScript, hasErrors, parse, runExamples } from "../compiler/index.ts";
import { buildIndex } from "./symbols.ts";
import { sourceTexts } from "./bundled.ts";
import type { CheckRequest, CheckResponse, ExampleOutcome, FromWorker, ToWorker } from "./protocol.ts";

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);

function check(req: CheckRequest): CheckResponse {
  const t0 = performance.now();
  // The source is the one the parsed header names, looked up among the texts the playground bundles.
  const readSource = (name: string): string | { problem: string } =>
    Object.prototype.hasOwnProperty.call(sourceTexts, name) ? sourceTexts[name] : { problem: "the playground has no source text of that name" };
  const { model, diagnostics } = checkText(req.text, req.file, { readSource });
  const errors = hasErrors(diagnostics);
  // checkText keeps the AST on the model; without a model, a parse still yields a partial tree for the index.
  const ast = model?.ast ?? parse(req.text, req.file).ast;
  const named = ast?.header?.source?.value;
  const read = model?.sourceText ?? (named !== undefined ? readSource(named) : undefined);
  const sourceText = typeof read === "string" ? read : undefined;
  const index = ast ? buildIndex(ast, req.text, sourceText) : undefined;
  let examples: ExampleOutcome[] = [];
  let coverage = { rules: 0, rulesHit: 0 };
  let compiled = "// The guideline has errors; fix them to see the compiled evaluator.\n";
  if (model && !errors) {
    const run = runExamples(model);
    examples = run.results.map((r) => ({
      title: r.example.title, section: r.example.section, line: r.example.line, pass: r.pass, problems: r.problems,
      expected: [r.example.expect.outcome, r.example.expect.target, r.example.expect.missing ? `missing { ${r.example.expect.missing.join(", ")} }` : ""].filter(Boolean).join(" "),
      actual: [r.actual.outcome, r.actual.section, r.actual.missing.length ? `missing { ${r.actual.missing.map((m) => m.fact).join(", ")} }` : ""].filter(Boolean).join(" "),
      case: r.example.case,
    }));
    coverage = { rules: run.coverage.rules.length, rulesHit: run.coverage.rules.filter((r) => r.hit).length };
    compiled = emitTypeScript(model);
  }
  const { ast: _ast, ...evalModel } = model ?? { ast: undefined };
  return {
    type: "result", version: req.version, ms: Math.round(performance.now() - t0), diagnostics: diagnostics.slice(0, 1000),
    index, model: model ? (evalModel as CheckResponse["model"]) : undefined, hasErrors: errors, examples, coverage, compiled,
  };
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === "crash") {
    setTimeout(() => { throw new Error("checker crash requested for a test"); });
    return;
  }
  try {
    post(check(msg));
  } catch (err) {
    post({ type: "crash", version: msg.version, message: err instanceof Error ? err.message : String(err) });
  }
};
