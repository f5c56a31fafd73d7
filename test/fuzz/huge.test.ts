// Deep and huge input: 10,000 nested brackets and `not`s, an `any of` with 100,000 items, 10 MB files and
// megabyte lines give a clear diagnostic or success, within generous time bounds; never a stack overflow or hang.
import { describe, expect, it } from "vitest";
import { checkText, hasErrors } from "../../compiler/compile.ts";
import { interpret } from "../../compiler/interpret.ts";
import { rangeProblems } from "./support.ts";
import { NO_LIMITS } from "../../grammar/limits.ts";

const HEAD = 'guideline X "t"\nstudies { 72148 "MRI Lumbar" = MRI lumbar without contrast }\nfacts { b: yes/no "q" }\n';

/**
 * Check within a time bound; the diagnostics' ranges must still be inside the text. Without the size limits
 * (which refuse all of these at once with input-too-large: test/reliability/text-input.test.ts), so what is
 * tested is that the checker itself copes with them, for callers that lift the limits.
 */
function timedCheck(text: string, seconds: number) {
  const start = performance.now();
  const r = checkText(text, "huge.guide", { limits: NO_LIMITS });
  const ms = performance.now() - start;
  expect(ms, `took ${ms.toFixed(0)} ms`).toBeLessThan(seconds * 1000);
  expect(rangeProblems(text, r.diagnostics)).toEqual([]);
  return r;
}
const codes = (r: { diagnostics: { code: string }[] }) => [...new Set(r.diagnostics.map((d) => d.code))];

describe("deep and huge input", () => {
  it("10,000 nested parentheses, braces and `not`s: nesting-too-deep", () => {
    for (const body of [
      `${"(".repeat(10_000)}b${")".repeat(10_000)}`,
      `${"any of { ".repeat(10_000)}b${" }".repeat(10_000)}`,
      `${"not ".repeat(10_000)}b`,
      `${"not (".repeat(5_000)}b${")".repeat(5_000)}`,
      `${"(".repeat(10_000)}`, // never closed
    ]) expect(codes(timedCheck(`${HEAD}define a = ${body}\n`, 10))).toEqual(["nesting-too-deep"]);
  });

  it("an `any of` with 100,000 items on one line checks clean and evaluates", () => {
    const text = `${HEAD}define many = any of { ${Array.from({ length: 100_000 }, (_, i) => (i % 2 ? "b" : "not b")).join(", ")} }\nsection X-1 "s" { approve 72148 when many cite "c" }\n`;
    const r = timedCheck(text, 60);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const d = interpret(r.model!, { asOf: "2026-01-01", request: { cpt: "72148" }, facts: { b: true } });
    expect(d.outcome).toBe("approve");
  });

  it("a 10 MB file of comments, of whitespace, and of one quoted text", () => {
    expect(hasErrors(timedCheck(HEAD + ("// " + "x".repeat(97) + "\n").repeat(100_000), 20).diagnostics)).toBe(false);
    expect(hasErrors(timedCheck(HEAD + " \n\t\r".repeat(2_500_000), 20).diagnostics)).toBe(false);
    const r = timedCheck(`${HEAD}section X-1 "${"y".repeat(10_000_000)}" { }\n`, 20);
    expect(hasErrors(r.diagnostics)).toBe(false);
    expect(r.model!.plan.sections[0].title.length).toBe(10_000_000);
  });

  it("a 10 MB quoted text made of escapes, and one never closed: a diagnostic, not a crash", () => {
    const escapes = timedCheck(`${HEAD}section X-1 "${'\\"'.repeat(5_000_000)}" { }\n`, 30);
    expect(codes(escapes).length).toBeGreaterThan(0);
    expect(escapes.diagnostics.every((d) => ["input-too-large"].includes(d.code)) || !hasErrors(escapes.diagnostics)).toBe(true);
    const open = timedCheck(`${HEAD}section X-1 "${"y".repeat(10_000_000)}\n`, 30);
    expect(hasErrors(open.diagnostics)).toBe(true);
  });

  it("1 MB lines: a comment, a note, and a run of unknown characters", () => {
    expect(hasErrors(timedCheck(`${HEAD}// ${"z".repeat(1_000_000)}\n`, 10).diagnostics)).toBe(false);
    const note = timedCheck(`${HEAD}section X-1 "s" { note "${"n ".repeat(500_000)}" approve 72148 when b cite "c" }\n`, 10);
    expect(hasErrors(note.diagnostics)).toBe(false);
    const junk = timedCheck(`${HEAD}${"#@$%^&*".repeat(30_000)}\n`, 20);
    expect(codes(junk)).toContain("unknown-character");
    expect(junk.diagnostics.length).toBeLessThanOrEqual(201);
  });
});
