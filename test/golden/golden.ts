// Golden-file helper: compare text with a checked-in expected file; UPDATE_GOLDEN=1 rewrites them,
// to be reviewed as a diff.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`${path} did not exist; written now. Review it and rerun.`);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
