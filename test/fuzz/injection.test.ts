// Code injection: names and strings crafted to escape a string literal or comment (quotes, backticks, ${…},
// */, U+2028, </script>, __proto__, constructor) in every place a .guide file holds text. The emitted module
// type-checks under --strict, importing and running it executes nothing the guideline did not say, and every
// string reaches `plan` exactly as written.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { checkText, hasErrors } from "../../compiler/compile.ts";
import { emitFormatted, emitTypeScript } from "../../compiler/emit/typescript.ts";
import { caseSchema } from "../../compiler/emit/schema.ts";
import { interpret } from "../../compiler/interpret.ts";
import { compileAndImport, OUT, ROOT } from "./support.ts";

declare global {
  // eslint-disable-next-line no-var
  var __pwned: unknown;
}

/** Each sets globalThis.__pwned if it ever runs as code. */
const PAYLOADS = [
  '"; globalThis.__pwned = "dq"; //',
  "'; globalThis.__pwned = 'sq'; //",
  "`; globalThis.__pwned = `bt`; //",
  "${globalThis.__pwned = 'template'}",
  "*/ globalThis.__pwned = 'block'; /*",
  "/** */ globalThis.__pwned = 'doc'; /**",
  "line\u2028globalThis.__pwned = 'ls';\u2029globalThis.__pwned = 'ps'; //",
  "cr\rglobalThis.__pwned = 'cr'; //\nlf\nglobalThis.__pwned = 'lf'; // \r\n",
  "</script><script>globalThis.__pwned = 'html'</script><!--",
  "\\u0022); globalThis.__pwned = 'escape'; (\\u0022 \\\\",
  "\\",
  "__proto__",
  "constructor",
  "\u0000\u0007\u001b[31m\u0085\ufeff",
  "}); globalThis.__pwned = 'brace'; ({",
  "\" + (globalThis.__pwned = 'concat') + \"",
];

/** A payload as a .guide string literal (the language escapes only \" and \\). */
const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const P = (i: number): string => PAYLOADS[i % PAYLOADS.length];
const cite = (i: number): string => `Quoted sentence ${i}: ${P(i)} end of sentence ${i}.`;

const SOURCE = [
  "Pediatric guideline text for the injection test.",
  ...Array.from({ length: 8 }, (_, i) => cite(i)),
].join("\n\n");

const guide = `guideline EVIL ${q(P(0))} version ${q(P(1))} source "evil.txt"

external SP-7 ${q(P(2))} in ${q(P(3))}

indications { constructor ${q(P(4))} __proto__ ${q(P(5))} toString ${q(P(6))} }

enum region { lumbar ${q(P(7))}, __proto__ ${q(P(8))}, constructor ${q(P(9))} }

studies {
  72148 ${q(P(10))} = MRI lumbar without contrast
    note ${q(P(11))}
  72158 ${q(P(12))} = MRI constructor without and with contrast
  72149 ${q(P(13))} = MRI __proto__ with contrast
}

facts {
  group ${q(P(14))} {
    xray_done: yes/no ${q(P(15))}
    hasOwnProperty: yes/no ${q(P(0) + P(4))}
    where: set of region ${q(P(1) + P(5))}
    kind: one of { __proto__ ${q(P(2))}, prototype ${q(P(3))}, valueOf } ${q(P(6) + P(7))}
  }
}

define __defineGetter__ = hasOwnProperty and xray_done

section EVIL-1 ${q(P(8) + P(9))} {
  applies when indication is one of { constructor, __proto__, toString }
  note ${q(P(10) + P(11))}
  requires xray_done
    cite ${q(cite(0))}
    note ${q(P(12))}
  __proto__: approve MRI without contrast of where when __defineGetter__ and kind is __proto__
    cite ${q(cite(1))}
    cite ${q(cite(2))}
    note ${q(P(13) + P(14))}
  constructor: deny 72158 when not hasOwnProperty
    cite ${q(cite(3))}
  prototype: review MRI with contrast of any region when kind is valueOf cite ${q(cite(4))}
  refer SP-7 when kind is prototype cite ${q(cite(5))}
  example ${q(P(15))} {
    given indication constructor, xray_done, hasOwnProperty, where { lumbar, __proto__ }, kind __proto__
    request 72148
    expect approve EVIL-1
  }
}
`;

afterEach(() => { delete globalThis.__pwned; });

