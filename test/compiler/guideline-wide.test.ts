// Guideline-wide constructs (issue 13, item 2; LANGUAGE-GAPS 1, 2 and 4): named study sets (`studies NAME = …`),
// guideline-wide prerequisites (a top-level `requires … except …`) and `supported elsewhere`. The checker expands
// and lowers them into the plan the runtime already reads, so the interpreter, a compiled module, the analyses
// and guide diff need nothing new; these tests hold it to that.
import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "../../grammar/parse.ts";
import { checkText } from "../../compiler/compile.ts";
import { renderDiagnostic } from "../../compiler/cli/render.ts";
import { interpret } from "../../compiler/interpret.ts";
import { runExamples } from "../../compiler/run-examples.ts";
import { analyze } from "../../compiler/analyze/index.ts";
import { emitFormatted } from "../../compiler/emit/typescript.ts";
import { buildJoint, diffGuidelines, diffScope, structuralDiff } from "../../compiler/diff/index.ts";
import { formatGuide } from "../../compiler/format/format.ts";
import type { Model } from "../../compiler/model.ts";
import type { Determination } from "../../runtime/decide.ts";

const SOURCE = [
  "A recent face-to-face evaluation should be performed prior to considering advanced imaging.",
  "Unless otherwise stated in a specific guideline section, the use of advanced imaging to screen asymptomatic individuals is not supported.",
  "MRI of the spine is supported for back pain with red flags.",
  "MRI of the spine is supported to evaluate a dysraphism marker.",
  "CT of the lumbar spine is supported after trauma.",
  "A CT of the chest is scheduled two years after the operation.",
].join("\n");

const GUIDE = `guideline T "Guideline-wide test" source "src.txt"
indications {
  back_pain "Back pain"
  marker    "Dysraphism marker"
  trauma    "Trauma"
  scoliosis "Scoliosis"
}
studies {
  72141 "MRI Cervical without contrast" = MRI cervical without contrast
  72148 "MRI Lumbar without contrast"   = MRI lumbar without contrast
  72131 "CT Lumbar without contrast"    = CT lumbar without contrast
  71250 "CT Chest without contrast"     = CT chest without contrast
  76800 "Ultrasound, spinal canal"      = US spinal_canal
}
studies spine_mri = MRI of cervical, MRI of lumbar
studies spine_advanced = spine_mri, CT of lumbar, MRI of lumbar
  note "MRI of lumbar twice (through spine_mri too): a set lists each pattern once."
facts {
  evaluation: date "On what date was the face-to-face evaluation?"
  asymptomatic: yes/no "Is the imaging to screen an individual with no symptoms?"
  red_flag: yes/no "Is there a red flag?"
}
requires evaluation within 60 days for spine_advanced, 71250 except S-3, S-4
  cite "A recent face-to-face evaluation should be performed prior to considering advanced imaging."
  note "The floor of every section but the trauma and scoliosis chapters."
section S-0 "General" {
  screening: deny spine_advanced
    when asymptomatic and not supported elsewhere
    cite "Unless otherwise stated in a specific guideline section, the use of advanced imaging to screen asymptomatic individuals is not supported."
}
section S-1 "Back pain" {
  applies when indication is back_pain
  requires red_flag for 72141 cite "MRI of the spine is supported for back pain with red flags."
  mri: approve spine_mri when red_flag cite "MRI of the spine is supported for back pain with red flags."
}
section S-2 "Dysraphism marker" {
  applies when indication is marker
  mri: approve spine_mri when requested is spine_mri cite "MRI of the spine is supported to evaluate a dysraphism marker."
}
section S-3 "Trauma" {
  applies when indication is trauma
  ct: approve CT of lumbar cite "CT of the lumbar spine is supported after trauma."
}
section S-4.1 "Scoliosis" {
  applies when indication is scoliosis
  chest: approve 71250 cite "A CT of the chest is scheduled two years after the operation."
}
`;

