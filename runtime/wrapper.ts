// The one rule for a case wrapped in a gallery file ({"description": …, "case": {…}, "expect": …}): in any
// value, out the case inside it and an issue for every key beside `case` other than description and expect.
// validateCase applies it, so `evaluate`, `guide eval` and the playground all decide exactly the same object.
import type { CaseIssue } from "./errors.ts";
import { childPath, FORBIDDEN_KEYS, hasOwn, isPlainObject } from "./keys.ts";

export const WRAPPER_KEYS: readonly string[] = ["case", "description", "expect"];

/**
 * A plain object with an own `case` key is a wrapper: its `case` (read once) is the case. Anything else is
 * the case itself. A value that throws while being looked at is returned as is, for scanUnsafe to report.
 */
export function unwrapCase(input: unknown): { case: unknown; wrapped: boolean; issues: CaseIssue[] } {
  try {
    if (!isPlainObject(input) || !hasOwn(input, "case")) return { case: input, wrapped: false, issues: [] };
    const issues: CaseIssue[] = [];
    for (const key of Object.keys(input)) {
      if (WRAPPER_KEYS.includes(key)) continue;
      issues.push({
        field: childPath("", key),
        message: FORBIDDEN_KEYS.has(key)
          ? `${JSON.stringify(key)} is not allowed as a key`
          : `is beside "case": a file that wraps its case in "case" may have only "description" and "expect" beside it`,
      });
    }
    return { case: input.case, wrapped: true, issues };
  } catch {
    return { case: input, wrapped: false, issues: [] };
  }
}
