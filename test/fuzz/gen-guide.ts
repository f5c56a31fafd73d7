// fast-check arbitraries for .guide text: in nothing (or a real guideline), out syntactically plausible
// programs built from the grammar's pieces, and mutations of a real file (tokens deleted, duplicated,
// swapped, random bytes inserted, truncation).
import fc from "fast-check";
import { GuideLexer } from "../../grammar/tokens.ts";

const FACTS = ["xray_done", "night_pain", "temperature", "curve", "treatment", "seen", "kind", "regions", "count", "fever"];
const DEFS = ["red_flag", "contrast_needed", "severe"];
const VALUES = ["cervical", "thoracic", "lumbar", "congenital", "other"];
const INDICATIONS = ["back_pain", "scoliosis", "trauma"];
const SECTIONS = ["PEDSP-1.1", "PEDSP-2.3", "SP-7", "PEDSP-2"];
const CPTS = ["72148", "72158", "72131", "76800", "99999"];
const UNITS = ["°F", "degF", "°C", "mm", "cm", "degrees", "°", "˚", "days", "day", "weeks", "months", "years", ""];
const OPS = [">=", "≥", "<=", "≤", ">", "<", "=", "!=", "≠"];
const MODALITIES = ["MRI", "CT", "US", "SPECT", "MRA", "XR", "NM"];
const CONTRASTS = ["", "without contrast", "with contrast", "without and with contrast", "without contrast or without and with contrast"];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const ident = fc.oneof({ weight: 6, arbitrary: pick([...FACTS, ...DEFS, ...VALUES, "age", "indication"]) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) });
const num = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 200 }).map(String) },
  { weight: 4, arbitrary: fc.double({ min: 0, max: 200, noNaN: true }).map((x) => x.toFixed(1)) },
  { weight: 1, arbitrary: fc.constantFrom("0", "0.0000001", "99999999999", "9".repeat(306), "9".repeat(309), "9".repeat(400)) },
);
/** A quoted string: mostly plain words, sometimes escapes, quotes and odd characters. */
export const quoted = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z ,.()-]{0,30}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: "grapheme" }).map((s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')) },
).map((s) => `"${s}"`);

const studyPattern = fc.oneof(
  pick(CPTS),
  fc.constant("any study"),
  fc.tuple(pick(MODALITIES), pick(CONTRASTS), fc.oneof(fc.constant(""), ident.map((r) => `of ${r}`), fc.constant("of any region"))).map((p) => p.filter(Boolean).join(" ")),
);
const studyList = fc.array(studyPattern, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(", "));

/** Conditions, recursive with a depth bound. */
export const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    ident,
    fc.tuple(ident, pick(OPS), num, pick(UNITS)).map(([a, o, n, u]) => `${a} ${o} ${n} ${u}`.trim()),
    fc.tuple(ident, num, pick(["days", "weeks", "months", "years", "mm"])).map(([a, n, u]) => `${a} within ${n} ${u}`),
    fc.tuple(ident, fc.boolean(), pick(VALUES)).map(([a, n, v]) => `${a} is ${n ? "not " : ""}${v}`),
    fc.tuple(ident, fc.array(pick(VALUES), { minLength: 1, maxLength: 3 })).map(([a, vs]) => `${a} is one of { ${vs.join(", ")} }`),
    fc.tuple(ident, pick(["", "any of ", "all of "]), fc.array(pick(VALUES), { minLength: 1, maxLength: 3 })).map(([a, m, vs]) => (m ? `${a} has ${m}{ ${vs.join(", ")} }` : `${a} has ${vs[0]}`)),
    fc.tuple(pick(["age", "indication"]), pick(OPS), num, pick(["years", "months", "days", "weeks"])).map(([a, o, n, u]) => `${a} ${o} ${n} ${u}`),
    fc.tuple(pick(INDICATIONS)).map(([i]) => `indication is ${i}`),
    studyPattern.map((p) => `requested is ${p}`),
    tie("e").map((x) => `not ${x}`),
    tie("e").map((x) => `(${x})`),
    fc.tuple(tie("e"), pick(["and", "or"]), tie("e")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(pick(["any of", "all of", "none of", "at least 1 of", "at least 2 of", "at least 0 of"]), fc.array(tie("e"), { minLength: 0, maxLength: 4 }))
      .map(([q, xs]) => `${q} { ${xs.join(", ")} }`),
  ),
})).e;

