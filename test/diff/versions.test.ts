// Effective-dated versions: the folder compiles to one module whose evaluate picks the version in force on the
// date of service (request.serviceDate, else asOf), every determination names its version, and a folder whose
// dates overlap or leave a gap is refused by the checker.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../compiler/cli/main.ts";
import { checkVersions } from "../../compiler/versions.ts";
import { evaluateVersions, versionInForce, type DatedVersion } from "../../runtime/versions.ts";
import { interpret } from "../../compiler/interpret.ts";
import { model } from "./helpers.ts";

const run = async (args: string[]) => {
  const out: string[] = [], err: string[] = [];
  const code = await main(args, { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) } as never);
  return { code, out: out.join("\n"), err: err.join("\n") };
};
const text = (v: string) => readFileSync(`test/diff/versions/sample-${v}.guide`, "utf8");
const withDates = (v: string, dates: string) => text(v).replace(/ effective \S+/, ` ${dates}`);
const fever = (serviceDate?: string) => ({
  asOf: "2026-06-30", patient: { birthDate: "2016-01-01" },
  request: { cpt: "72158", indication: "back_pain", ...(serviceDate ? { serviceDate } : {}) },
  facts: { face_to_face_evaluation: "2026-06-01", xray_done: true, night_pain: true, temperature: { value: 100.2, unit: "°F" }, suspected_infection: false, symptomatic_region: ["lumbar"] },
});

describe("effective-dated versions", () => {
  const m1 = model(text("0.1"), "sample-0.1.guide"), m2 = model(text("0.2"), "sample-0.2.guide");
  const versions: DatedVersion[] = [
    { version: "0.1", effective: "2026-01-01", evaluate: (c, o) => interpret(m1, c, o) },
    { version: "0.2", effective: "2026-07-01", evaluate: (c, o) => interpret(m2, c, o) },
  ];

  it("the day before, on and after a version change", () => {
    const at = (d: string) => evaluateVersions("PEDSP", versions, fever(d));
    // 100.2 °F is fever in 0.1 (>= 100 °F: MRI with contrast approved) and not in 0.2 (>= 100.4 °F: deny).
    expect([at("2026-06-30").version, at("2026-06-30").outcome]).toEqual(["0.1", "approve"]);
    expect([at("2026-07-01").version, at("2026-07-01").outcome]).toEqual(["0.2", "deny"]);
    expect([at("2026-07-02").version, at("2026-07-02").outcome]).toEqual(["0.2", "deny"]);
    expect(evaluateVersions("PEDSP", versions, fever()).version).toBe("0.1"); // asOf 2026-06-30 when no serviceDate
  });

  it("a date before every version, or after a last version's end, is not decided", () => {
    const d = evaluateVersions("PEDSP", versions, fever("2025-12-31"));
    expect(d.outcome).toBe("pend");
    expect(d.errors?.[0]).toMatchObject({ field: "request.serviceDate" });
    expect(() => evaluateVersions("PEDSP", versions, fever("2025-12-31"), { strict: true })).toThrow(/no version of PEDSP/);
    const ended = [versions[0], { ...versions[1], through: "2026-12-31" }];
    expect(evaluateVersions("PEDSP", ended, fever("2027-01-01")).errors?.length).toBe(1);
    expect(versionInForce(ended, { y: 2026, m: 12, d: 31 })?.version).toBe("0.2");
  });

  it("an impossible date of service is an invalid case", () => {
    const d = evaluateVersions("PEDSP", versions, fever("2026-02-30"));
    expect(d.outcome).toBe("pend");
    expect(d.errors?.some((e) => e.field === "request.serviceDate")).toBe(true);
  });

  it("overlapping, gapped and same-day ranges are checker errors", () => {
    const codes = (a: string, b: string) => checkVersions("PEDSP", [model(withDates("0.1", a), "a.guide"), model(withDates("0.2", b), "b.guide")]).diagnostics.map((d) => d.message.split(":")[0]);
    expect(codes("effective 2026-01-01 through 2026-06-30", "effective 2026-07-01")).toEqual([]);
    expect(codes("effective 2026-01-01", "effective 2026-07-01")).toEqual([]);
    expect(codes("effective 2026-01-01 through 2026-07-01", "effective 2026-07-01")[0]).toMatch(/overlap|runs through/);
    expect(codes("effective 2026-01-01 through 2026-06-20", "effective 2026-07-01")[0]).toMatch(/No version of PEDSP is in force from 2026-06-21 to 2026-06-30/);
    expect(codes("effective 2026-07-01", "effective 2026-07-01")[0]).toMatch(/same day/);
  });

  it("a version that ends before it starts, or an effective date without a version, is an error in the file", async () => {
    const r = await run(["check", "test/diff/versions/sample-0.1.guide"]);
    expect(r.code).toBe(0);
    const bad = withDates("0.1", "effective 2026-07-01 through 2026-06-01");
    expect(() => model(bad, "bad.guide")).toThrow(/ends \(2026-06-01\) before it takes effect/);
  });

  it("guide compile of the folder emits one module; its evaluate picks the version and names it", async () => {
    const dir = "test/out/diff-versions";
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const r = await run(["compile", "test/diff/versions/sample-0.1.guide", "test/diff/versions/sample-0.2.guide", "--out", dir]);
    expect(r.code).toBe(0);
    const mod = await import(/* @vite-ignore */ resolve(dir, "versions.ts"));
    expect(mod.versions.map((v: DatedVersion) => [v.version, v.effective])).toEqual([["0.1", "2026-01-01"], ["0.2", "2026-07-01"]]);
    for (const [day, version, outcome] of [["2026-06-30", "0.1", "approve"], ["2026-07-01", "0.2", "deny"], ["2026-07-02", "0.2", "deny"]]) {
      const d = mod.evaluate(fever(day));
      expect([d.version, d.outcome]).toEqual([version, outcome]);
    }
  });
});
