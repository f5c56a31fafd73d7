// Calendar spans (durations and ages): in values with units or Span pairs, out Spans, day ranges,
// comparisons (exact, or unknown when the answer depends on the start date) and plain-words text.
import { daysInMonth, monthsDayNumber } from "./dates.ts";
import type { CompareOp } from "./ops.ts";
import type { Tri } from "./tri.ts";
import { not3 } from "./tri.ts";

/** months (a year is 12) plus days (a week is 7); numbers are kept as given, fractions included. */
export interface Span {
  months: number;
  days: number;
}

export type SpanUnit = "days" | "weeks" | "months" | "years";

export function spanOf(value: number, unit: SpanUnit): Span {
  switch (unit) {
    case "days":
      return { months: 0, days: value };
    case "weeks":
      return { months: 0, days: value * 7 };
    case "months":
      return { months: value, days: 0 };
    case "years":
      return { months: value * 12, days: 0 };
  }
}

/** "days", "day", "weeks", "week", … to the plural unit; anything else gives undefined. */
export function spanUnit(s: unknown): SpanUnit | undefined {
  switch (s) {
    case "day":
    case "days":
      return "days";
    case "week":
    case "weeks":
      return "weeks";
    case "month":
    case "months":
      return "months";
    case "year":
    case "years":
      return "years";
    default:
      return undefined;
  }
}

const roundKey = (x: number) => Math.round(x * 1e9) / 1e9;
const diffCache = new Map<string, readonly number[]>();
const MAX_CACHED = 4096;

/**
 * Every value, in days, of (start + m1 months) - (start + m2 months) over all start dates, sorted.
 * Scans one full 400-year Gregorian cycle (the calendar repeats after it). Start days 1..28 never
 * clamp, so they all give the day-1 value; days 29, 30 and 31 are scanned one by one.
 */
export function monthDiffValues(m1: number, m2: number): readonly number[] {
  if (!Number.isFinite(m1) || !Number.isFinite(m2)) throw new RangeError(`cannot compare ${m1} and ${m2} months`);
  if (m1 === m2) return [0];
  const key = `${m1},${m2}`;
  const cached = diffCache.get(key);
  if (cached) return cached;
  const seen = new Set<number>();
  for (let y = 2000; y < 2400; y++) {
    for (let m = 1; m <= 12; m++) {
      const dim = daysInMonth(y, m);
      for (const d of [1, 29, 30, 31]) {
        if (d > dim) break;
        const start = { y, m, d };
        seen.add(roundKey(monthsDayNumber(start, m1) - monthsDayNumber(start, m2)));
      }
    }
  }
  const values = [...seen].sort((a, b) => a - b);
  if (diffCache.size >= MAX_CACHED) diffCache.clear();
  diffCache.set(key, values);
  return values;
}

/** The fewest and most days that `months` calendar months can span from any start date (1 → 28..31). */
export function monthDayRange(months: number): { lo: number; hi: number } {
  const values = monthDiffValues(months, 0);
  return { lo: values[0], hi: values[values.length - 1] };
}

/** Every value, in days, that a − b takes over all start dates: lo, hi, and whether it can be exactly 0. */
export function spanDiff(a: Span, b: Span): { lo: number; hi: number; canBeZero: boolean } {
  const dd = a.days - b.days;
  const values = monthDiffValues(a.months, b.months).map((v) => roundKey(v + dd));
  return { lo: values[0], hi: values[values.length - 1], canBeZero: values.includes(0) };
}

/**
 * 1 (−1) when a − b is above (below) zero from every start date, judged from bounds alone, else 0.
 * k whole months span 28k to 31k days, and clamping a start day moves an end by at most 3 days; a
 * fractional month lies between its floor and ceiling. Only clear cases (beyond ±0.001 day) are decided.
 */
function surelySign(a: Span, b: Span): -1 | 0 | 1 {
  const kLo = Math.floor(a.months) - Math.ceil(b.months);
  const kHi = Math.ceil(a.months) - Math.floor(b.months);
  const dd = a.days - b.days;
  const lo = (kLo >= 0 ? 28 * kLo : 31 * kLo) - 3 + dd;
  const hi = (kHi >= 0 ? 31 * kHi : 28 * kHi) + 3 + dd;
  return lo > 1e-3 ? 1 : hi < -1e-3 ? -1 : 0;
}

function finite(s: Span): boolean {
  return Number.isFinite(s.months) && Number.isFinite(s.days);
}

/** -1, 0 or 1 when a < b, a = b or a > b from every start date; undefined when it depends on the start. */
export function compareSpans(a: Span, b: Span): -1 | 0 | 1 | undefined {
  if (!finite(a) || !finite(b)) return undefined;
  const r = spanDiff(a, b);
  if (r.lo === 0 && r.hi === 0) return 0;
  if (r.lo > 0) return 1;
  if (r.hi < 0) return -1;
  return undefined;
}

/**
 * `a OP b` in three-valued logic: true (false) when it holds (fails) from every start date,
 * unknown otherwise. Finer than compareSpans: 4 weeks <= 1 month is true, though they are not comparable as -1/0/1.
 */
export function compareSpan3(a: Span, op: CompareOp, b: Span): Tri {
  if (!finite(a) || !finite(b)) return undefined;
  // Fast path (same answers, no scan): when a − b is surely above or below 0 from every start date.
  const sign = surelySign(a, b);
  if (sign !== 0) return op === "=" ? false : op === "!=" ? true : op === ">=" || op === ">" ? sign > 0 : sign < 0;
  const { lo, hi, canBeZero } = spanDiff(a, b);
  const decide = (always: boolean, never: boolean): Tri => (always ? true : never ? false : undefined);
  switch (op) {
    case ">=":
      return decide(lo >= 0, hi < 0);
    case ">":
      return decide(lo > 0, hi <= 0);
    case "<=":
      return decide(hi <= 0, lo > 0);
    case "<":
      return decide(hi < 0, lo >= 0);
    case "=":
      return decide(lo === 0 && hi === 0, !canBeZero);
    case "!=":
      return not3(decide(lo === 0 && hi === 0, !canBeZero));
  }
}

function num(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

function unitText(n: number, singular: string): string {
  return `${num(n)} ${n === 1 ? singular : singular + "s"}`;
}

/** Months as "6 years 2 months", "1 year", "5 months". */
export function formatMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = Math.round((months - years * 12) * 1e6) / 1e6;
  const parts: string[] = [];
  if (years > 0) parts.push(unitText(years, "year"));
  if (rest > 0 || years === 0) parts.push(unitText(rest, "month"));
  return parts.join(" ");
}

/** Plain words: "6 years 2 months", "40 days", "10 years minus 1 day", "0 days". */
export function formatSpan(s: Span): string {
  if (s.months < 0 || (s.months === 0 && s.days < 0)) return `minus ${formatSpan({ months: -s.months, days: -s.days })}`;
  if (s.months === 0) return unitText(s.days, "day");
  const m = formatMonths(s.months);
  if (s.days === 0) return m;
  return s.days > 0 ? `${m} ${unitText(s.days, "day")}` : `${m} minus ${unitText(-s.days, "day")}`;
}