const factType = fc.oneof(
  fc.constant("yes/no"), fc.constant("duration"), fc.constant("date"),
  pick(UNITS).map((u) => `number ${u}`.trim()),
  fc.array(pick(VALUES), { minLength: 1, maxLength: 4 }).map((vs) => `one of { ${vs.join(", ")} }`),
  fc.constantFrom("set of region", "one of region", "set of { cervical, lumbar }", "one of nothing"),
);
const factDecl = fc.tuple(ident, factType, quoted).map(([n, t, q]) => `    ${n}: ${t} ${q}`);
const cites = fc.array(fc.oneof(quoted, fc.constantFrom('"MRI without contrast of the symptomatic spinal region is the preferred study"', '"A recent (within 60 days) face-to-face evaluation including a detailed history"')), { minLength: 0, maxLength: 2 })
  .map((cs) => cs.map((c) => `\n    cite ${c}`).join(""));
const notes = fc.array(quoted, { maxLength: 1 }).map((ns) => ns.map((n) => `\n    note ${n}`).join(""));

const givenItem = fc.oneof(
  ident, ident.map((i) => `not ${i}`),
  fc.tuple(ident, num, pick(UNITS)).map(([i, n, u]) => `${i} ${n} ${u}`.trim()),
  fc.tuple(ident, fc.integer({ min: 0, max: 400 })).map(([i, n]) => `${i} ${n} days ago`),
  fc.tuple(ident, fc.constantFrom("2026-01-05", "2026-02-30", "2025-12-31")).map(([i, d]) => `${i} ${d}`),
  fc.tuple(ident, pick(VALUES)).map(([i, v]) => `${i} ${v}`),
  fc.tuple(ident, fc.array(pick(VALUES), { maxLength: 3 })).map(([i, vs]) => `${i} { ${vs.join(", ")} }`),
  fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 11 })).map(([y, m]) => `age ${y} years ${m} months`),
  pick(INDICATIONS).map((i) => `indication ${i}`),
);
const example = fc.tuple(quoted, fc.array(givenItem, { maxLength: 6 }), fc.option(fc.constantFrom("2026-11-25", "2024-02-29", "2026-02-30")), fc.option(pick(CPTS)),
  fc.option(fc.tuple(pick(["approve", "deny", "pend", "review", "not-applicable"]), fc.option(pick(SECTIONS)), fc.option(fc.array(ident, { maxLength: 2 })))))
  .map(([t, g, asOf, req, exp]) => [
    `  example ${t} {`,
    g.length ? `    given ${g.join(", ")}` : "",
    asOf ? `    as of ${asOf}` : "",
    req ? `    request ${req}` : "",
    exp ? `    expect ${exp[0]}${exp[1] ? " " + exp[1] : ""}${exp[2] ? ` missing { ${exp[2].join(", ")} }` : ""}` : "",
    "  }",
  ].filter(Boolean).join("\n"));

const sectionItem = fc.oneof(
  expr.map((e) => `  applies when ${e}`),
  quoted.map((q) => `  note ${q}`),
  fc.tuple(expr, fc.option(studyList), cites).map(([e, s, c]) => `  requires ${e}${s ? ` for ${s}` : ""}${c}`),
  fc.tuple(pick(DEFS), expr).map(([d, e]) => `  define ${d} = ${e}`),
  fc.tuple(fc.option(ident), pick(["approve", "deny", "review", "pend"]), studyList, fc.option(expr), cites, notes)
    .map(([l, o, s, w, c, n]) => `  ${l ? l + ": " : ""}${o} ${s}${w ? `\n    when ${w}` : ""}${c}${n}`),
  fc.tuple(fc.option(ident), pick(SECTIONS), fc.option(expr), cites).map(([l, t, w, c]) => `  ${l ? l + ": " : ""}refer ${t}${w ? ` when ${w}` : ""}${c}`),
  pick(SECTIONS).map((s) => `  see ${s}`),
  example,
);
const section = fc.tuple(pick(SECTIONS), quoted, fc.array(sectionItem, { maxLength: 6 }))
  .map(([id, t, items]) => `section ${id} ${t} {\n${items.join("\n")}\n}`);