function load(text: string): Model {
  const r = checkText(text, "t.guide", { sourceText: SOURCE });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !r.model) throw new Error(errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`).join("\n"));
  return r.model;
}
const model = load(GUIDE);
const recent = "2026-11-20", stale = "2026-08-01";
const input = (indication: string, cpt: string, facts: Record<string, unknown>) => ({ asOf: "2026-12-01", patient: { age: { years: 10 } }, request: { cpt, indication }, facts });
const decide = (m: Model, indication: string, cpt: string, facts: Record<string, unknown>): Determination => interpret(m, input(indication, cpt, facts));
const section = (id: string) => model.plan.sections.find((s) => s.id === id)!;

describe("parse", () => {
  it("reads study sets, a top-level requires with except, set names in study lists and supported elsewhere", () => {
    const { ast, diagnostics } = parse(GUIDE, "t.guide");
    expect(diagnostics).toEqual([]);
    expect(ast!.studySets.map((s) => [s.name.text, s.studies.map((p) => p.kind), s.notes.length])).toEqual([
      ["spine_mri", ["Pattern", "Pattern"], 0],
      ["spine_advanced", ["Set", "Pattern", "Pattern"], 1],
    ]);
    const [req] = ast!.requires;
    expect(req.except!.map((x) => x.text)).toEqual(["S-3", "S-4"]);
    expect(req.studies!.map((p) => (p.kind === "Set" ? p.name.text : p.kind))).toEqual(["spine_advanced", "Cpt"]);
    expect(req.cites.map((c) => c.value)).toEqual(["A recent face-to-face evaluation should be performed prior to considering advanced imaging."]);
    const when = ast!.sections[0].rules[0].when!;
    expect(when.kind === "And" && when.args[1].kind === "Not" && when.args[1].arg.kind).toBe("SupportedElsewhere");
    const req2 = ast!.sections[2].rules[0].when!;
    expect(req2.kind === "Requested" && req2.pattern.kind === "Set" && req2.pattern.name.text).toBe("spine_mri");
  });

  it("keeps supported, elsewhere and except as words of the language", () => {
    for (const word of ["supported", "elsewhere", "except"]) {
      const { diagnostics } = parse(`guideline T "t"\ndefine ${word} = a\n`, "t.guide");
      expect(diagnostics[0].message).toContain(`'${word}' is a word of the language`);
    }
  });
});

describe("study sets", () => {
  it("expand into the plan's pattern lists, a set's own duplicates once", () => {
    const mri = [
      { kind: "pattern", modality: "MRI", contrast: [], region: { kind: "word", word: "cervical" } },
      { kind: "pattern", modality: "MRI", contrast: [], region: { kind: "word", word: "lumbar" } },
    ];
    const ct = { kind: "pattern", modality: "CT", contrast: [], region: { kind: "word", word: "lumbar" } };
    expect(section("S-1").rules[0].studies).toEqual(mri);
    expect(section("S-0").rules[0].studies).toEqual([...mri, ct]);
    expect(section("S-1").requires[0].studies).toEqual([...mri, ct, { kind: "cpt", cpt: "71250" }]);
  });

  it("`requested is SET` is true for a study of any of its patterns", () => {
    expect(decide(model, "marker", "72141", { evaluation: recent }).outcome).toBe("approve");
    const ct = decide(model, "marker", "72131", { evaluation: recent, asymptomatic: false });
    expect([ct.outcome, ct.section]).toEqual(["deny", "S-2"]);
    expect(model.ops[section("S-2").rules[0].when!]).toMatchObject({ op: "or" });
  });

  it("decide exactly as the written-out lists do", () => {
    const written = load(GUIDE
      .replace("studies spine_mri = MRI of cervical, MRI of lumbar\n", "")
      .replace(/studies spine_advanced = [^\n]*\n  note "[^"]*"\n/, "")
      .replace("for spine_advanced, 71250", "for MRI of cervical, MRI of lumbar, CT of lumbar, 71250")
      .replace("deny spine_advanced", "deny MRI of cervical, MRI of lumbar, CT of lumbar")
      .replace(/approve spine_mri/g, "approve MRI of cervical, MRI of lumbar")
      .replace("requested is spine_mri", "(requested is MRI of cervical or requested is MRI of lumbar)"));
    expect(written.plan.sections.map((s) => s.rules.map((r) => r.studies))).toEqual(model.plan.sections.map((s) => s.rules.map((r) => r.studies)));
    for (const indication of ["back_pain", "marker", "trauma", "scoliosis"]) for (const cpt of ["72141", "72148", "72131", "71250", "76800"]) {
      for (const facts of [{}, { evaluation: recent, asymptomatic: true, red_flag: true }, { evaluation: stale, asymptomatic: false, red_flag: false }]) {
        const a = decide(model, indication, cpt, facts), b = decide(written, indication, cpt, facts);
        expect([a.outcome, a.section, a.missing], `${indication} ${cpt} ${JSON.stringify(facts)}`).toEqual([b.outcome, b.section, b.missing]);
      }
    }
  });
});

describe("guideline-wide prerequisites", () => {
  it("go into every section's requires but the excepted ones (a chapter id excepts its sections), under one id", () => {
    expect(model.plan.sections.map((s) => [s.id, s.requires.map((q) => q.id)])).toEqual([
      ["S-0", ["guideline/requires-1"]], ["S-1", ["guideline/requires-1", "S-1/requires-1"]], ["S-2", ["guideline/requires-1"]], ["S-3", []], ["S-4.1", []],
    ]);
    // The section's own prerequisite keeps its citation's line (they are matched by id, after the guideline-wide one).
    expect(section("S-1").requires[1].cites).toEqual([{ text: "MRI of the spine is supported for back pain with red flags.", line: 3 }]);
    const [a, b] = [section("S-1").requires[0], section("S-2").requires[0]];
    expect(a.section).toBe("S-1");
    expect(a.cond).toBe(b.cond); // one condition, lowered once
    expect(a.cites).toEqual([{ text: "A recent face-to-face evaluation should be performed prior to considering advanced imaging.", line: 1 }]);
    expect(a.dsl.line).toBe(23);
  });

  it("gate the approvals as if restated in each section; the reason names the sentence it cites", () => {
    const d = decide(model, "back_pain", "72148", { evaluation: stale, red_flag: true, asymptomatic: false });
    expect(d.outcome).toBe("pend");
    expect(d.needed.map((n) => [n.rule, n.section, n.cite, n.source.line])).toEqual([
      ["guideline/requires-1", "S-1", "A recent face-to-face evaluation should be performed prior to considering advanced imaging.", 1],
    ]);
    expect(decide(model, "back_pain", "72148", { evaluation: recent, red_flag: true, asymptomatic: false }).outcome).toBe("approve");
    const unknown = decide(model, "back_pain", "72148", { red_flag: true, asymptomatic: false });
    expect([unknown.outcome, unknown.missing.map((m) => m.fact)]).toEqual(["pend", ["evaluation"]]);
    // Studies outside `for` are not gated; excepted sections (S-3, and S-4.1 through the chapter S-4) are not.
    expect(decide(model, "trauma", "72131", {}).outcome).toBe("approve");
    expect(decide(model, "scoliosis", "71250", {}).outcome).toBe("approve");
  });

  it("are listed once in coverage, hit by an example of any section", () => {
    const withExample = load(GUIDE.replace('cite "MRI of the spine is supported to evaluate a dysraphism marker."', `cite "MRI of the spine is supported to evaluate a dysraphism marker."
  example "no evaluation" { given indication marker, age 4 years request 72148 expect pend missing { evaluation } }`));
    const { results, coverage } = runExamples(withExample);
    expect(results.map((r) => r.problems)).toEqual([[]]);
    expect(coverage.rules.filter((r) => r.id === "guideline/requires-1")).toEqual([{ id: "guideline/requires-1", line: 23, hit: true }]);
  });
});

describe("supported elsewhere", () => {
  it("is true when an approve rule of an applicable section fits the requested study and fires (three-valued)", () => {
    // The back-pain approval fires: the general denial stands aside (the section's prerequisite still gates it).
    expect(decide(model, "back_pain", "72148", { asymptomatic: true, red_flag: true, evaluation: recent }).outcome).toBe("approve");
    // It does not fire: the denial decides, naming its sentence.
    const no = decide(model, "back_pain", "72148", { asymptomatic: true, red_flag: false, evaluation: recent });
    expect([no.outcome, no.section, no.reasons.map((r) => r.rule)]).toEqual(["deny", "S-0", ["S-0/screening"]]);
    expect(no.reasons[0].text).toMatch(/unless Another rule of the guideline supports the requested study for this case: not met/);
    // Unknown: the request pends on what the approval reads.
    const unknown = decide(model, "back_pain", "72148", { asymptomatic: true, evaluation: recent });
    expect([unknown.outcome, unknown.missing.map((m) => m.fact)]).toEqual(["pend", ["red_flag"]]);
    // An approval of another study does not count: the dysraphism MRI approval is for MRI only.
    expect(decide(model, "marker", "72131", { asymptomatic: true, evaluation: recent }).reasons.map((r) => r.rule)).toEqual(["S-0/screening"]);
    // Prerequisites are not part of it: an approval that waits for them still states otherwise (pend, not deny).
    const waiting = decide(model, "marker", "72148", { asymptomatic: true, evaluation: stale });
    expect([waiting.outcome, waiting.needed.map((n) => n.rule)]).toEqual(["pend", ["guideline/requires-1"]]);
  });

  it("is an `or` of one node per approve rule (section applies, study fits, condition holds)", () => {
    const when = section("S-0").rules[0].when!;
    const and = model.ops[when];
    expect(and.op).toBe("and");
    const not = model.ops[(and as { kids: number[] }).kids[1]];
    const elsewhere = model.ops[(not as { kid: number }).kid];
    expect(elsewhere).toMatchObject({ op: "or", origin: "elsewhere" });
    const kids = (elsewhere as { kids: number[] }).kids;
    expect(kids.map((k) => model.plan.nodes[k].text)).toEqual([
      "S-1/mri fires: approve spine_mri when red_flag", "S-2/mri fires: approve spine_mri when requested is spine_mri",
      "S-3/ct fires: approve CT of lumbar", "S-4.1/chest fires: approve 71250",
    ]);
    expect(model.plan.nodes[(not as { kid: number }).kid].says).toBe("Another rule of the guideline supports the requested study for this case");
  });

  it("leaves the analyses nothing to report between the general denial and the approvals it gives way to", () => {
    const findings = analyze(model).filter((d) => d.code === "conflict" || d.code === "unscoped-list" || d.code === "dead-rule");
    expect(findings.map((d) => d.message)).toEqual([]);
  });

  it("decides the same through a compiled module", async () => {
    const out = "test/out/guideline-wide";
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}/t.ts`, await emitFormatted(model, { sourceName: "t.guide" }));
    const mod = await import(/* @vite-ignore */ pathToFileURL(resolve(`${out}/t.ts`)).href) as { evaluate: (c: unknown) => Determination };
    for (const indication of ["back_pain", "marker", "trauma", "scoliosis"]) for (const cpt of ["72141", "72148", "72131", "71250", "76800"]) {
      for (const facts of [{}, { asymptomatic: true }, { asymptomatic: true, red_flag: true, evaluation: recent }, { asymptomatic: true, red_flag: false, evaluation: stale }]) {
        const a = decide(model, indication, cpt, facts), b = mod.evaluate(input(indication, cpt, facts));
        expect([b.outcome, b.section, b.missing, b.needed.map((n) => n.rule)], `${indication} ${cpt} ${JSON.stringify(facts)}`).toEqual([a.outcome, a.section, a.missing, a.needed.map((n) => n.rule)]);
      }
    }
  });

  it("guide diff scopes a change of a guideline-wide prerequisite to every section it gates", () => {
    const edited = GUIDE.replace("requires evaluation within 60 days", "requires evaluation within 30 days");
    const b = load(edited);
    const changes = structuralDiff(model, b, buildJoint(model, b).facts, { old: GUIDE, new: edited });
    expect(changes.filter((c) => c.what === "prerequisite").map((c) => [c.kind, c.id])).toEqual([["changed", "guideline/requires-1"]]);
    const scope = diffScope(model, b, changes);
    expect(scope.sections.sort()).toEqual(["S-0", "S-1", "S-2"]);
    // S-0 applies to every indication, so nothing narrower than the whole space is searched; the diff finds the change.
    expect(scope.indications).toBeUndefined();
    const diff = diffGuidelines(model, b, { old: GUIDE, new: edited });
    expect(diff.regions.length).toBeGreaterThan(0);
  });
});

