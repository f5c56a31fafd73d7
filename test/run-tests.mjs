// `npm test`: type-check, then the whole vitest suite; ends with the plain line "N passed, N failed"
// computed from vitest's JSON report, and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
mkdirSync("test/out", { recursive: true });
const tsc = spawnSync("npx", ["tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
const typeOk = tsc.status === 0;
if (!typeOk) console.error("type-check failed");
const report = "test/out/vitest-report.json";
const run = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args], { stdio: "inherit" });
let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests; failed = r.numFailedTests; skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites) failed += r.numFailedTestSuites - (r.testResults ?? []).filter((s) => s.status === "failed" && (s.assertionResults ?? []).some((a) => a.status === "failed")).length;
} catch {
  failed += 1;
}
if (!typeOk) failed += 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && run.status === 0 && passed > 0 ? 0 : 1);