describe("strings and names that try to escape the generated code", () => {
  const r = checkText(guide, "evil.guide", { sourceText: SOURCE });

  it("the crafted guideline checks clean (its citations are found in the crafted source)", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The citation check is real: a payload quote that is not in the source is still refused.
    const bad = checkText(guide.replace(q(cite(3)), q(cite(3) + " not in source")), "evil.guide", { sourceText: SOURCE });
    expect(bad.diagnostics.map((d) => d.code)).toContain("cite-not-found");
    expect(hasErrors(r.diagnostics)).toBe(false);
  });

  it("control: the payloads are live (naive string pasting would run them)", async () => {
    const naive = `export const title = "${P(0)}";\nexport const note = \`${P(3)}\`;\n`;
    mkdirSync(`${OUT}injection`, { recursive: true });
    writeFileSync(`${OUT}injection/naive.ts`, naive);
    await import(/* @vite-ignore */ `${OUT}injection/naive.ts`);
    expect(globalThis.__pwned).toBeDefined();
  });

  it("the emitted modules type-check with tsc --strict, run nothing on import or evaluation, and round-trip every string", async () => {
    const model = r.model!;
    const dir = `${OUT}injection`;
    mkdirSync(dir, { recursive: true });
    const plain = emitTypeScript(model);
    const pretty = await emitFormatted(model);
    writeFileSync(`${dir}/use.ts`, [
      'import { evaluate, plan, type Case } from "./evil.ts";',
      'import { evaluate as evaluate2 } from "./evil-pretty.ts";',
      'const c: Case = { asOf: "2026-11-25", request: { cpt: "72148", indication: "constructor" }, facts: { xray_done: true, hasOwnProperty: true, where: ["lumbar"], kind: "__proto__" } };',
      "export const outcomes: string[] = [evaluate(c).outcome, evaluate2(c).outcome, plan.guideline.title];",
    ].join("\n") + "\n");
    writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: "../../../../tsconfig.json", compilerOptions: { strict: true, noEmit: true }, include: ["evil.ts", "evil-pretty.ts", "use.ts"], exclude: [] }));

    const mods = [await compileAndImport(model, "injection", "evil", plain), await compileAndImport(model, "injection", "evil-pretty", pretty)];
    expect(globalThis.__pwned).toBeUndefined();

    const tsc = spawnSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, "--noEmit", "--strict", "-p", `${dir}/tsconfig.json`], { encoding: "utf8", cwd: ROOT });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);

    const expected = JSON.parse(JSON.stringify(model.plan));
    const strings = new Set<string>();
    const walk = (v: unknown): void => { if (typeof v === "string") strings.add(v); else if (v && typeof v === "object") Object.values(v).forEach(walk); };
    walk(expected);
    for (const m of mods) {
      expect(m.plan).toStrictEqual(expected);
      expect(m.plan.guideline.title).toBe(P(0));
      expect(m.plan.guideline.version).toBe(P(1));
      expect(m.plan.externals[0]).toStrictEqual({ id: "SP-7", title: P(2), in: P(3) });
      expect(m.plan.indications.map((i) => [i.name, i.label])).toStrictEqual([["constructor", P(4)], ["__proto__", P(5)], ["toString", P(6)]]);
      expect(m.plan.studies.map((s) => s.description)).toStrictEqual([P(10), P(12), P(13)]);
      expect(m.plan.studies[0].notes).toStrictEqual([P(11)]);
      expect(m.plan.facts.map((f) => f.question)).toStrictEqual([P(15), P(0) + P(4), P(1) + P(5), P(6) + P(7)]);
      expect(m.plan.facts[0].group).toBe(P(14));
      const s = m.plan.sections[0];
      expect([s.title, s.notes]).toStrictEqual([P(8) + P(9), [P(10) + P(11)]]);
      expect(s.requires[0].cites.map((c) => c.text)).toStrictEqual([cite(0)]);
      expect(s.requires[0].notes).toStrictEqual([P(12)]);
      expect(s.rules.map((x) => x.id)).toStrictEqual(["EVIL-1/__proto__", "EVIL-1/constructor", "EVIL-1/prototype", "EVIL-1/rule-4"]);
      expect(s.rules[0].cites.map((c) => c.text)).toStrictEqual([cite(1), cite(2)]);
      expect(s.rules[0].notes).toStrictEqual([P(13) + P(14)]);
      for (const p of [P(0), cite(5), P(13) + P(14)]) expect(strings.has(p)).toBe(true);
    }

    // Evaluate cases that reach every rule; the determinations carry the strings, and nothing ran.
    const cases = [
      { asOf: "2026-11-25", request: { cpt: "72148", indication: "constructor" }, facts: { xray_done: true, hasOwnProperty: true, where: ["lumbar", "__proto__"], kind: "__proto__" } },
      { asOf: "2026-11-25", request: { cpt: "72158", indication: "__proto__" }, facts: { hasOwnProperty: false, kind: "__proto__" } },
      { asOf: "2026-11-25", request: { cpt: "72149", indication: "toString" }, facts: { kind: "valueOf" } },
      { asOf: "2026-11-25", request: { cpt: "72149", indication: "toString" }, facts: { kind: "prototype" } },
      { asOf: "2026-11-25", request: { cpt: "72148", indication: "constructor" }, facts: {} },
      JSON.parse('{"asOf": "2026-11-25", "request": {"cpt": "72148", "indication": "__proto__"}, "facts": {"kind": "__proto__", "where": ["__proto__", "lumbar"], "hasOwnProperty": true, "xray_done": true}}'),
    ];
    const outcomes: string[] = [];
    for (const c of cases) {
      const want = interpret(model, c, { trace: true });
      for (const m of mods) expect(m.evaluate(c, { trace: true })).toStrictEqual(want);
      outcomes.push(want.outcome);
    }
    expect(outcomes).toStrictEqual(["approve", "deny", "review", "not-applicable", "pend", "approve"]);
    const approved = mods[0].evaluate(cases[0]);
    expect(approved.reasons[0].cite).toBe(`${cite(1)} … ${cite(2)}`);
    expect(approved.reasons[0].notes).toStrictEqual([P(13) + P(14)]);
    expect(approved.study).toBe(P(10));
    expect(mods[0].evaluate(cases[3]).references).toStrictEqual([{ id: "SP-7", title: P(2), in: P(3) }]);
    expect(globalThis.__pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The JSON Schema keeps the odd names as ordinary properties.
    const schema = caseSchema(model.plan) as { properties: { facts: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.facts.properties)).toStrictEqual(["xray_done", "hasOwnProperty", "where", "kind"]);
  });
});
