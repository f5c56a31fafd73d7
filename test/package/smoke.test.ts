// The smoke test: what a user does with the packages (issue 16). `npm pack` both, install the tarballs into a fresh
// app (install.ts: offline, nothing downloaded), then (a) plain `node` runs a compiled evaluator, (b) a strict
// TypeScript app type-checks and a misspelt fact fails it, (c) esbuild bundles it for the browser, (d) `npx guide
// --version` and `npx guide check` work, (e) prettier formats a .guide file with the installed plugin.
// The README's "Embedding" section shows these commands.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { packAndInstall, REPO, sh, must, type Installed } from "./install.ts";

let inst: Installed;
let app: string;
const GALLERY = "examples/cases/01-back-pain-night-pain-mri.json";
const expected = JSON.parse(readFileSync(join(REPO, GALLERY), "utf8")).expect.outcome as string;
const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
const npx = (...args: string[]) => sh("npx", ["--no", "--", ...args], app);

beforeAll(() => {
  inst = packAndInstall();
  app = inst.app;
  mkdirSync(join(app, "guidelines"));
  for (const f of ["pedsp.guide", "000_f1f69f597256be6d.txt"]) cpSync(join(REPO, "guidelines", "pedsp", f), join(app, "guidelines", f));
  cpSync(join(REPO, GALLERY), join(app, "case.json"));
  cpSync(join(REPO, "test/format/golden/sample.guide"), join(app, "messy.guide"));
  must(npx("guide", "compile", "guidelines/pedsp.guide", "--out", "gen", "--target", "js"), "guide compile --target js");
}, 180_000);
afterAll(() => inst?.remove());

describe("the packed packages", () => {
  it("contain what a user needs and nothing else; the runtime has no dependencies", () => {
    const files = (tgz: string) => must(sh("tar", ["-tzf", tgz], app), "tar").trim().split("\n").map((f) => f.replace(/^package\//, ""));
    const toolchain = files(inst.tarballs.toolchain);
    expect(toolchain).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "bin/guide.js", "dist/guide-cli.cjs", "dist/index.js", "dist/prettier.js", "dist/prettier.d.ts", "dist/types/compiler/index.d.ts"]));
    for (const f of toolchain) expect(f, f).toMatch(/^(LICENSE|README\.md|package\.json|bin\/guide\.js|dist\/(guide-cli\.(cjs|code-cache)|index\.js|prettier\.(js|d\.ts)|runtime\.(js|d\.ts)|types\/.+\.d\.ts))$/);
    const runtime = files(inst.tarballs.runtime);
    expect(runtime).toEqual(expect.arrayContaining(["LICENSE", "package.json", "dist/index.js", "dist/index.d.ts"]));
    for (const f of runtime) expect(f, f).toMatch(/^(LICENSE|README\.md|package\.json|dist\/[a-z-]+\.(js|d\.ts))$/);
    const pkg = JSON.parse(readFileSync(join(app, "node_modules/@guideline-dsl/runtime/package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    const tool = JSON.parse(readFileSync(join(app, "node_modules/guideline-dsl/package.json"), "utf8"));
    // fhirpath: guide serve's pre-population (FHIRPath over the patient's resources), loaded only by that command.
    expect(Object.keys(tool.dependencies).sort()).toEqual(["@guideline-dsl/runtime", "fhirpath", "prettier"]);
  });

  it("(a) plain node runs the compiled evaluator on a gallery case, no TypeScript tooling", () => {
    writeFileSync(join(app, "app.mjs"), `import { readFileSync } from "node:fs";
import { evaluateUnknown } from "./gen/pedsp.js";
const d = evaluateUnknown(JSON.parse(readFileSync("case.json", "utf8")));
console.log(d.outcome, d.section);
`);
    const out = must(sh(process.execPath, ["app.mjs"], app), "node app.mjs");
    expect(out.split(" ")[0]).toBe(expected);
  });

  it("(b) a strict TypeScript app type-checks, and a misspelt fact fails it", () => {
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, skipLibCheck: false, types: [] }, files: ["typed.ts"] }, null, 2));
    writeFileSync(join(app, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["misspelt.ts"] }, null, 2));
    const body = (fact: string) => `import { evaluate, type Case, type Determination } from "./gen/pedsp.js";
import type { Diagnostic } from "guideline-dsl";
const c: Case = {
  asOf: "2026-11-25",
  patient: { birthDate: "2015-06-14" },
  request: { cpt: "72148", indication: "back_pain" },
  facts: { ${fact}: true, face_to_face_evaluation: "2026-11-13" },
};
const d: Determination = evaluate(c);
const outcome: "approve" | "deny" | "pend" | "review" | "not-applicable" = d.outcome;
export const seen: Diagnostic[] = [];
console.log(outcome);
`;
    writeFileSync(join(app, "typed.ts"), body("xray_done"));
    writeFileSync(join(app, "misspelt.ts"), body("xray_dne"));
    const ok = sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const bad = sh(process.execPath, [tsc, "-p", "tsconfig.bad.json"], app);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/misspelt\.ts\(7,\d+\): error TS(2353|2561): .*xray_dne/);
  });

  it("(c) esbuild bundles it for the browser, and the bundle decides the same", async () => {
    writeFileSync(join(app, "browser.mjs"), `import { evaluateUnknown } from "./gen/pedsp.js";
import gallery from "./case.json";
globalThis.decided = evaluateUnknown(gallery).outcome;
`);
    const r = await build({ absWorkingDir: app, entryPoints: ["browser.mjs"], bundle: true, platform: "browser", format: "esm", outfile: join(app, "bundle.js"), logLevel: "silent", write: true });
    expect(r.errors).toEqual([]);
    const js = readFileSync(join(app, "bundle.js"), "utf8");
    expect(js).not.toMatch(/from\s*["']node:|require\(["']node:/);
    writeFileSync(join(app, "run-bundle.mjs"), `await import("./bundle.js");\nconsole.log(globalThis.decided);\n`);
    const out = must(sh(process.execPath, ["run-bundle.mjs"], app), "the browser bundle");
    expect(out.trim()).toBe(expected);
  });

  it("(d) npx guide --version and npx guide check work from the installed package", () => {
    expect(must(npx("guide", "--version"), "guide --version").trim()).toBe(inst.version);
    const r = npx("guide", "check", "guidelines/pedsp.guide");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 file checked: 0 errors/);
    const bad = sh(process.execPath, [join(app, "node_modules", ".bin", "guide"), "check", "--format", "github", "-"], app);
    expect(bad.status).toBe(1); // standard input is empty: not a guideline
  });

  it("(e) prettier formats a .guide file with the installed plugin", () => {
    const out = must(npx("prettier", "--plugin", "guideline-dsl/prettier", "messy.guide"), "prettier with the plugin");
    expect(out).toBe(readFileSync(join(REPO, "test/format/golden/sample.formatted.guide"), "utf8"));
  });
});
