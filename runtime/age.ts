// A patient's age: in `patient` ({birthDate} or {age: {years, months, days}}) and the asOf date, out an
// Age (exact from a birth date, or the interval of exact ages a given age allows), comparisons and text.
import type { Ymd } from "./dates.ts";
import { dayNumber, formatIsoDate, isoDateProblem, monthsDayNumber, parseIsoDate, spanDayNumber } from "./dates.ts";
import type { CaseIssue } from "./errors.ts";
import { childPath, describeValue, FORBIDDEN_KEYS, isPlainObject, ownValue } from "./keys.ts";
import type { CompareOp } from "./ops.ts";
import type { Span } from "./span.ts";
import { compareSpan3, formatMonths, formatSpan } from "./span.ts";
import type { Tri } from "./tri.ts";
import { and3, not3 } from "./tri.ts";

/** `given`: the closed interval [lo, hi] of exact ages; {years: 9} is [9 years, 10 years minus 1 day]. */
export type Age = { kind: "birth"; birth: Ymd; asOf: Ymd } | { kind: "given"; lo: Span; hi: Span };

/**
 * The oldest age a case may give (from patient.age or patient.birthDate): older is refused as a typing
 * mistake, as is a birth date after asOf. The oldest documented human lived 122 years.
 */
export const MAX_AGE_YEARS = 130;

export interface AgeParts {
  years?: number;
  months?: number;
  days?: number;
}

/**
 * The age a reported {years, months, days} allows. With days it is exact; otherwise the last unit
 * given is completed: {years: 5, months: 6} is [66 months, 67 months minus 1 day].
 */
export function givenAge(parts: AgeParts): Age {
  const months = (parts.years ?? 0) * 12 + (parts.months ?? 0);
  if (parts.days !== undefined) return { kind: "given", lo: { months, days: parts.days }, hi: { months, days: parts.days } };
  const step = parts.months !== undefined ? 1 : 12;
  return { kind: "given", lo: { months, days: 0 }, hi: { months: months + step, days: -1 } };
}

/**
 * Completed months and the days after them, from birth to asOf (Jan 31 to Feb 28 is 1 month 0 days). O(1):
 * the difference of the months is the answer or one more (asOf's day of the month before birth's), so each
 * correction runs at most twice whatever the dates, even where months + 1 === months (past 2^53).
 */
export function exactAge(birth: Ymd, asOf: Ymd): Span {
  const target = dayNumber(asOf);
  let months = (asOf.y - birth.y) * 12 + (asOf.m - birth.m);
  for (let i = 0; i < 2 && months > 0 && monthsDayNumber(birth, months) > target; i++) months--;
  for (let i = 0; i < 2 && monthsDayNumber(birth, months + 1) <= target; i++) months++;
  return { months, days: target - monthsDayNumber(birth, months) };
}

const AGE_PARTS = ["years", "months", "days"] as const;

function readAgeParts(v: unknown, path: string, issues: CaseIssue[]): AgeParts | undefined {
  if (!isPlainObject(v)) {
    issues.push({ field: path, message: 'must be an object like {"years": 9, "months": 2} or {"days": 40}' });
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(key) || (AGE_PARTS as readonly string[]).includes(key)) continue;
    issues.push({ field: childPath(path, key), message: "is not part of an age; use years, months and days" });
  }
  const parts: AgeParts = {};
  for (const key of AGE_PARTS) {
    const n = ownValue(v, key);
    if (n === undefined || n === null) continue;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      issues.push({ field: childPath(path, key), message: `must be a whole number 0 or more, got ${describeValue(n)}` });
      continue;
    }
    parts[key] = n;
  }
  if (issues.length > before) return undefined;
  const { years, months, days } = parts;
  if (years === undefined && months === undefined && days === undefined) {
    issues.push({ field: path, message: "must give at least one of years, months and days" });
  } else if (years !== undefined && years > MAX_AGE_YEARS) {
    issues.push({ field: `${path}.years`, message: `${years} years is more than ${MAX_AGE_YEARS}` });
  } else if (years !== undefined && months !== undefined && months > 11) {
    issues.push({ field: `${path}.months`, message: `must be 0 to 11 when years are given, got ${months}` });
  } else if (days !== undefined && (years !== undefined || months !== undefined) && days > 30) {
    issues.push({ field: `${path}.days`, message: `must be 0 to 30 when years or months are given, got ${days}` });
  } else if ((years ?? 0) * 12 + (months ?? 0) > MAX_AGE_YEARS * 12 || (days ?? 0) > MAX_AGE_YEARS * 366) {
    issues.push({ field: path, message: `is more than ${MAX_AGE_YEARS} years` });
  } else {
    return parts;
  }
  return undefined;
}

/**
 * Read `patient` for validation: no patient, or one with neither birthDate nor age, gives an unknown
 * age (no issue). With asOf undefined only the form of the fields is checked. Collects every issue.
 */