describe("checker errors, at file:line:column", () => {
  const rendered = (text: string) => checkText(text, "t.guide", { sourceText: SOURCE }).diagnostics.filter((d) => d.severity === "error")
    .map((d) => renderDiagnostic(d, text).split("\n")[0]);
  it("an unknown set, a set referring to itself, a duplicate name", () => {
    const text = GUIDE
      .replace("deny spine_advanced", "deny spine_advance")
      .replace("studies spine_mri = MRI of cervical, MRI of lumbar", "studies spine_mri = MRI of cervical, MRI of lumbar, spine_mri\nstudies red_flag = 72148");
    expect(rendered(text)).toEqual([
      "t.guide:15:53: error circular-definition: The study set 'spine_mri' refers to itself.",
      "t.guide:16:9: error duplicate-name: 'red_flag' is already declared (line 22); each study set needs its own name.",
      "t.guide:28:19: error undefined-name: 'spine_advance' is not a declared study set. Did you mean 'spine_advanced'?",
    ]);
  });
  it("an unknown section in except, and except or supported elsewhere where they mean nothing", () => {
    const text = GUIDE
      .replace("except S-3, S-4", "except S-3, S-5")
      .replace("when red_flag cite", "when red_flag and not supported elsewhere cite")
      .replace('applies when indication is trauma', 'applies when indication is trauma\n  requires red_flag except S-1 cite "CT of the lumbar spine is supported after trauma."');
    expect(rendered(text)).toEqual([
      "t.guide:23:74: error undefined-section: There is no section S-5 for this prerequisite to leave out. Did you mean 'S-0'?",
      "t.guide:34:48: error misplaced: 'supported elsewhere' reads the approve rules of the guideline, so it may stand only in the condition of a deny, review, pend or refer rule: not in an approval, a prerequisite, 'applies when' or a definition.",
      "t.guide:42:28: error misplaced: 'except' belongs to a guideline-wide prerequisite (a 'requires' outside every section); a section's own prerequisite gates only that section.",
    ]);
  });
});

describe("format", () => {
  it("prints the new constructs canonically and round-trips", async () => {
    const out = await formatGuide(GUIDE);
    expect(await formatGuide(out)).toBe(out);
    expect(out).toContain("studies spine_advanced = spine_mri, CT of lumbar, MRI of lumbar\n  note \"MRI of lumbar twice");
    expect(out).toContain("requires evaluation within 60 days for spine_advanced, 71250 except S-3, S-4\n  cite \"A recent");
    expect(out).toContain("  screening: deny spine_advanced\n    when asymptomatic and not supported elsewhere\n");
    const again = load(out).plan;
    expect(again.sections.map((x) => [x.id, x.requires.map((q) => [q.id, q.studies]), x.rules.map((r) => [r.id, r.studies])]))
      .toEqual(model.plan.sections.map((x) => [x.id, x.requires.map((q) => [q.id, q.studies]), x.rules.map((r) => [r.id, r.studies])]));
  });
});
