// Issue 12, items 2, 3 and 5: no guideline text hangs or crashes the tools. Example values are validated as a
// case's would be; exactAge and calendar walks are bounded; the lexer and definition lookup are linear; input
// beyond the size limits is refused with input-too-large; numbers of any length are numbers; `refer` names only
// external guidelines. What hung before runs in a child process with a timeout, so a regression fails, not hangs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkText } from "../../compiler/compile.ts";
import { main } from "../../compiler/cli/main.ts";
import { formatGuide } from "../../compiler/format/format.ts";
import { parse } from "../../grammar/parse.ts";
import { GuideLexer } from "../../grammar/tokens.ts";
import { LIMITS, NO_LIMITS } from "../../grammar/limits.ts";
import { exactAge, MAX_AGE_YEARS } from "../../runtime/age.ts";
import { dayNumber, fromDayNumber, monthsDayNumber, type Ymd } from "../../runtime/dates.ts";

const CHILD = "test/reliability/fixtures/text-input-child.ts";
const PEDSP = readFileSync("guidelines/pedsp/pedsp.guide", "utf8");
const HEAD = `guideline X "t"
external SP-7 "Myelopathy" in "Spine Imaging Guidelines"
external SP-8 "Other" in "Spine Imaging Guidelines"
indications { back_pain "Back pain" }
studies { 72148 "MRI Lumbar" = MRI lumbar without contrast }
facts {
  b: yes/no "q"
  temperature: number °F "t"
  face_to_face_evaluation: date "d"
  trial: duration "t"
}
`;
/** A guideline whose one example gives `given`; the example's line is 15. */
const withExample = (given: string): string =>
  `${HEAD}section X-1 "s" {\n  approve 72148 when b cite "c"\n  example "e" {\n    given ${given}, b\n    request 72148\n    expect approve\n  }\n}\n`;
const EXAMPLE_LINE = 15;

interface ChildDiagnostic { code: string; severity: string; line: number; column: number; message: string }
/** checkText on each text in a child process that is killed after `seconds`: a hang fails here instead of hanging. */
function checkInChild(texts: string[], seconds = 60): ({ diagnostics: ChildDiagnostic[] } | { threw: string })[] {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, "check"], { input: JSON.stringify(texts), timeout: seconds * 1000, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error || r.signal) throw new Error(`checkText did not return within ${seconds} s (${r.signal ?? r.error?.message}): a loop that does not end`);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe("example values are validated as a case's values, and checking them is bounded", () => {
  it("an age of 10^17 years, 10^6 years or 200 years is an error at the age, in bounded time", () => {
    const ages = ["100000000000000000", "1000000", "200", String(MAX_AGE_YEARS + 1)];
    const results = checkInChild(ages.map((a) => withExample(`age ${a} years`)), 60);
    results.forEach((r, i) => {
      expect(r, ages[i]).not.toHaveProperty("threw");
      const errors = "diagnostics" in r ? r.diagnostics.filter((d) => d.severity === "error") : [];
      expect(errors.map((d) => [d.code, d.line, d.column]), ages[i]).toEqual([["invalid-number", EXAMPLE_LINE, 15]]);
    });
    // The bound is the runtime's: the oldest age a case may give still checks clean.
    expect(checkText(withExample(`age ${MAX_AGE_YEARS} years`), "t.guide").diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("a 400-digit count of days ago, a 400-digit temperature or duration: an error, never a throw", () => {
    const big = "9".repeat(400);
    const givens = [`face_to_face_evaluation ${big} days ago`, `face_to_face_evaluation ${big} years ago`, `temperature ${big} °F`, `trial ${big} days`, "trial 2000 years", "face_to_face_evaluation 300 years ago"];
    const results = checkInChild(givens.map(withExample), 60);
    results.forEach((r, i) => {
      expect(r, givens[i]).not.toHaveProperty("threw");
      const errors = "diagnostics" in r ? r.diagnostics.filter((d) => d.severity === "error") : [];
      expect(errors.length, givens[i]).toBe(1);
      expect(["invalid-number", "invalid-date"], givens[i]).toContain(errors[0].code);
      expect([errors[0].line, errors[0].column], givens[i]).toEqual([EXAMPLE_LINE, givens[i].indexOf(" ") + 12]);
    });
  });

  it("a documented date after the example's 'as of' date is refused, as it is in a case", () => {
    const r = checkText(withExample("face_to_face_evaluation 2026-02-01"), "t.guide");
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.range.start.line])).toEqual([["invalid-date", EXAMPLE_LINE]]);
  });

  it("exactAge is O(1): the same answer as a day-by-day walk, and immediate on dates far apart", () => {
    const walk = (birth: Ymd, asOf: Ymd) => {
      const target = dayNumber(asOf);
      let months = 0;
      while (monthsDayNumber(birth, months + 1) <= target) months++;
      return { months, days: target - monthsDayNumber(birth, months) };
    };
    const day = fc.integer({ min: dayNumber({ y: 1990, m: 1, d: 1 }), max: dayNumber({ y: 2030, m: 12, d: 31 }) });
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 800 }), (b, age) => {
      const birth = fromDayNumber(b), asOf = fromDayNumber(b + age);
      expect(exactAge(birth, asOf)).toEqual(walk(birth, asOf));
    }), { numRuns: 2000 });
    // Far-apart dates in a child process: the old walk never returned on them.
    const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, "exactAge"], { input: JSON.stringify([-1e17, -1e300, 1e17, -3e15]), timeout: 60_000, encoding: "utf8" });
    if (r.error || r.signal) throw new Error(`exactAge did not return within 60 s (${r.signal ?? r.error?.message})`);
    expect(r.status, r.stderr).toBe(0);
    for (const months of JSON.parse(r.stdout) as unknown[]) expect(typeof months).toBe("number");
  });
});

