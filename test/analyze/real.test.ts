// The analyses on the real guidelines: every counterexample they give is decided by the reference
// interpreter the way the finding says; and `guide check --strict` reports them and exits 1.
import { describe, it, expect } from "vitest";
import { existsSync } from "node:fs";
import { hasErrors } from "../../compiler/compile.ts";
import { loadGuide } from "../../compiler/cli/io.ts";
import { analyze } from "../../compiler/analyze/index.ts";
import { OUTCOME_OF } from "../../runtime/decide.ts";
import { interpret } from "../../compiler/interpret.ts";
import { main } from "../../compiler/cli/main.ts";
import type { PlanRule } from "../../runtime/plan.ts";

const files = ["test/fixtures/sample.guide", "guidelines/pedsp/pedsp.guide"].filter((f) => existsSync(f));
const ANALYSIS_CODES = ["dead-rule", "conflict", "gap", "unused", "unscoped-list", "absence-approves"];

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: () => {} });
  return { code, out };
}

describe("analyses on the real guidelines", () => {
  for (const f of files) {
    it(`${f}: every counterexample is confirmed by the interpreter`, () => {
      const g = loadGuide(f);
      if (hasErrors(g.diagnostics) || !g.model) {
        // Still being written: nothing to analyse, and --strict must not pretend otherwise.
        expect(g.diagnostics.some((d) => d.severity === "error")).toBe(true);
        return;
      }
      const model = g.model;
      const ds = analyze(model);
      const outcomeOf = new Map(model.plan.sections.flatMap((s) => s.rules).map((r) => [r.id, r.outcome] as [string, PlanRule["outcome"]]));
      for (const d of ds) {
        expect(ANALYSIS_CODES).toContain(d.code);
        if (d.code === "conflict") {
          const [, winner] = d.rules!;
          const det = interpret(model, d.case);
          expect(det.outcome).toBe(OUTCOME_OF[outcomeOf.get(winner)!]);
          expect(det.reasons.map((r) => r.rule)).toContain(winner);
        }
        if (d.code === "gap") expect(interpret(model, d.case).section).toBeUndefined();
      }
      if (f.endsWith("sample.guide")) expect(ds.map((d) => d.code).sort()).toEqual(["gap", "unused"]);
      // The shipped guideline: every finding is fixed or explained by an interpretation note.
      if (f.endsWith("pedsp.guide")) expect(ds.filter((d) => d.severity !== "info").map((d) => d.message)).toEqual([]);
    });
  }
});

describe("guide check --strict", () => {
  it("adds the analyses and exits 1 on findings; without --strict the same file is clean", async () => {
    const strict = await run("check", "--strict", "--json", "test/fixtures/sample.guide");
    expect(strict.code).toBe(1);
    const ds = JSON.parse(strict.out) as { code: string; case?: { request: { indication: string } } }[];
    const gap = ds.find((d) => d.code === "gap")!;
    expect(gap.case?.request.indication).toBe("back_pain");
    expect(ds.some((d) => d.code === "unused")).toBe(true);
    const plain = await run("check", "test/fixtures/sample.guide");
    expect(plain.code).toBe(0);
    expect(plain.out).not.toMatch(/\b(gap|unused)\b/);
  });
});
