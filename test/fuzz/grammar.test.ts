// Grammar-aware fuzzing of the checker: generated programs and mutations of the real guideline never make
// checkText throw, and every diagnostic's range lies inside the file with line/column matching its offset.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkText, hasErrors } from "../../compiler/compile.ts";
import { parse } from "../../grammar/parse.ts";
import { NO_LIMITS } from "../../grammar/limits.ts";
import { mutate, mutations, program, windows } from "./gen-guide.ts";
import { checkGuideText, guideline, rangeProblems, SOURCE_TEXT } from "./support.ts";

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * scale));
/** Runs for inputs of about `chars` characters: at most `n`, and about 6 MB checked in all (PEDSP is large). */
const runsFor = (n: number, chars: number): number => runs(Math.max(5, Math.min(n, Math.round(6_000_000 / Math.max(1, chars)))));

/** The property every input must have; returns the result for further checks. */
function checkSafely(text: string) {
  const r = checkText(text, "fuzz.guide", { sourceText: SOURCE_TEXT });
  const problems = rangeProblems(text, r.diagnostics);
  if (problems.length) throw new Error(`bad ranges:\n${problems.slice(0, 5).join("\n")}`);
  return r;
}

describe("checkText on generated programs", () => {
  it("never throws, ranges inside the file; error-free programs compile to modules that agree with the interpreter", () => {
    let clean = 0;
    fc.assert(fc.property(program, fc.nat(), (text, seed) => { if (checkGuideText(text, seed).clean) clean++; }), { numRuns: runs(800) });
    // The generator must reach the checker's later passes and the emitter, not only the parser's error paths.
    expect(clean).toBeGreaterThan(runs(800) / 50);
  });
});

describe(`checkText on mutations of the real guideline (${guideline().name})`, () => {
  const g = guideline();
  const parts = windows(g.text);

  it("the unmutated guideline has no errors and sane ranges", () => {
    const r = checkSafely(g.text);
    expect(hasErrors(r.diagnostics)).toBe(false);
  });

  it("tokens deleted, duplicated, swapped, bytes inserted, truncated (header + one section)", () => {
    fc.assert(fc.property(fc.nat({ max: parts.length - 1 }), mutations, (w, ms) => { checkSafely(mutate(parts[w], ms)); }), { numRuns: runsFor(500, parts.reduce((a, p) => a + p.length, 0) / parts.length) });
  });

  it("the same on the whole file", () => {
    fc.assert(fc.property(mutations, (ms) => { checkSafely(mutate(g.text, ms)); }), { numRuns: runsFor(40, g.text.length * 3) });
  });

  it("truncated at many positions", () => {
    const n = runsFor(60, g.text.length);
    for (let k = 0; k <= n; k++) {
      const at = Math.round((k / n) * g.text.length);
      checkSafely(g.text.slice(0, at));
    }
    for (const w of parts.slice(0, 4)) for (let at = 0; at < w.length; at += Math.max(1, Math.floor(w.length / runs(40)))) checkSafely(w.slice(0, at));
  });

  it("line breaks written as CR, CRLF and U+2028 keep line/column consistent", () => {
    for (const eol of ["\r\n", "\r", "\u2028"]) {
      const text = parts[0].replace(/\n/g, eol) + '\nsection X-1 "t" { oops }';
      checkSafely(text);
    }
  });
});

describe("check time grows linearly", () => {
  it("16× the guideline takes less than 40× the time of 1×", () => {
    const g = guideline();
    const firstSection = g.text.search(/^section /m);
    const head = g.text.slice(0, firstSection), body = g.text.slice(firstSection);
    // Repeating sections gives duplicate-section errors but exercises every pass on every copy.
    const texts = [1, 4, 16].map((k) => head + Array.from({ length: k }, () => body).join("\n"));
    const time = (t: string, reps: number): number => {
      let best = Infinity;
      // 16× PEDSP is beyond the size limits (grammar/limits.ts): lift them to time the checker itself.
      for (let i = 0; i < reps; i++) { const s = performance.now(); checkText(t, "x.guide", { sourceText: SOURCE_TEXT, limits: NO_LIMITS }); best = Math.min(best, performance.now() - s); }
      return best;
    };
    time(texts[0], 1); // warm up
    const [t1, t4, t16] = [time(texts[0], 5), time(texts[1], 2), time(texts[2], 2)];
    expect(t4 / t1, `1×: ${t1.toFixed(1)} ms, 4×: ${t4.toFixed(1)} ms`).toBeLessThan(10);
    expect(t16 / t1, `1×: ${t1.toFixed(1)} ms, 16×: ${t16.toFixed(1)} ms`).toBeLessThan(40);
  });

  it("parse time of a long flat condition grows linearly", () => {
    // 8× the length: linear growth is about 8× the time, quadratic 64×. The small size is timed at its best
    // of five, so that one slow run on a loaded machine does not pass for a change in growth.
    const make = (n: number) => `guideline X "t"\nfacts { b: yes/no "q" }\ndefine a = ${Array.from({ length: n }, () => "b").join(" or ")}\n`;
    const time = (t: string, reps: number): number => { let best = Infinity; for (let i = 0; i < reps; i++) { const s = performance.now(); parse(t, "x"); best = Math.min(best, performance.now() - s); } return best; };
    time(make(500), 2);
    const t1 = time(make(2000), 5), t8 = time(make(16000), 3);
    expect(t8 / t1, `1×: ${t1.toFixed(1)} ms, 8×: ${t8.toFixed(1)} ms`).toBeLessThan(30);
  });
});
