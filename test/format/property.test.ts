// Property: for generated guideline texts (random expressions, random whitespace and comments between any
// two tokens), formatting keeps the AST (ignoring ranges), every comment in order, and is idempotent.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { formatGuide } from "../../compiler/format/format.ts";
import { commentTexts, shape, syntaxErrors } from "./helpers.ts";

type Toks = string[];
const bools = ["a", "b", "c", "red_flag"];
const name = fc.constantFrom(...bools);
const atom: fc.Arbitrary<Toks> = fc.oneof(
  name.map((n) => [n]),
  fc.tuple(fc.constantFrom(">=", ">", "<=", "<", "=", "!=", "≥"), fc.integer({ min: 0, max: 200 })).map(([o, v]) => ["temperature", o, String(v), "°F"]),
  fc.tuple(fc.constantFrom(">=", "<", "<="), fc.integer({ min: 0, max: 20 }), fc.constantFrom("years", "months", "days")).map(([o, v, u]) => ["age", o, String(v), u]),
  fc.integer({ min: 1, max: 90 }).map((v) => ["seen", "within", String(v), "days"]),
  fc.constantFrom<Toks>(["kind", "is", "x"], ["kind", "is", "not", "y"], ["kind", "is", "one", "of", "{", "x", ",", "y", "}"]),
  fc.constantFrom<Toks>(["regions", "has", "lumbar"], ["regions", "has", "any", "of", "{", "cervical", ",", "lumbar", "}"]),
  fc.constantFrom<Toks>(["requested", "is", "MRI"], ["requested", "is", "72148"], ["requested", "is", "CT", "of", "lumbar"]),
);
const { expr } = fc.letrec<{ expr: Toks; term: Toks }>((tie) => ({
  term: fc.oneof(
    { maxDepth: 3, depthIdentifier: "expr", withCrossShrink: true },
    atom,
    tie("expr").map((e) => ["(", ...e, ")"]),
    tie("expr").map((e) => ["not", ...e.length === 1 ? e : ["(", ...e, ")"]]),
    fc.tuple(fc.constantFrom(["any"], ["all"], ["none"], ["at", "least", "2"]), fc.array(tie("expr"), { minLength: 1, maxLength: 3 }))
      .map(([q, es]) => [...q, "of", "{", ...es.flatMap((e, i) => (i ? [",", ...e] : e)), "}"]),
  ),
  expr: fc.tuple(fc.array(tie("term"), { minLength: 1, maxLength: 3, depthIdentifier: "expr" }), fc.constantFrom("and", "or"))
    .map(([ts, op]) => ts.flatMap((t, i) => (i ? [op, ...t] : t))),
}));

const rule = fc.tuple(fc.option(fc.constantFrom("r1", "r2"), { nil: undefined }), fc.constantFrom("approve", "deny", "review", "pend"),
  fc.constantFrom(["72148"], ["MRI", "without", "contrast", "of", "regions"], ["any", "study"], ["CT", ",", "72148"]), fc.option(expr, { nil: undefined }),
  fc.integer({ min: 1, max: 2 }))
  .map(([label, kind, studies, when, cites]) => [...(label ? [label, ":"] : []), kind, ...studies, ...(when ? ["when", ...when] : []),
    ...Array.from({ length: cites }, (_, i) => ["cite", `"quote ${i}"`]).flat(), "note", '"n"']);

const program = fc.tuple(fc.array(rule, { minLength: 1, maxLength: 3 }), expr, fc.option(expr, { nil: undefined })).map(([rules, def, applies]) => [
  "guideline", "T", '"Generated"', "version", '"1"',
  "indications", "{", "back_pain", '"Back pain"', "}",
  "enum", "region", "{", "cervical", '"Cervical"', ",", "lumbar", '"Lumbar"', "}",
  "studies", "{", "72148", '"MRI Lumbar"', "=", "MRI", "lumbar", "without", "contrast", "}",
  "facts", "{", "a", ":", "yes/no", '"A?"', "group", '"G"', "{", "b", ":", "yes/no", '"B?"', "c", ":", "yes/no", '"C?"', "}",
  "temperature", ":", "number", "°F", '"T?"', "seen", ":", "date", '"S?"', "kind", ":", "one", "of", "{", "x", ",", "y", "}", '"K?"',
  "regions", ":", "set", "of", "region", '"R?"', "}",
  "define", "red_flag", "=", ...def,
  "section", "PEDSP-1.2", '"One"', "{", ...(applies ? ["applies", "when", ...applies] : []),
  ...rules.flat(),
  "example", '"e"', "{", "given", "age", "9", "years", ",", "a", ",", "not", "b", ",", "kind", "x", ",", "regions", "{", "lumbar", "}",
  "request", "72148", "expect", "approve", "}",
  "}",
]);

/** Whitespace between two tokens: spaces, newlines, blank lines, end-of-line and own-line comments. */
const gap = fc.constantFrom(" ", " ", " ", "\n", "\n\n", "  \t", " // eol\n", "\n// own\n", "\n  // own\n\n", "\n\n\n");

const text = program.chain((toks) => fc.array(gap, { minLength: toks.length, maxLength: toks.length }).map((gaps) => {
  let n = 0;
  return toks.map((t, i) => t + gaps[i]).join("").replace(/\/\/ (eol|own)/g, (_, k) => `// ${k} ${++n}`);
}));

describe("formatter properties over generated guidelines", () => {
  it("keeps meaning and comments and is idempotent", async () => {
    await fc.assert(fc.asyncProperty(text, async (src) => {
      expect(syntaxErrors(src)).toEqual([]);
      const out = await formatGuide(src);
      expect(shape(out)).toEqual(shape(src));
      expect(commentTexts(out)).toEqual(commentTexts(src));
      expect(await formatGuide(out)).toBe(out);
    }), { numRuns: 100 });
  });
});
