// Runs in each test worker before each test file: appends "file", "start", "end" and "file-end" lines to the log
// named by GUIDE_TEST_PROGRESS, synchronously, so test/run-tests.mjs can name the test that hangs when it stops a
// run. A reporter cannot: vitest's workers send test events at most every 100 ms on a timer, and a test stuck in
// a synchronous loop never lets that timer fire.
import { appendFileSync } from "node:fs";
import { afterAll, beforeEach, expect } from "vitest";

const log = process.env.GUIDE_TEST_PROGRESS;
if (log) {
  const file = expect.getState().testPath ?? "?";
  const write = (entry: Record<string, unknown>): void => appendFileSync(log, JSON.stringify({ ...entry, at: Date.now() }) + "\n");
  let next = 0;
  write({ e: "file", file });
  beforeEach((ctx) => {
    const names: string[] = [];
    for (let s = ctx.task.suite; s && s !== ctx.task.file; s = s.suite) names.unshift(s.name);
    const id = `${file}#${next++}`;
    write({ e: "start", file, id, test: [...names, ctx.task.name].join(" > ") });
    ctx.onTestFinished(() => write({ e: "end", file, id, ok: ctx.task.result?.state !== "fail" }));
  });
  afterAll(() => write({ e: "file-end", file }));
}
