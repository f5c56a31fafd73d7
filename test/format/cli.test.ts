// `guide fmt`: stdout by default, --check lists unformatted files (exit 1), --write rewrites,
// a file with syntax errors is reported and left untouched (exit 1).
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
const tmp = mkdtempSync(join(tmpdir(), "guide-fmt-"));
const messy = 'guideline X "t"   // keep me\nsection A-1 "s" { r: deny 72148 when a cite "c" }';
const tidy = 'guideline X "t" // keep me\n\nsection A-1 "s" {\n  r: deny 72148\n    when a\n    cite "c"\n}\n';

describe("guide fmt", () => {
  it("prints the formatted text and leaves the file alone", async () => {
    const f = join(tmp, "a.guide");
    writeFileSync(f, messy);
    const r = await run("fmt", f);
    expect(r.code).toBe(0);
    expect(r.out).toBe(tidy);
    expect(readFileSync(f, "utf8")).toBe(messy);
  });
  it("--check lists unformatted files and exits 1; 0 once formatted", async () => {
    const a = join(tmp, "b.guide"), b = join(tmp, "c.guide");
    writeFileSync(a, messy);
    writeFileSync(b, tidy);
    const r = await run("fmt", "--check", a, b);
    expect(r.code).toBe(1);
    expect(r.out.trim().split("\n")).toEqual([a]);
    expect((await run("fmt", "--check", b)).code).toBe(0);
  });
  it("--write rewrites the file", async () => {
    const f = join(tmp, "d.guide");
    writeFileSync(f, messy);
    expect((await run("fmt", "--write", f)).code).toBe(0);
    expect(readFileSync(f, "utf8")).toBe(tidy);
    expect((await run("fmt", "--check", f)).code).toBe(0);
  });
  it("does not touch a file with syntax errors, prints its diagnostics and exits 1", async () => {
    const f = join(tmp, "e.guide");
    const bad = 'guideline X "t"\nsection ( {';
    writeFileSync(f, bad);
    const r = await run("fmt", "--write", f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/e\.guide:2:9: error syntax-error/);
    expect(readFileSync(f, "utf8")).toBe(bad);
  });
  it("exits 2 on a missing file or --check with --write", async () => {
    expect((await run("fmt", join(tmp, "nope.guide"))).code).toBe(2);
    expect((await run("fmt", "--check", "--write", join(tmp, "a.guide"))).code).toBe(2);
  });
});