export function patientAge(patient: unknown, asOf: Ymd | undefined): { age: Age | undefined; issues: CaseIssue[] } {
  const issues: CaseIssue[] = [];
  if (patient === undefined || patient === null) return { age: undefined, issues };
  if (!isPlainObject(patient)) {
    issues.push({ field: "patient", message: 'must be an object like {"birthDate": "2017-03-02"}' });
    return { age: undefined, issues };
  }
  for (const key of Object.keys(patient)) {
    if (FORBIDDEN_KEYS.has(key) || key === "birthDate" || key === "age") continue;
    issues.push({ field: childPath("patient", key), message: "is not a patient field; use birthDate or age" });
  }
  let birth: Ymd | undefined;
  const rawBirth = ownValue(patient, "birthDate");
  if (rawBirth !== undefined && rawBirth !== null) {
    birth = parseIsoDate(rawBirth) ?? undefined;
    if (birth === undefined) {
      issues.push({ field: "patient.birthDate", message: isoDateProblem(rawBirth)! });
    } else {
      if (birth && asOf && dayNumber(birth) > dayNumber(asOf)) {
        issues.push({ field: "patient.birthDate", message: `${rawBirth} is after asOf ${formatIsoDate(asOf)}` });
      } else if (birth && asOf && spanDayNumber(birth, { months: MAX_AGE_YEARS * 12, days: 0 }) < dayNumber(asOf)) {
        issues.push({ field: "patient.birthDate", message: `${rawBirth} is more than ${MAX_AGE_YEARS} years before asOf ${formatIsoDate(asOf)}` });
      }
    }
  }
  let given: Age | undefined;
  const rawAge = ownValue(patient, "age");
  if (rawAge !== undefined && rawAge !== null) {
    const parts = readAgeParts(rawAge, "patient.age", issues);
    if (parts) given = givenAge(parts);
  }
  if (issues.length > 0 || !asOf) return { age: undefined, issues };
  if (birth) {
    const fromBirth: Age = { kind: "birth", birth, asOf };
    if (given && given.kind === "given") {
      const a = dayNumber(asOf);
      if (spanDayNumber(birth, given.lo) > a || spanDayNumber(birth, given.hi) < a) {
        issues.push({
          field: "patient.age",
          message: `says ${describeAge(given).replace(" (as given)", "")}, but birthDate ${formatIsoDate(birth)} makes the patient ${describeAge(fromBirth)} on ${formatIsoDate(asOf)}`,
        });
        return { age: undefined, issues };
      }
    }
    return { age: fromBirth, issues };
  }
  return { age: given, issues };
}

/** The patient's age from {birthDate} or {age}; the first problem found otherwise (with its field). */
export function ageFromCase(patient: unknown, asOf: Ymd): { age: Age } | { error: string; field: string } {
  const { age, issues } = patientAge(patient, asOf);
  if (issues.length > 0) return { error: issues[0].message, field: issues[0].field };
  if (!age) return { error: "gives neither birthDate nor age", field: "patient" };
  return { age };
}

/**
 * `age OP t`. From a birth date it is exact (age >= 6 months from the day birth + 6 months arrives).
 * A given age is an interval: true (false) when every age in it passes (fails), unknown otherwise.
 */
export function compareAge(age: Age, op: CompareOp, t: Span): Tri {
  if (age.kind === "birth") {
    const a = dayNumber(age.asOf);
    const b = spanDayNumber(age.birth, t);
    switch (op) {
      case ">=":
        return a >= b;
      case ">":
        return a > b;
      case "<=":
        return a <= b;
      case "<":
        return a < b;
      case "=":
        return a === b;
      case "!=":
        return a !== b;
    }
  }
  const { lo, hi } = age;
  const decide = (always: Tri, never: Tri): Tri => (always === true ? true : never === true ? false : undefined);
  switch (op) {
    case ">=":
      return decide(compareSpan3(lo, ">=", t), compareSpan3(hi, "<", t));
    case ">":
      return decide(compareSpan3(lo, ">", t), compareSpan3(hi, "<=", t));
    case "<=":
      return decide(compareSpan3(hi, "<=", t), compareSpan3(lo, ">", t));
    case "<":
      return decide(compareSpan3(hi, "<", t), compareSpan3(lo, ">=", t));
    case "=": {
      const outside = compareSpan3(lo, ">", t) === true || compareSpan3(hi, "<", t) === true;
      return decide(and3(compareSpan3(lo, "=", t), compareSpan3(hi, "=", t)), outside);
    }
    case "!=":
      return not3(compareAge(age, "=", t));
  }
}

/** "9 years 2 months" (completed, from a birth date; days shown under 1 year) or "5 years (as given)". */
export function describeAge(age: Age): string {
  if (age.kind === "birth") {
    const e = exactAge(age.birth, age.asOf);
    if (e.months >= 12) return formatMonths(e.months);
    return formatSpan(e);
  }
  const { lo, hi } = age;
  if (lo.months === hi.months && lo.days === hi.days) return `${formatSpan(lo)} (as given)`;
  const step = hi.months - lo.months;
  const years = Math.floor(lo.months / 12);
  const months = lo.months - years * 12;
  const y = `${years} ${years === 1 ? "year" : "years"}`;
  const m = `${months} ${months === 1 ? "month" : "months"}`;
  if (step === 12 && months === 0) return `${y} (as given)`;
  return `${years > 0 ? y + " " : ""}${m} (as given)`;
}