describe("no guideline text makes the public API throw", () => {
  it("parse, check, the analyses of --strict, emit, examples and format on generated, hostile and mutated text (fixed seed)", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, "api", "80"], { timeout: 240_000, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.error || r.signal) throw new Error(`the property did not finish within 240 s (${r.signal ?? r.error?.message}): some text hangs the tools`);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; failure?: string };
    expect(out.failure ?? "").toBe("");
    expect(out.ok).toBe(true);
  }, 300_000);
});

/** Best time of `reps` runs of f, in ms. */
function best(f: () => void, reps: number): number {
  let b = Infinity;
  for (let i = 0; i < reps; i++) { const s = performance.now(); f(); b = Math.min(b, performance.now() - s); }
  return b;
}
/**
 * 8× the input: linear growth is about 8× the time, quadratic 64×. The small size is timed at its best of five,
 * and counted as at least 10 ms, so that a run of a millisecond or two on a loaded machine is not read as growth.
 */
function expectLinear(make: (n: number) => string, n: number, run: (t: string) => void, label: string): void {
  const small = make(n), large = make(8 * n);
  best(() => run(small), 2);
  const t1 = Math.max(10, best(() => run(small), 5)), t8 = best(() => run(large), 3);
  expect(t8 / t1, `${label} — 1×: ${t1.toFixed(1)} ms, 8×: ${t8.toFixed(1)} ms`).toBeLessThan(30);
}

describe("the lexer is linear on every pattern", () => {
  const lex = (t: string) => { GuideLexer.tokenize(t); };
  // Sizes: the quadratic pattern of old (an unclosed quote of escapes: 80 KB took 5 s) stays small enough that a
  // regression fails in seconds; the others are large enough to time.
  const cases: [string, number, (n: number) => string][] = [
    ['an unclosed quote of \\" escapes', 8_000, (n) => `${HEAD}section X-1 "${'\\"'.repeat(n)}`],
    ["quotes with an unknown escape", 20_000, (n) => `${HEAD}${'"a\\q" '.repeat(n)}`],
    ["unclosed quotes on many lines", 20_000, (n) => `${HEAD}${'x "\\\n'.repeat(n)}`],
    ["backslashes outside quotes", 20_000, (n) => `${HEAD}${"\\".repeat(n)}`],
    ["comments", 40_000, (n) => `${HEAD}${"// note \\\" \"\n".repeat(n)}`],
    ["section-id-like words: long, without a dash, ending in a dash", 400, (n) => `${HEAD}${`${"A".repeat(100)} ${"A-".repeat(100)} A-1.${"1.".repeat(50)} `.repeat(n)}`],
  ];
  // The lexer alone (what was quadratic), timed against plain words of the same length, so that what memory and garbage collection add to a large text
  // is not read as growth: linear keeps the ratio about constant from 1× to 8× (allowed: 4×), quadratic multiplies it by 8.
  const words = (len: number) => `${HEAD}${"ab ".repeat(Math.ceil(len / 3))}`;
  for (const [label, n, make] of cases) it(label, () => {
    const relative = (k: number) => {
      const t = make(k * n), w = words(t.length - HEAD.length);
      best(() => lex(t), 1);
      return Math.max(1, best(() => lex(t), 3)) / Math.max(1, best(() => lex(w), 3));
    };
    const r1 = relative(1), r8 = relative(8);
    expect(r8 / r1, `${label}: ${r1.toFixed(2)}× plain words at 1×, ${r8.toFixed(2)}× at 8×`).toBeLessThan(4);
  });

  it("an unclosed quote and a bad escape are one syntax error each, at the quote", () => {
    const text = `${HEAD}section X-1 "${'\\"'.repeat(10)}\n`;
    const first = parse(text, "x").diagnostics[0];
    expect([first.code, first.range.start.line, first.range.start.column]).toEqual(["syntax-error", 12, 13]);
    expect(first.range.end.offset).toBe(text.length); // to the end of the file, where the quote would have closed
    const bad = parse(`${HEAD}section X-1 "a\\qb" { }\n`, "x").diagnostics[0];
    expect([bad.code, bad.range.start.column, bad.range.end.column]).toEqual(["syntax-error", 13, 19]);
    expect(bad.message).toContain("\\q");
  });
});

