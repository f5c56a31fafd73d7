// Case values of declared facts: in a raw JSON value and the declared FactType, out the FactValue the
// evaluator uses (numbers in the declared unit, durations as Span, dates as Ymd) or plain-words issues.
import type { Ymd } from "./dates.ts";
import { dayNumber, formatIsoDate, isoDateProblem, parseIsoDate } from "./dates.ts";
import type { CaseIssue } from "./errors.ts";
import { childPath, describeValue, FORBIDDEN_KEYS, isPlainObject, ownValue } from "./keys.ts";
import { canonicalUnit, compareNumbers, convert, unitDimension, unitsOf } from "./quantity.ts";
import type { Span } from "./span.ts";
import { formatSpan, spanOf, spanUnit } from "./span.ts";
import { didYouMean } from "./suggest.ts";
import type { FactType, FactValue, NumberBounds, SpanBounds } from "./validate.ts";

export const MAX_SET_ITEMS = 1000;
/** Durations longer than this many years are refused (they are typing mistakes, and slow to compare). */
export const MAX_DURATION_YEARS = 1000;

type Issues = CaseIssue[];

/**
 * A number fact's value (in its declared unit) is finite and within the bounds the guideline declares, both
 * ends included with compareNumbers' tolerance. Shared with the fast path (fast-read.ts), so the two agree.
 */
export function withinNumberBounds(v: number, bounds: NumberBounds | undefined): boolean {
  if (!Number.isFinite(v)) return false;
  return bounds === undefined || (compareNumbers(v, ">=", bounds.min) && compareNumbers(v, "<=", bounds.max));
}

/** Days in a mean Gregorian month (146,097 days in 4,800 months). */
const MEAN_MONTH_DAYS = 146_097 / 4_800;
/** A span's mean length in days: how a duration is held to its bounds (a plausibility limit needs no calendar). */
export const meanDays = (s: Span): number => s.months * MEAN_MONTH_DAYS + s.days;

/** A duration fact's value is within its declared bounds (by mean length, ends included), like withinNumberBounds. */
export function withinSpanBounds(s: Span, bounds: SpanBounds | undefined): boolean {
  const d = meanDays(s);
  if (!Number.isFinite(d)) return false;
  return bounds === undefined || (compareNumbers(d, ">=", meanDays(bounds.min)) && compareNumbers(d, "<=", meanDays(bounds.max)));
}

/** A number as the case gave it, for messages: rounded when ordinary, as JavaScript writes it when huge. */
const shown = (n: number): string => (Math.abs(n) < 1e15 ? String(Math.round(n * 1e6) / 1e6) : String(n));
const withUnit = (n: string, unit: string): string => (unit === "" ? n : `${n} ${canonicalUnit(unit) ?? unit}`);

/** Check extra keys of a {value, unit} object. */
function onlyKeys(o: object, allowed: readonly string[], path: string, issues: Issues, what: string): void {
  for (const key of Object.keys(o)) {
    if (FORBIDDEN_KEYS.has(key) || allowed.includes(key)) continue;
    issues.push({ field: childPath(path, key), message: `is not part of ${what}; use ${allowed.join(" and ")}` });
  }
}

