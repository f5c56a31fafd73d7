// Numbers with units: in a value and unit spellings (°F/degF, °C/degC, mm, cm, degrees/°, "" for a
// plain count), out dimensions, converted values and tolerant comparisons.
import type { CompareOp } from "./ops.ts";

export type Dimension = "temperature" | "length" | "angle" | "count";

export type CanonicalUnit = "°F" | "°C" | "mm" | "cm" | "degrees" | "";

/** The one spelling a unit is known by, or undefined for an unknown unit. */
export function canonicalUnit(unit: string): CanonicalUnit | undefined {
  switch (unit) {
    case "°F":
    case "degF":
      return "°F";
    case "°C":
    case "degC":
      return "°C";
    case "mm":
      return "mm";
    case "cm":
      return "cm";
    case "degrees":
    case "°":
      return "degrees";
    case "":
      return "";
    default:
      return undefined;
  }
}

const DIMENSION: Record<CanonicalUnit, Dimension> = {
  "°F": "temperature",
  "°C": "temperature",
  mm: "length",
  cm: "length",
  degrees: "angle",
  "": "count",
};

export function unitDimension(unit: string): Dimension | undefined {
  const c = canonicalUnit(unit);
  return c === undefined ? undefined : DIMENSION[c];
}

/** The units a dimension is measured in, for messages. */
export function unitsOf(dimension: Dimension): readonly CanonicalUnit[] {
  return (Object.keys(DIMENSION) as CanonicalUnit[]).filter((u) => DIMENSION[u] === dimension);
}

/** Convert between units of one dimension (°F = °C × 9/5 + 32, 1 cm = 10 mm); throws RangeError otherwise. */
export function convert(value: number, from: string, to: string): number {
  const f = canonicalUnit(from);
  const t = canonicalUnit(to);
  if (f === undefined || t === undefined || DIMENSION[f] !== DIMENSION[t]) {
    throw new RangeError(`cannot convert ${JSON.stringify(from)} to ${JSON.stringify(to)}`);
  }
  if (f === t) return value;
  if (f === "°C" && t === "°F") return (value * 9) / 5 + 32;
  if (f === "°F" && t === "°C") return ((value - 32) * 5) / 9;
  if (f === "cm" && t === "mm") return value * 10;
  if (f === "mm" && t === "cm") return value / 10;
  throw new RangeError(`cannot convert ${JSON.stringify(from)} to ${JSON.stringify(to)}`);
}

/**
 * Equal within 1e-9 relative (at least 1e-9 absolute), so 37.777…°C meets 100°F exactly. Never for ±Infinity
 * or NaN: a relative tolerance of an infinite value is infinite, and would make −Infinity equal to everything.
 */
export function nearlyEqual(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * `a OP b` with the tolerance above for equality; false whenever either side is not finite (NaN or ±Infinity,
 * which validation refuses: should one ever arrive, no comparison holds, so it is never mistaken for a value).
 */
export function compareNumbers(a: number, op: CompareOp, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const eq = nearlyEqual(a, b);
  switch (op) {
    case ">=":
      return eq || a > b;
    case ">":
      return !eq && a > b;
    case "<=":
      return eq || a < b;
    case "<":
      return !eq && a < b;
    case "=":
      return eq;
    case "!=":
      return !eq;
  }
}

/** "101 °F", "4.5 mm", "15 degrees", "3". */
export function formatQuantity(value: number, unit: string): string {
  const c = canonicalUnit(unit) ?? unit;
  const v = String(Math.round(value * 1e6) / 1e6);
  return c === "" ? v : `${v} ${c}`;
}
