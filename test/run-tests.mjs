// `npm test`: type-check, then the whole vitest suite; ends with the plain line "N passed, N failed"
// computed from vitest's JSON report, and exits non-zero on any failure.
// A wall-clock guard ends a run that hangs: after GUIDE_TEST_TIMEOUT_S seconds (default 1200) it kills vitest's
// process group, prints "timed out: FILE > TEST" for each test still running (from the log test/setup/progress.ts
// writes), and counts each as failed. GUIDE_TEST_OUT (default test/out) holds the report and the log;
// GUIDE_TEST_SKIP_TYPECHECK=1 skips tsc (the guard's own test runs a fixture that way).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const args = process.argv.slice(2);
const limitS = Number(process.env.GUIDE_TEST_TIMEOUT_S ?? 1200);
if (!(limitS > 0)) { console.error(`GUIDE_TEST_TIMEOUT_S must be a positive number of seconds, not ${process.env.GUIDE_TEST_TIMEOUT_S}`); process.exit(2); }
const started = Date.now();
const deadline = started + limitS * 1000;
const outDir = process.env.GUIDE_TEST_OUT ?? "test/out";
mkdirSync(outDir, { recursive: true });
const report = join(outDir, "vitest-report.json");
const progress = join(outDir, `progress-${process.pid}.log`);
for (const f of [report, progress]) rmSync(f, { force: true }); // a stale report must not be counted

/** Runs a command in its own process group until it exits or the deadline passes; then the whole group is killed. */
function run(cmd, argv, env = process.env) {
  return new Promise((done) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "inherit", "inherit"], detached: true, env });
    let timedOut = false;
    const killGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
    const timer = setTimeout(() => { timedOut = true; killGroup("SIGKILL"); }, Math.max(0, deadline - Date.now()));
    // The group is detached from the terminal's, so pass on an interrupt.
    const stop = () => { killGroup("SIGTERM"); process.exit(130); };
    process.once("SIGINT", stop).once("SIGTERM", stop);
    child.on("error", (e) => { clearTimeout(timer); console.error(`cannot start ${cmd}: ${e.message}`); done({ code: 1, timedOut, pgid: child.pid }); });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      process.off("SIGINT", stop).off("SIGTERM", stop);
      // vitest may have exited while a worker of its group lives on: end them too.
      killGroup("SIGKILL");
      done({ code: code ?? (signal ? 1 : 0), timedOut, pgid: child.pid });
    });
  });
}

let failed = 0;
let typeOk = true;
if (process.env.GUIDE_TEST_SKIP_TYPECHECK !== "1") {
  const tsc = await run(process.execPath, [join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc"), "--noEmit", "-p", "."]);
  typeOk = tsc.code === 0 && !tsc.timedOut;
  if (!typeOk) console.error(tsc.timedOut ? `type-check timed out after ${limitS} s` : "type-check failed");
}

const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const vitest = Date.now() < deadline
  ? await run(process.execPath, [vitestBin, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args], { ...process.env, GUIDE_TEST_PROGRESS: progress })
  : { code: 1, timedOut: true, pgid: undefined };

let passed = 0, skipped = 0;
if (vitest.timedOut) {
  // No JSON report: count from the progress log, and name every test (or file) still running.
  const lines = existsSync(progress) ? readFileSync(progress, "utf8").split("\n").filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).filter(Boolean) : [];
  const running = new Map(), openFiles = new Map();
  for (const l of lines) {
    if (l.e === "file") openFiles.set(l.file, l.at);
    else if (l.e === "file-end") openFiles.delete(l.file);
    else if (l.e === "start") running.set(l.id, l);
    else if (l.e === "end") { running.delete(l.id); if (l.ok) passed++; else failed++; }
  }
  const now = Date.now();
  const hung = [...running.values()].map((t) => `timed out: ${relative(process.cwd(), t.file)} > ${t.test} (running for ${Math.round((now - t.at) / 1000)} s)`);
  for (const [file, at] of openFiles) if (![...running.values()].some((t) => t.file === file)) hung.push(`timed out: ${relative(process.cwd(), file)} (loading the file or in a hook, for ${Math.round((now - at) / 1000)} s)`);
  if (!hung.length) hung.push("timed out: before any test file started");
  console.error(`\nThe suite did not finish within ${limitS} s (GUIDE_TEST_TIMEOUT_S); stopped vitest (process group ${vitest.pgid ?? "none"}).`);
  for (const h of hung) console.error(h);
  failed += hung.length;
} else {
  try {
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed = r.numPassedTests; failed += r.numFailedTests; skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A file that failed without a failed test (it did not load, or a hook threw) counts once. (numFailedTestSuites
    // counts describe blocks as well as files, so it cannot be used for this.)
    failed += (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed")).length;
  } catch {
    failed += 1;
  }
}
rmSync(progress, { force: true });
if (!typeOk) failed += 1;
console.log(`npm test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && vitest.code === 0 && passed > 0 ? 0 : 1);
