// Everything the benchmark times that is not generated: bench/run.ts bundles it with esbuild together with
// the evaluators it generates (bench/tmp/entry.generated.ts), as an application or the bundled CLI would ship
// them, so timings do not include tsx's per-function instrumentation (esbuild's keepNames `__name` calls).
export { checkText, hasErrors } from "../compiler/compile.ts";
export { emitTypeScript, emitFormatted } from "../compiler/emit/typescript.ts";
export { interpret } from "../compiler/interpret.ts";
export { decidePedsp23 } from "./handwritten-2-3.ts";
export { determinePedsp23 } from "./handwritten-2-3-full.ts";
export { makeEngine, decideWithEngine } from "./rules-engine-2-3.ts";
export { caseStream, generateCases } from "./cases.ts";
import type { Determination, EvaluateOptions, Plan } from "../runtime/index.ts";

/** What bench/tmp/entry.generated.ts adds: the compiled whole guideline and the compiled PEDSP-2.3. */
export interface Generated {
  evaluateWhole(input: unknown, options?: EvaluateOptions): Determination;
  wholePlan: Plan;
  evaluate23(input: unknown, options?: EvaluateOptions): Determination;
  plan23: Plan;
}
