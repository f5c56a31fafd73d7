// ISO calendar dates without clock or time zone: in "YYYY-MM-DD" strings, Ymd triples and Spans,
// out Ymd triples and day numbers (days since 1970-01-01, proleptic Gregorian). Integer arithmetic only.
import type { Span } from "./span.ts";

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
/** "YYYY-MM-DD" read from its character codes: the three numbers, or undefined when it is not of that form. */
function ymdOf(s: string): Ymd | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const a = digitAt(s, 0), b = digitAt(s, 1), c = digitAt(s, 2), e = digitAt(s, 3), f = digitAt(s, 5), g = digitAt(s, 6), h = digitAt(s, 8), i = digitAt(s, 9);
  if ((a | b | c | e | f | g | h | i) < 0) return undefined;
  return { y: a * 1000 + b * 100 + c * 10 + e, m: f * 10 + g, d: h * 10 + i };
}
const isReal = (d: Ymd): boolean => d.y >= MIN_YEAR && d.y <= MAX_YEAR && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= daysInMonth(d.y, d.m);

/** Why `s` is not an acceptable date, in plain words, or undefined when it is one. */
export function isoDateProblem(s: unknown): string | undefined {
  if (typeof s !== "string") return "must be a date written YYYY-MM-DD";
  const d = ymdOf(s);
  if (!d) {
    const shown = s.length > 40 ? JSON.stringify(s.slice(0, 40)) + "…" : JSON.stringify(s);
    return `${shown} is not a date written YYYY-MM-DD`;
  }
  if (d.y < MIN_YEAR || d.y > MAX_YEAR) return `${s} is outside the years ${MIN_YEAR} to ${MAX_YEAR}`;
  if (!isReal(d)) return `${s} is not a real calendar date`;
  return undefined;
}

/** Strict YYYY-MM-DD, real calendar dates only, years 1800..2200; anything else gives null. */
export function parseIsoDate(s: unknown): Ymd | null {
  if (typeof s !== "string") return null;
  const d = ymdOf(s);
  return d && isReal(d) ? d : null;
}

export function formatIsoDate(d: Ymd): string {
  const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, "0");
  return `${d.y < 0 ? "-" : ""}${pad(d.y, 4)}-${pad(d.m, 2)}-${pad(d.d, 2)}`;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil; valid for any year). */
export function dayNumber(d: Ymd): number {
  const y = d.m <= 2 ? d.y - 1 : d.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5) + d.d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `n` days after 1970-01-01 (a fractional n is floored). */
export function fromDayNumber(n: number): Ymd {
  const z = Math.floor(n) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** -1, 0 or 1 as a is before, on or after b. */
export function compareDates(a: Ymd, b: Ymd): -1 | 0 | 1 {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function addWholeMonths(d: Ymd, months: number): Ymd {
  const total = d.y * 12 + (d.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return { y, m, d: Math.min(d.d, daysInMonth(y, m)) };
}

/** Snap values within 1e-9 of an integer to it (7 * 0.1 weeks and the like). */
function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : x;
}

/**
 * The exact (possibly fractional) day number `months` calendar months after `d`, with end-of-month
 * clamping (Jan 31 + 1 month = Feb 28/29). A fractional month is interpolated linearly between
 * the whole months on either side (Jan 1 + 0.5 months = Jan 16.5).
 */
export function monthsDayNumber(d: Ymd, months: number): number {
  if (!Number.isFinite(months)) throw new RangeError(`cannot add ${months} months to a date`);
  const whole = Math.floor(months);
  const a = dayNumber(addWholeMonths(d, whole));
  const frac = months - whole;
  if (frac === 0) return a;
  const b = dayNumber(addWholeMonths(d, whole + 1));
  return snap(a + frac * (b - a));
}

/**
 * Calendar add with end-of-month clamping; negative months allowed. A fractional number of months
 * lands on the first whole day on or after the interpolated point (see monthsDayNumber).
 */
export function addMonths(d: Ymd, months: number): Ymd {
  if (Number.isInteger(months)) return addWholeMonths(d, months);
  return fromDayNumber(Math.ceil(monthsDayNumber(d, months)));
}

/** `days` days after d (before, when negative); a fractional count rounds up to the next whole day. */
export function addDays(d: Ymd, days: number): Ymd {
  if (!Number.isFinite(days)) throw new RangeError(`cannot add ${days} days to a date`);
  return fromDayNumber(Math.ceil(snap(dayNumber(d) + days)));
}

/**
 * The exact (possibly fractional) day number of d plus the span (months first, then days);
 * sign -1 subtracts both. Compare this with a day number for exact boundaries.
 */
export function spanDayNumber(d: Ymd, s: Span, sign: 1 | -1 = 1): number {
  if (!Number.isFinite(s.days)) throw new RangeError(`cannot add ${s.days} days to a date`);
  return snap(monthsDayNumber(d, sign * s.months) + sign * s.days);
}

/**
 * d plus the span: months first, then days (sign -1 subtracts both). When the span has fractions
 * the result is the first whole day on or after the exact point, which is right for `>=` tests;
 * use spanDayNumber for the exact value.
 */
export function addSpan(d: Ymd, s: Span, sign: 1 | -1 = 1): Ymd {
  return fromDayNumber(Math.ceil(spanDayNumber(d, s, sign)));
}

/**
 * `date within SPAN` as of asOf: the date is on or before asOf and at most the span before it
 * (within 60 days of 2026-03-01 includes 2025-12-31 and 2026-03-01, not 2025-12-30 or 2026-03-02).
 */
export function withinSpan(date: Ymd, asOf: Ymd, s: Span): boolean {
  const n = dayNumber(date);
  return n <= dayNumber(asOf) && n >= spanDayNumber(asOf, s, -1);
}

/** Whole days from a to b (negative when b is before a). */
export function daysBetween(a: Ymd, b: Ymd): number {
  return dayNumber(b) - dayNumber(a);
}
