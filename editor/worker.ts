// The checker worker: in {version, text}, out first the diagnostics (for the markers, at once: for an edit inside
// one section, from checking that section alone, then from the full check), then the symbol
// index, the model (without its AST), example results and the compiled TypeScript for that version; that
// second half is given up when a newer text arrives meanwhile. Heavy work stays off the page's thread.
import { checkText, emitTypeScript, hasErrors, parse, runExamples } from "../compiler/index.ts";
import { buildIndex } from "./symbols.ts";
import { fastDiagnostics, rememberCheck, type FullCheck } from "./incremental-check.ts";
import { sourceTexts } from "./bundled.ts";
import type { CheckRequest, CheckResponse, ExampleOutcome, FromWorker, ToWorker } from "./protocol.ts";

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);

/** The newest request not yet taken up; a check in progress gives up its slower half when one arrives. */
let pending: CheckRequest | undefined;
/** The last full check, for the fast markers of the next edit. */
let last: { file: string; check: FullCheck } | undefined;
const newerWaiting = (): boolean => pending !== undefined;
/** Let the worker's event loop run, so a newer request can arrive between the steps of the slower half. */
const yieldToMessages = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function check(req: CheckRequest): Promise<CheckResponse | undefined> {
  const t0 = performance.now();
  // The source is the one the parsed header names, looked up among the texts the playground bundles.
  const readSource = (name: string): string | { problem: string } =>
    Object.prototype.hasOwnProperty.call(sourceTexts, name) ? sourceTexts[name] : { problem: "the playground has no source text of that name" };
  // An edit inside one section: its markers first, from checking that section alone (editor/incremental-check.ts).
  const fast = last?.file === req.file ? fastDiagnostics(last.check, req.text, (t) => checkText(t, req.file, { readSource }).diagnostics) : undefined;
  if (fast) {
    post({ type: "markers", version: req.version, ms: Math.round(performance.now() - t0), diagnostics: fast.slice(0, 1000) });
    await yieldToMessages();
    if (newerWaiting()) return undefined;
  }
  const { model, diagnostics } = checkText(req.text, req.file, { readSource });
  const remembered = rememberCheck(req.text, diagnostics, model?.ast);
  last = remembered ? { file: req.file, check: remembered } : undefined;
  post({ type: "markers", version: req.version, ms: Math.round(performance.now() - t0), diagnostics: diagnostics.slice(0, 1000) });
  await yieldToMessages();
  if (newerWaiting()) return undefined;
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
    await yieldToMessages();
    if (newerWaiting()) return undefined;
    const run = runExamples(model);
    examples = run.results.map((r) => ({
      title: r.example.title, section: r.example.section, line: r.example.line, pass: r.pass, problems: r.problems,
      expected: [r.example.expect.outcome, r.example.expect.target, r.example.expect.missing ? `missing { ${r.example.expect.missing.join(", ")} }` : ""].filter(Boolean).join(" "),
      actual: [r.actual.outcome, r.actual.section, r.actual.missing.length ? `missing { ${r.actual.missing.map((m) => m.fact).join(", ")} }` : ""].filter(Boolean).join(" "),
      case: r.example.case,
    }));
    coverage = { rules: run.coverage.rules.length, rulesHit: run.coverage.rules.filter((r) => r.hit).length };
    await yieldToMessages();
    if (newerWaiting()) return undefined;
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
  pending = msg;
  if (!running) void run();
};

let running = false;
async function run(): Promise<void> {
  running = true;
  while (pending) {
    const req = pending;
    pending = undefined;
    try {
      const r = await check(req);
      if (r) post(r);
    } catch (err) {
      post({ type: "crash", version: req.version, message: err instanceof Error ? err.message : String(err) });
    }
  }
  running = false;
}
