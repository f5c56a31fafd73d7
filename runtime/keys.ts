// Safe reading of untrusted JSON-like input: in any value, out plain-object tests and own-key lookups
// that never touch the prototype chain, plus the keys a case may never use (__proto__ and friends).

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A non-null, non-array object whose prototype is Object.prototype or null (what JSON.parse makes). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** The own value at key, or undefined when the object has no own property by that name. */
export function ownValue(o: object, key: string): unknown {
  return hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** Own enumerable string keys, minus the forbidden ones. */
export function safeKeys(o: object): string[] {
  return Object.keys(o).filter((k) => !FORBIDDEN_KEYS.has(k));
}

/** A short plain-words description of a value for messages: `"yes"`, `the number 5`, `an array`. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return v.length > 40 ? JSON.stringify(v.slice(0, 40)) + "…" : JSON.stringify(v);
  if (typeof v === "number") return `the number ${String(v)}`;
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

/** `facts.temperature`, `facts["odd key"]`, `facts.region[2]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const shown = key.length > 40 ? key.slice(0, 40) + "…" : key;
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? shown : `[${JSON.stringify(shown)}]`;
  if (parent === "") return part;
  return part.startsWith("[") ? parent + part : `${parent}.${part}`;
}
