// A first pass over an untrusted case: in any value, out issues for keys that could reach the prototype
// (__proto__, constructor, prototype), strings over 10,000 characters, cycles and runaway nesting.
import type { CaseIssue } from "./errors.ts";
import { childPath, FORBIDDEN_KEYS } from "./keys.ts";

export const MAX_STRING = 10_000;
export const MAX_DEPTH = 32;
const MAX_NODES = 1_000_000;

/** The issues, and the paths they are about (later checks stay silent on those). */
export function scanUnsafe(input: unknown, root = "case"): { issues: CaseIssue[]; bad: Set<string> } {
  const issues: CaseIssue[] = [];
  const bad = new Set<string>();
  const onPath = new Set<object>();
  let nodes = 0;
  const report = (field: string, message: string) => {
    issues.push({ field, message });
    bad.add(field);
  };
  // The path of a value is built only when it is reported or has children: most values are leaves.
  const visit = (v: unknown, parent: string, key: string | number | undefined, depth: number): void => {
    if (++nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) report(root, "is too large to check");
      return;
    }
    if (typeof v === "string") {
      if (v.length > MAX_STRING) report(key === undefined ? parent : childPath(parent, key), `is longer than 10,000 characters (${v.length})`);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    const path = key === undefined ? parent : childPath(parent, key);
    if (depth > MAX_DEPTH) return report(path, `is nested more than ${MAX_DEPTH} levels deep`);
    if (onPath.has(v)) return report(path, "refers to itself");
    onPath.add(v);
    if (Array.isArray(v)) {
      const n = Math.min(v.length, MAX_NODES);
      for (let i = 0; i < n; i++) visit(v[i], path, i, depth + 1);
    } else {
      const base = path === root ? "" : path;
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) report(childPath(base, key), `${JSON.stringify(key)} is not allowed as a key`);
        else if (key.length > MAX_STRING) report(childPath(base, key), "is a key longer than 10,000 characters");
        else visit((v as Record<string, unknown>)[key], base, key, depth + 1);
      }
    }
    onPath.delete(v);
  };
  visit(input, root, undefined, 0);
  return { issues, bad };
}