const topLevel = fc.oneof(
  fc.tuple(pick(SECTIONS), quoted, fc.option(quoted)).map(([id, t, i]) => `external ${id} ${t}${i ? ` in ${i}` : ""}`),
  fc.array(fc.tuple(pick(INDICATIONS), quoted), { maxLength: 3 }).map((is) => `indications {\n${is.map(([n, l]) => `  ${n} ${l}`).join("\n")}\n}`),
  fc.tuple(fc.constantFrom("region", "scoliosis_type", "kind"), fc.array(fc.tuple(pick(VALUES), fc.option(quoted)), { minLength: 1, maxLength: 4 }))
    .map(([n, vs]) => `enum ${n} { ${vs.map(([v, l]) => (l ? `${v} ${l}` : v)).join(", ")} }`),
  fc.array(fc.tuple(pick(CPTS), quoted, pick(MODALITIES), pick(VALUES), pick(CONTRASTS), notes), { maxLength: 4 })
    .map((ss) => `studies {\n${ss.map(([c, d, m, r, x, n]) => `  ${c} ${d} = ${m} ${r} ${x}${n}`).join("\n")}\n}`),
  fc.tuple(fc.array(factDecl, { maxLength: 4 }), fc.option(fc.tuple(quoted, fc.array(factDecl, { maxLength: 4 }))))
    .map(([fs, g]) => `facts {\n${fs.join("\n")}${g ? `\n  group ${g[0]} {\n${g[1].join("\n")}\n  }` : ""}\n}`),
  fc.tuple(pick(DEFS), expr, notes).map(([d, e, n]) => `define ${d} = ${e}${n}`),
  section,
);

/** A whole plausible program: header, then top-level declarations in any order. */
export const program: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom("PEDSP", "X", "PEDSP-1"), quoted, fc.option(quoted), fc.boolean(), fc.array(topLevel, { maxLength: 8 }),
).map(([id, title, version, src, tops]) => [`guideline ${id} ${title}${version ? ` version ${version}` : ""}${src ? ' source "000_f1f69f597256be6d.txt"' : ""}`, ...tops].join("\n\n") + "\n");

/** The token boundaries of a text (start offsets and lengths), comments and unknown characters included. */
export function tokenSpans(text: string): { start: number; end: number }[] {
  const lex = GuideLexer.tokenize(text);
  const spans = [...lex.tokens, ...((lex.groups.comments ?? []) as typeof lex.tokens)].map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
  return spans.sort((a, b) => a.start - b.start);
}

export type Mutation =
  | { op: "delete"; i: number }
  | { op: "duplicate"; i: number }
  | { op: "swap"; i: number; j: number }
  | { op: "insert"; at: number; bytes: string }
  | { op: "truncate"; at: number };

const oddText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.string({ minLength: 1, maxLength: 4, unit: "binary" }),
  fc.constantFrom("\u0000", "\r", "\r\n", "\u2028", "\ufeff", '"', "\\", "{", "}", "(", ")", "not ", "//", "\ud800", "°", "˚F", "≥", "\n\n"),
);

/** A list of mutations with positions as fractions of the text, so one arbitrary fits any text. */
export const mutations = fc.array(fc.oneof(
  fc.record({ op: fc.constant("delete" as const), i: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), i: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: oddText }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
), { minLength: 1, maxLength: 4 });

/** Apply mutations in order; token indices and offsets are taken modulo what the text has. */
export function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    if (m.op === "insert") { const at = m.at % (t.length + 1); t = t.slice(0, at) + m.bytes + t.slice(at); continue; }
    if (m.op === "truncate") { t = t.slice(0, m.at % (t.length + 1)); continue; }
    const spans = tokenSpans(t);
    if (spans.length === 0) continue;
    const a = spans[m.i % spans.length];
    if (m.op === "delete") t = t.slice(0, a.start) + t.slice(a.end);
    else if (m.op === "duplicate") t = t.slice(0, a.end) + " " + t.slice(a.start, a.end) + t.slice(a.end);
    else {
      const b = spans[m.j % spans.length];
      if (a === b) continue;
      const [x, y] = a.start < b.start ? [a, b] : [b, a];
      t = t.slice(0, x.start) + t.slice(y.start, y.end) + t.slice(x.end, y.start) + t.slice(x.start, x.end) + t.slice(y.end);
    }
  }
  return t;
}

/** The header and declarations of a guideline plus one of its sections: a smaller text to mutate often. */
export function windows(text: string): string[] {
  const starts = [...text.matchAll(/^section /gm)].map((m) => m.index ?? 0);
  if (starts.length === 0) return [text];
  const head = text.slice(0, starts[0]);
  return starts.map((s, i) => head + text.slice(s, starts[i + 1] ?? text.length));
}