describe("check time is linear in section-local definitions", () => {
  it("definitions looked up by map, and did-you-mean searched a bounded number of times", () => {
    const make = (n: number) => `${HEAD}section X-1 "s" {\n${Array.from({ length: n }, (_, i) => `  define d${i} = b`).join("\n")}\n  approve 72148 when any of { ${Array.from({ length: n }, (_, i) => `d${n - 1}, e${i}`).join(", ")} } cite "c"\n}\n`;
    expectLinear((n) => make(n / 8), 4_000, (t) => { checkText(t, "x", { limits: NO_LIMITS }); }, "local definitions");
  });
});

describe("size limits: input-too-large before any work", () => {
  const codes = (t: string) => checkText(t, "t.guide").diagnostics.map((d) => d.code);
  it("PEDSP is well within every limit", () => {
    expect(codes(PEDSP)).not.toContain("input-too-large");
    // PEDSP 1.2 is about 257 KB: room for three more guidelines of its size in one file.
    expect(PEDSP.length * 3).toBeLessThan(LIMITS.bytes);
  });
  it("bytes, sections and condition nodes beyond the limits are refused, each with one diagnostic", () => {
    const big = `${HEAD}${"// x\n".repeat(LIMITS.bytes / 5)}`;
    const r = checkText(big, "t.guide");
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([["input-too-large", 1, 1]]);
    // Multi-byte characters count as bytes, not as UTF-16 units.
    expect(codes(`${HEAD}// ${"é".repeat(LIMITS.bytes / 2)}\n`)).toEqual(["input-too-large"]);
    const sections = (n: number) => `${HEAD}${Array.from({ length: n }, (_, i) => `section X-${i} "s" { approve 72148 when b cite "c" }`).join("\n")}\n`;
    expect(codes(sections(LIMITS.sections))).not.toContain("input-too-large");
    const many = checkText(sections(LIMITS.sections + 1), "t.guide").diagnostics;
    expect(many.map((d) => [d.code, d.range.start.line])).toEqual([["input-too-large", 12 + LIMITS.sections]]);
    const nodes = (n: number) => `${HEAD}define a = ${Array.from({ length: n }, () => "b").join(" or ")}\n`;
    expect(codes(nodes(LIMITS.conditionNodes - 1))).not.toContain("input-too-large");
    expect(codes(nodes(LIMITS.conditionNodes + 1))).toEqual(["input-too-large"]);
  });

  const tmp = mkdtempSync(join(tmpdir(), "guide-text-input-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it("guide check reports it with file:line:column and exits 1", async () => {
    const path = join(tmp, "big.guide");
    writeFileSync(path, `${HEAD}${"// x\n".repeat(LIMITS.bytes / 5)}`);
    let out = "", err = "";
    const code = await main(["check", path], { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { err += s + "\n"; } });
    expect(code).toBe(1);
    expect(out + err).toContain(`${path}:1:1: error input-too-large`);
  });
});

describe("numbers and references", () => {
  const errors = (t: string) => checkText(t, "t.guide").diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.range.start.line, d.range.start.column]);
  it("a number is a number whatever its digit count; a CPT code is one where a study goes, and has five digits", () => {
    expect(errors(`${HEAD}define hot = temperature >= 12345 °F\ndefine odd = temperature >= 1234567 °F\n`)).toEqual([]);
    expect(errors(`${HEAD}section X-1 "s" { approve 7214 when b cite "c" }\n`)).toEqual([["invalid-number", 12, 27]]);
    expect(errors(`${HEAD}section X-1 "s" { approve 72148.5 when b cite "c" }\n`)).toEqual([["invalid-number", 12, 27]]);
    expect(errors(`${HEAD}section X-1 "s" {\n  approve 72148 when b cite "c"\n  example "e" { given b request 721480 expect approve }\n}\n`)).toEqual([["invalid-number", 14, 33]]);
  });
  it("the formatter keeps a five-digit threshold as a number", async () => {
    const text = `${HEAD}define hot = temperature >= 12345 °F\n`;
    expect(await formatGuide(text)).toContain("temperature >= 12345 °F");
  });
  it("refer names an external guideline; a section of this guideline, or the rule's own, is an error with a suggestion", () => {
    const guide = (target: string) => `${HEAD}section X-1 "s" { refer ${target} when b cite "c" }\nsection X-2 "t" { approve 72148 when b cite "c" }\n`;
    expect(errors(guide("SP-7"))).toEqual([]);
    for (const target of ["X-1", "X-2"]) {
      const d = checkText(guide(target), "t.guide").diagnostics.filter((x) => x.severity === "error");
      expect(d.map((x) => [x.code, x.range.start.line, x.range.start.column])).toEqual([["undefined-external", 12, 25]]);
      expect(d[0].message).toContain(`see ${target}`);
    }
    expect(checkText(guide("SP-9"), "t.guide").diagnostics[0].message).toContain("Did you mean 'SP-7'");
  });
});
