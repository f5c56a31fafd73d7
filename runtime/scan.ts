// A first pass over an untrusted case: in any value, out the runtime's own copy of it (plain objects and
// arrays read once, by key and by index) and issues for what cannot be read (a throwing getter, a Proxy trap,
// a revoked Proxy), keys that could reach the prototype (__proto__, constructor, prototype), strings over
// 10,000 characters, cycles and runaway nesting. Validation reads only the copy, so no method of the
// caller's objects is ever called after this pass and every value is checked as it will be decided.
import type { CaseIssue } from "./errors.ts";
import { childPath, FORBIDDEN_KEYS } from "./keys.ts";

export const MAX_STRING = 10_000;
export const MAX_DEPTH = 32;
const MAX_NODES = 1_000_000;

/**
 * What an object that is neither a plain object nor an array (a Date, a Map, a class instance, a function's
 * prototype…) becomes in the copy: an object whose prototype is not Object.prototype, so every reader
 * refuses it ("got an object") without looking inside.
 */
const OPAQUE: object = Object.freeze(Object.create(Object.freeze(Object.create(null)) as object) as object);

const UNREADABLE = "could not be read: reading it raised an error (a throwing getter or a Proxy?)";

/** The issues, the paths they are about (later checks stay silent on those), and the copy to validate. */
export function scanUnsafe(input: unknown, root = "case"): { issues: CaseIssue[]; bad: Set<string>; value: unknown } {
  const issues: CaseIssue[] = [];
  const bad = new Set<string>();
  const onPath = new Set<object>();
  let nodes = 0;
  const report = (field: string, message: string) => {
    issues.push({ field, message });
    bad.add(field);
  };
  const pathOf = (parent: string, key: string | number | undefined) => (key === undefined ? parent : childPath(parent, key));
  // The path of a value is built only when it is reported or has children: most values are leaves.
  // Returns the copy of v; SKIP when v is left out (reported, or past the node budget).
  const SKIP = Symbol("skip");
  const visit = (v: unknown, parent: string, key: string | number | undefined, depth: number): unknown => {
    if (++nodes > MAX_NODES) {
      if (nodes === MAX_NODES + 1) report(root, "is too large to check");
      return SKIP;
    }
    if (typeof v === "string") {
      if (v.length > MAX_STRING) report(pathOf(parent, key), `is longer than 10,000 characters (${v.length})`);
      return v;
    }
    if (typeof v !== "object" || v === null) return v;
    const path = pathOf(parent, key);
    if (depth > MAX_DEPTH) {
      report(path, `is nested more than ${MAX_DEPTH} levels deep`);
      return SKIP;
    }
    if (onPath.has(v)) {
      report(path, "refers to itself");
      return SKIP;
    }
    onPath.add(v);
    try {
      return copyObject(v, path, depth);
    } catch {
      // Array.isArray, getPrototypeOf, the length or the key list threw (a revoked Proxy, a hostile trap).
      // Nothing of the thrown value is read: it may be hostile too.
      report(path, UNREADABLE);
      return SKIP;
    } finally {
      onPath.delete(v);
    }
  };
  const copyObject = (v: object, path: string, depth: number): unknown => {
    if (Array.isArray(v)) {
      const length: unknown = (v as unknown[]).length;
      if (typeof length !== "number" || !Number.isInteger(length) || length < 0) throw new TypeError("bad length");
      const n = Math.min(length, MAX_NODES);
      const out: unknown[] = [];
      for (let i = 0; i < n && nodes <= MAX_NODES; i++) {
        let item: unknown;
        try {
          item = (v as unknown[])[i];
        } catch {
          report(childPath(path, i), UNREADABLE);
          out.push(undefined);
          continue;
        }
        const c = visit(item, path, i, depth + 1);
        out.push(c === SKIP ? undefined : c);
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return OPAQUE;
    const out = Object.create(null) as Record<string, unknown>;
    const base = path === root ? "" : path;
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        report(childPath(base, key), `${JSON.stringify(key)} is not allowed as a key`);
        continue;
      }
      if (key.length > MAX_STRING) {
        report(childPath(base, key), "is a key longer than 10,000 characters");
        continue;
      }
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[key];
      } catch {
        report(childPath(base, key), UNREADABLE);
        continue;
      }
      const c = visit(item, base, key, depth + 1);
      if (c !== SKIP) out[key] = c;
    }
    return out;
  };
  const value = visit(input, root, undefined, 0);
  return { issues, bad, value: value === SKIP ? undefined : value };
}
