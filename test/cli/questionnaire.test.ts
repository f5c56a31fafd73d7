// `guide questionnaire` (issue 18, item 2): a Bundle with the Questionnaire and CodeSystem on standard output, files
// with --out, and plain words with exit 2 for a missing file or a CPT code the guideline does not know.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../compiler/cli/main.ts";

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { err += s + "\n"; } });
  return { code, out, err };
}

describe("guide questionnaire", () => {
  it("prints a Bundle holding the PEDSP Questionnaire and its CodeSystem, exit 0", async () => {
    const r = await run("questionnaire", "guidelines/pedsp/pedsp.guide");
    expect(r.code).toBe(0);
    const bundle = JSON.parse(r.out);
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(["Questionnaire", "CodeSystem"]);
    expect(bundle.entry[0].resource.item[0].linkId).toBe("indication");
  });

  it("--cpt narrows it, --adaptive gives the adaptive profile, --out writes the two files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guide-q-"));
    const r = await run("questionnaire", "guidelines/pedsp/pedsp.guide", "--cpt", "72148", "--adaptive", "--out", dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(readdirSync(dir).sort()).toEqual(["pedsp-72148-adaptive.questionnaire.json", "pedsp.codesystem.json"]);
    const q = JSON.parse(readFileSync(join(dir, "pedsp-72148-adaptive.questionnaire.json"), "utf8"));
    expect(q.meta.profile).toEqual(["http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt"]);
    expect(r.err).toContain("pedsp-72148-adaptive.questionnaire.json");
  });

  it("a missing file, an unknown CPT code or a malformed one: a plain message, exit 2, no stack trace", async () => {
    const missing = await run("questionnaire", "no/such.guide");
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("guide: no/such.guide: no such file.\n");
    const unknown = await run("questionnaire", "guidelines/pedsp/pedsp.guide", "--cpt", "99999");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^guide: 99999 is not a study PEDSP knows; its CPT codes are 72141, /);
    const bad = await run("questionnaire", "guidelines/pedsp/pedsp.guide", "--cpt", "lumbar");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--cpt must be a CPT code of 5 digits/);
    for (const r of [missing, unknown, bad]) { expect(r.out).toBe(""); expect(r.err).not.toMatch(/\n\s+at /); }
  });

  it("a guideline with errors: exit 1, its errors, and no questionnaire", async () => {
    const r = await run("questionnaire", "test/golden/check/names.guide");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no questionnaire, the guideline has errors/);
    expect(r.out).toBe("");
  });
});
