// The bundled PEDSP guideline: it checks clean, every example passes through both the interpreter and the
// compiled module, every gallery case gets its expected determination, and coverage is complete.
import { describe, it, expect, beforeAll } from "vitest";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadGuide } from "../../compiler/cli/io.ts";
import { emitTypeScript } from "../../compiler/emit/typescript.ts";
import { interpret } from "../../compiler/interpret.ts";
import { runExamples } from "../../compiler/run-examples.ts";
import { traceability } from "../../compiler/traceability.ts";
import { auditCoverage } from "../../compiler/audit.ts";
import type { Model } from "../../compiler/model.ts";

const file = "guidelines/pedsp/pedsp.guide";
let model: Model;
let evaluate: (c: unknown, o?: object) => ReturnType<typeof interpret>;

beforeAll(async () => {
  const g = loadGuide(file);
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
  mkdirSync("test/out/pedsp", { recursive: true });
  writeFileSync("test/out/pedsp/pedsp.ts", emitTypeScript(model, { sourceName: "pedsp.guide" }));
  ({ evaluate } = await import(/* @vite-ignore */ pathToFileURL(resolve("test/out/pedsp/pedsp.ts")).href));
});

describe("PEDSP guideline", () => {
  it("has every section the guideline text defines", () => {
    const ids = model.plan.sections.map((s) => s.id);
    for (const id of ["PEDSP-1.1", "PEDSP-1.2", "PEDSP-1.3", "PEDSP-2.2", "PEDSP-2.3", "PEDSP-2.4", "PEDSP-2.5", "PEDSP-2.6", "PEDSP-3.1", "PEDSP-3.2",
      "PEDSP-4.1", "PEDSP-4.2", "PEDSP-4.3", "PEDSP-4.4", "PEDSP-5", "PEDSP-6", "PEDSP-7.1", "PEDSP-7.2", "PEDSP-7.3", "PEDSP-7.4", "PEDSP-7.5",
      "PEDSP-7.6", "PEDSP-7.7", "PEDSP-7.8", "PEDSP-7.9"]) expect(ids).toContain(id);
  });

  it("passes every example through the interpreter", () => {
    const { results } = runExamples(model);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.pass).map((r) => `${r.example.section} "${r.example.title}": ${r.problems.join("; ")}`)).toEqual([]);
  });

  it("passes every example through the compiled module", () => {
    const { results } = runExamples(model, (c, o) => evaluate(c, o));
    expect(results.filter((r) => !r.pass).map((r) => `${r.example.section} "${r.example.title}": ${r.problems.join("; ")}`)).toEqual([]);
  });

  it("gives every gallery case its expected determination", () => {
    const files = readdirSync("examples/cases").filter((f) => f.endsWith(".json")).sort();
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const g = JSON.parse(readFileSync(`examples/cases/${f}`, "utf8"));
      const d = interpret(model, g.case);
      expect({ file: f, outcome: d.outcome }).toEqual({ file: f, outcome: g.expect.outcome });
      if (g.expect.section) expect([d.section, ...d.references.map((r) => r.id)], f).toContain(g.expect.section);
    }
  });

  it("every rule decides some example, and every any-of item is true in one", () => {
    const { coverage } = runExamples(model);
    expect(coverage.rules.filter((r) => !r.hit).map((r) => r.id)).toEqual([]);
    expect(coverage.anyItems.filter((r) => !r.hit).map((r) => `${r.rule}: ${r.text}`)).toEqual([]);
  });

  it("has an independent audit row for every rule and prerequisite, and none for a rule that is gone", () => {
    const a = auditCoverage(file, runExamples(model).coverage.rules.map((r) => r.id));
    expect(a).toBeDefined();
    expect(a!.missing).toEqual([]);
    expect(a!.stale).toEqual([]);
    expect(a!.covered.length).toBeGreaterThanOrEqual(100); // 120 in 1.2 (16 restated prerequisites became one guideline-wide one)
  });

  it("leaves no actionable sentence of the source uncited or unexplained", () => {
    const t = traceability(model, model.sourceText!);
    expect(t.actionable).toBeGreaterThan(100);
    expect(t.uncited.map((u) => `line ${u.line} ${u.section}: ${u.text}`)).toEqual([]);
  });
});
