// The `guide` command's contract: exit codes 0 / 1 / 2, text and JSON output, no stack traces.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../compiler/cli/main.ts";

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { err += s + "\n"; } });
  return { code, out, err };
}
const tmp = mkdtempSync(join(tmpdir(), "guide-cli-"));

describe("guide check", () => {
  it("exits 0 on a clean guideline", async () => {
    const r = await run("check", "test/fixtures/sample.guide");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/0 errors/);
  });
  it("exits 1 with file:line:column, code, source line and caret", async () => {
    const r = await run("check", "test/golden/check/names.guide");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^test\/golden\/check\/names\.guide:14:14: error undefined-name: .*xray_done/m);
    expect(r.out).toMatch(/\n +\| +\^{8}\n/);
  });
  it("prints an array of diagnostics with --json", async () => {
    const r = await run("check", "--json", "test/golden/check/names.guide");
    const ds = JSON.parse(r.out);
    expect(Array.isArray(ds)).toBe(true);
    expect(ds[0]).toMatchObject({ severity: "error", file: "test/golden/check/names.guide", range: { start: { line: expect.any(Number) } } });
  });
  it("exits 2 on a missing file, a folder without .guide files, or a file that is not UTF-8", async () => {
    expect((await run("check", "no/such.guide")).code).toBe(2);
    expect((await run("check", "examples/cases")).code).toBe(2); // a folder with .guide files is checked (test/cli/ci.test.ts)
    const bin = join(tmp, "bin.guide");
    writeFileSync(bin, Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    const r = await run("check", bin);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not UTF-8/);
  });
  it("exits 2 on a usage error", async () => {
    expect((await run("frobnicate")).code).toBe(2);
    expect((await run()).code).toBe(2);
  });
});

describe("guide test / eval / compile / schema", () => {
  it("runs the examples with coverage", async () => {
    const r = await run("test", "test/fixtures/sample.guide", "--coverage");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/examples: 8 passed, 0 failed/);
    expect(r.out).toMatch(/coverage .*rules \d+\/\d+/);
  });
  it("evaluates a case, explains it, and exits 1 on an invalid case", async () => {
    const c = join(tmp, "case.json");
    writeFileSync(c, JSON.stringify({ asOf: "2026-11-25", patient: { birthDate: "2017-03-02" }, request: { cpt: "72158", indication: "back_pain" },
      facts: { xray_done: true, face_to_face_evaluation: "2026-11-05", temperature: { value: 38.5, unit: "°C" }, symptomatic_region: ["lumbar"], night_pain: true } }));
    const j = await run("eval", "test/fixtures/sample.guide", "--case", c, "--json");
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ outcome: "approve", section: "PEDSP-2.3", cpt: "72158" });
    const e = await run("eval", "test/fixtures/sample.guide", "--case", c, "--explain");
    expect(e.out).toMatch(/is supported \(approve\)/);
    expect(e.out).toMatch(/The guideline says: "in which case MRI without and with contrast should be approved"/);
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ asOf: "2026-11-25", request: { cpt: "72158" }, facts: { xray_don: true } }));
    const b = await run("eval", "test/fixtures/sample.guide", "--case", bad);
    expect(b.code).toBe(1);
    expect(b.out).toMatch(/facts\.xray_don/);
    expect(b.out).not.toMatch(/^approve/);
    writeFileSync(bad, "{ not json");
    expect((await run("eval", "test/fixtures/sample.guide", "--case", bad)).code).toBe(1);
  });
  it("decides a gallery file exactly as evaluate() does: a wrapper with keys beside `case` is an error naming them (issue 12)", async () => {
    const gallery = JSON.parse(readFileSync("examples/cases/02-back-pain-fever-mri-contrast.json", "utf8"));
    const ok = join(tmp, "gallery.json");
    writeFileSync(ok, JSON.stringify(gallery));
    const a = await run("eval", "guidelines/pedsp/pedsp.guide", "--case", ok, "--json");
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).outcome).toBe("approve");
    // Keys beside `case` that look like a case's own: the old CLI unwrapped and approved.
    const wrapped = { ...gallery, patient: { birthDate: "2010-01-01" }, request: { cpt: "72148" }, facts: {}, notes: "x", extra: 1 };
    const bad = join(tmp, "gallery-extra.json");
    writeFileSync(bad, JSON.stringify(wrapped));
    const r = await run("eval", "guidelines/pedsp/pedsp.guide", "--case", bad, "--json");
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out);
    expect(d.outcome).toBe("pend");
    expect(d.errors.map((e: { field: string }) => e.field)).toEqual(["patient", "request", "facts", "notes", "extra"]);
    const { loadGuide } = await import("../../compiler/cli/io.ts");
    const { interpret } = await import("../../compiler/interpret.ts");
    expect(d).toEqual(JSON.parse(JSON.stringify(interpret(loadGuide("guidelines/pedsp/pedsp.guide").model!, wrapped))));
  });
  it("never approves an impossible measurement: −1e308 °C is −Infinity °F (issue 12)", async () => {
    const gallery = JSON.parse(readFileSync("examples/cases/02-back-pain-fever-mri-contrast.json", "utf8"));
    gallery.case.facts.temperature = { value: -1e308, unit: "°C" };
    const c = join(tmp, "cold.json");
    writeFileSync(c, JSON.stringify(gallery));
    const r = await run("eval", "guidelines/pedsp/pedsp.guide", "--case", c);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^pend/);
    expect(r.out).toMatch(/case error: facts\.temperature\.value: .*not a finite number/);
  });
  it("says which conditions were false when it denies for criteria not met", async () => {
    const c = join(tmp, "deny.json");
    writeFileSync(c, JSON.stringify({ asOf: "2026-11-25", patient: { birthDate: "2019-01-01" }, request: { cpt: "72148", indication: "back_pain" },
      facts: { xray_done: true, face_to_face_evaluation: "2026-11-20", systemic_symptoms: false, night_pain: false, conservative_treatment: { value: 3, unit: "weeks" }, symptomatic_region: ["lumbar"] } }));
    const r = await run("eval", "test/fixtures/sample.guide", "--case", c, "--json");
    const d = JSON.parse(r.out);
    expect(d.outcome).toBe("deny");
    // The criterion in words (the fact's question and threshold) with the case's answer, and in structured form.
    expect(d.reasons[0].text).toMatch(/\(at least 4 weeks\): not met \(answer: 3 weeks\)/);
    expect(d.reasons[0].text).not.toMatch(/conservative_treatment/);
    expect(d.reasons[0].criteria).toContainEqual(expect.objectContaining({ status: "not met", facts: ["conservative_treatment"] }));
  });
  it("compiles, and refuses to overwrite a file it did not generate", async () => {
    const dir = join(tmp, "gen");
    expect((await run("compile", "test/fixtures/sample.guide", "--out", dir)).code).toBe(0);
    expect(readFileSync(join(dir, "sample.ts"), "utf8")).toMatch(/^\/\/ Generated by `guide compile`: do not edit\./);
    expect((await run("compile", "test/fixtures/sample.guide", "--out", dir)).code).toBe(0);
    writeFileSync(join(dir, "sample.ts"), "// my own code\n");
    const r = await run("compile", "test/fixtures/sample.guide", "--out", dir);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, "sample.ts"), "utf8")).toBe("// my own code\n");
  });
  it("prints the Case schema", async () => {
    const r = await run("schema", "test/fixtures/sample.guide");
    const temperature = JSON.parse(r.out).properties.facts.properties.temperature;
    expect(temperature.anyOf.find((v: { type: string }) => v.type === "object").properties.unit.default).toBe("°F");
  });
});