function readNumber(raw: unknown, type: FactType & { kind: "number" }, path: string, issues: Issues): number | undefined {
  const unit = type.unit;
  if (typeof raw === "number") {
    if (Number.isFinite(raw)) return inBounds(raw, raw, unit, type, path, issues);
    issues.push({ field: path, message: `must be a finite number, got ${String(raw)}` });
    return undefined;
  }
  // The declared unit, for messages only.
  const declared = canonicalUnit(unit) ?? unit;
  if (!isPlainObject(raw)) {
    const example = declared === "" ? "a number" : `a number in ${declared}, or an object like {"value": 4.5, "unit": "${declared}"}`;
    issues.push({ field: path, message: `must be ${example}, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = issues.length;
  onlyKeys(raw, ["value", "unit"], path, issues, "a measurement");
  const value = ownValue(raw, "value");
  const given = ownValue(raw, "unit");
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const got = typeof value === "number" ? String(value) : value === undefined ? "nothing" : describeValue(value);
    issues.push({ field: `${path}.value`, message: `must be a finite number, got ${got}` });
  }
  if (typeof given !== "string") {
    issues.push({ field: `${path}.unit`, message: `must be given as a string such as "${declared}"` });
  } else if (canonicalUnit(given) === undefined) {
    issues.push({ field: `${path}.unit`, message: `${describeValue(given)} is not a unit this guideline knows; use ${listUnits(unit)}` });
  } else if (unitDimension(given) !== unitDimension(unit)) {
    const dim = unitDimension(given);
    issues.push({ field: `${path}.unit`, message: `${given} measures ${dim === "count" ? "a plain count" : dim}, but this fact is measured in ${listUnits(unit)}` });
  }
  if (issues.length > before || typeof value !== "number" || typeof given !== "string") return undefined;
  return inBounds(convert(value, given, unit), value, given, type, `${path}.value`, issues);
}

/** The value in the declared unit when it is finite and within the declared bounds; an issue otherwise. */
function inBounds(v: number, value: number, given: string, type: FactType & { kind: "number" }, path: string, issues: Issues): number | undefined {
  if (withinNumberBounds(v, type.bounds)) return v;
  const unit = type.unit, converted = canonicalUnit(given) !== canonicalUnit(unit);
  const as = converted ? ` (${withUnit(shown(v), unit)})` : "";
  if (!Number.isFinite(v)) {
    issues.push({ field: path, message: `${withUnit(shown(value), given)} is ${withUnit(shown(v), unit)}, not a finite number` });
  } else {
    const b = type.bounds!;
    issues.push({ field: path, message: `${withUnit(shown(value), given)}${as} is outside the plausible range ${withUnit(`${shown(b.min)} to ${shown(b.max)}`, unit)} this guideline declares` });
  }
  return undefined;
}

function listUnits(unit: string): string {
  const dim = unitDimension(unit);
  if (dim === undefined) return JSON.stringify(unit);
  return unitsOf(dim).map((u) => (u === "" ? '"" (a plain number)' : u)).join(" or ");
}

function readDuration(raw: unknown, bounds: SpanBounds | undefined, path: string, issues: Issues): Span | undefined {
  const example = 'an object like {"value": 4, "unit": "weeks"}';
  if (!isPlainObject(raw)) {
    issues.push({ field: path, message: `must be ${example}, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = issues.length;
  onlyKeys(raw, ["value", "unit"], path, issues, "a duration");
  const value = ownValue(raw, "value");
  const rawUnit = ownValue(raw, "unit");
  const unit = spanUnit(rawUnit);
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    const got = typeof value === "number" ? String(value) : value === undefined ? "nothing" : describeValue(value);
    issues.push({ field: `${path}.value`, message: `must be a number 0 or more, got ${got}` });
  }
  if (unit === undefined) {
    const got = rawUnit === undefined ? "nothing" : describeValue(rawUnit);
    issues.push({ field: `${path}.unit`, message: `must be "days", "weeks", "months" or "years", got ${got}` });
  }
  if (issues.length > before || unit === undefined || typeof value !== "number") return undefined;
  const span = spanOf(value, unit);
  if (span.months > MAX_DURATION_YEARS * 12 || span.days > MAX_DURATION_YEARS * 366) {
    issues.push({ field: `${path}.value`, message: `${shown(value)} ${unit} is longer than ${MAX_DURATION_YEARS} years` });
    return undefined;
  }
  if (!withinSpanBounds(span, bounds)) {
    issues.push({ field: `${path}.value`, message: `${shown(value)} ${unit} is outside the plausible range ${formatSpan(bounds!.min)} to ${formatSpan(bounds!.max)} this guideline declares` });
    return undefined;
  }
  return span;
}

function readDate(raw: unknown, asOf: Ymd | undefined, path: string, issues: Issues): Ymd | undefined {
  const date = parseIsoDate(raw) ?? undefined;
  if (date === undefined) {
    issues.push({ field: path, message: isoDateProblem(raw)! });
    return undefined;
  }
  if (asOf && dayNumber(date) > dayNumber(asOf)) {
    issues.push({ field: path, message: `${formatIsoDate(date)} is after asOf ${formatIsoDate(asOf)}; a documented date cannot be in the future` });
    return undefined;
  }
  return date;
}

function oneOf(values: readonly string[]): string {
  return values.length <= 12 ? values.join(", ") : `${values.slice(0, 12).join(", ")}, … (${values.length} in all)`;
}

function readEnum(raw: unknown, values: readonly string[], path: string, issues: Issues): string | undefined {
  if (typeof raw === "string" && values.includes(raw)) return raw;
  if (typeof raw !== "string") issues.push({ field: path, message: `must be one of ${oneOf(values)}; got ${describeValue(raw)}` });
  else issues.push({ field: path, message: `${describeValue(raw)} is not one of ${oneOf(values)}${didYouMean(raw, values)}` });
  return undefined;
}

function readSet(raw: unknown, values: readonly string[], path: string, issues: Issues): readonly string[] | undefined {
  if (typeof raw === "string") {
    const one = readEnum(raw, values, path, issues);
    return one === undefined ? undefined : [one];
  }
  if (!Array.isArray(raw)) {
    issues.push({ field: path, message: `must be a list of values from ${oneOf(values)}; got ${describeValue(raw)}` });
    return undefined;
  }
  if (raw.length > MAX_SET_ITEMS) {
    issues.push({ field: path, message: `has ${raw.length} items; at most ${MAX_SET_ITEMS} are allowed` });
    return undefined;
  }
  const before = issues.length;
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    // An item's path is made only for a message.
    if (typeof item === "string" && seen.has(item)) {
      issues.push({ field: childPath(path, i), message: `${describeValue(item)} is listed twice` });
    } else if (typeof item === "string" && values.includes(item)) {
      seen.add(item);
    } else {
      readEnum(item, values, childPath(path, i), issues);
    }
  }
  if (issues.length > before) return undefined;
  return values.filter((v) => seen.has(v));
}

/** The case value of one fact (not null or absent), read against its declared type; undefined on an issue. */
export function readFactValue(raw: unknown, type: FactType, asOf: Ymd | undefined, path: string, issues: Issues): FactValue | undefined {
  switch (type.kind) {
    case "bool":
      if (raw === true || raw === false) return raw;
      issues.push({ field: path, message: `must be true or false (or null when not known), got ${describeValue(raw)}` });
      return undefined;
    case "number":
      return readNumber(raw, type, path, issues);
    case "duration":
      return readDuration(raw, type.bounds, path, issues);
    case "date":
      return readDate(raw, asOf, path, issues);
    case "enum":
      return readEnum(raw, type.values, path, issues);
    case "set":
      return readSet(raw, type.values, path, issues);
  }
}
