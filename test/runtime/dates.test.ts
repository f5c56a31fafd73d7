import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays, addMonths, addSpan, compareDates, dayNumber, daysInMonth, formatIsoDate, fromDayNumber,
  isoDateProblem, parseIsoDate, spanDayNumber, withinSpan,
} from "../../runtime/index.ts";

const d = (s: string) => {
  const r = parseIsoDate(s);
  if (!r) throw new Error(`bad test date ${s}`);
  return r;
};

describe("parseIsoDate", () => {
  it("accepts real calendar dates", () => {
    expect(parseIsoDate("2026-11-25")).toEqual({ y: 2026, m: 11, d: 25 });
    expect(parseIsoDate("2024-02-29")).toEqual({ y: 2024, m: 2, d: 29 });
    expect(parseIsoDate("2000-02-29")).toEqual({ y: 2000, m: 2, d: 29 });
    expect(parseIsoDate("1800-01-01")).toEqual({ y: 1800, m: 1, d: 1 });
    expect(parseIsoDate("2200-12-31")).toEqual({ y: 2200, m: 12, d: 31 });
  });

  it("rejects impossible dates, other formats and other types", () => {
    for (const s of [
      "2026-02-30", "2025-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
      "2026-1-5", "2026/01/05", "20260105", "2026-01-05T00:00:00Z", " 2026-01-05", "2026-01-05 ", "+2026-01-05",
      "1799-12-31", "2201-01-01", "", "２０２６-01-05",
    ]) {
      expect(parseIsoDate(s), s).toBeNull();
    }
    for (const v of [null, undefined, 20260105, {}, [], new Date(0)]) expect(parseIsoDate(v)).toBeNull();
  });

  it("explains what is wrong in plain words", () => {
    expect(isoDateProblem("2026-02-30")).toBe("2026-02-30 is not a real calendar date");
    expect(isoDateProblem("2026/02/03")).toBe('"2026/02/03" is not a date written YYYY-MM-DD');
    expect(isoDateProblem("1700-01-01")).toMatch(/outside the years 1800 to 2200/);
    expect(isoDateProblem(5)).toBe("must be a date written YYYY-MM-DD");
    expect(isoDateProblem("2026-02-28")).toBeUndefined();
  });

  it("formats with zero padding", () => {
    expect(formatIsoDate({ y: 2026, m: 3, d: 5 })).toBe("2026-03-05");
    expect(formatIsoDate(d("1800-12-31"))).toBe("1800-12-31");
  });
});

describe("day numbers", () => {
  it("counts from 1970-01-01", () => {
    expect(dayNumber(d("1970-01-01"))).toBe(0);
    expect(dayNumber(d("1969-12-31"))).toBe(-1);
    expect(dayNumber(d("2000-03-01"))).toBe(11017);
    expect(fromDayNumber(0)).toEqual({ y: 1970, m: 1, d: 1 });
  });

  it("round-trips and agrees with Date.UTC over 1800..2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1800, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, day) => {
        const date = { y, m, d: Math.min(day, daysInMonth(y, m)) };
        const n = dayNumber(date);
        expect(fromDayNumber(n)).toEqual(date);
        expect(n).toBe(Date.UTC(y, m - 1, date.d) / 86_400_000);
        expect(parseIsoDate(formatIsoDate(date))).toEqual(date);
      }),
      { numRuns: 2000 },
    );
  });

  it("consecutive day numbers are consecutive dates", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(d("1800-01-01")), max: dayNumber(d("2200-12-30")) }), (n) => {
        const a = fromDayNumber(n);
        const b = fromDayNumber(n + 1);
        const next = a.d < daysInMonth(a.y, a.m) ? { ...a, d: a.d + 1 } : a.m < 12 ? { y: a.y, m: a.m + 1, d: 1 } : { y: a.y + 1, m: 1, d: 1 };
        expect(b).toEqual(next);
      }),
      { numRuns: 2000 },
    );
  });

  it("compares dates", () => {
    expect(compareDates(d("2026-01-01"), d("2025-12-31"))).toBe(1);
    expect(compareDates(d("2026-01-01"), d("2026-01-01"))).toBe(0);
    expect(compareDates(d("2024-02-29"), d("2024-03-01"))).toBe(-1);
  });
});

describe("calendar arithmetic", () => {
  it("clamps to the end of the month", () => {
    expect(formatIsoDate(addMonths(d("2026-01-31"), 1))).toBe("2026-02-28");
    expect(formatIsoDate(addMonths(d("2024-01-31"), 1))).toBe("2024-02-29");
    expect(formatIsoDate(addMonths(d("2026-03-31"), 1))).toBe("2026-04-30");
    expect(formatIsoDate(addMonths(d("2024-02-29"), 12))).toBe("2025-02-28");
    expect(formatIsoDate(addMonths(d("2024-02-29"), 48))).toBe("2028-02-29");
    expect(formatIsoDate(addMonths(d("2026-03-31"), -1))).toBe("2026-02-28");
    expect(formatIsoDate(addMonths(d("2026-01-15"), -13))).toBe("2024-12-15");
    expect(formatIsoDate(addMonths(d("2026-12-31"), 0))).toBe("2026-12-31");
    expect(formatIsoDate(addMonths(d("2026-11-30"), 2))).toBe("2027-01-30");
  });

  it("adds days across months and leap days", () => {
    expect(formatIsoDate(addDays(d("2024-02-28"), 1))).toBe("2024-02-29");
    expect(formatIsoDate(addDays(d("2025-02-28"), 1))).toBe("2025-03-01");
    expect(formatIsoDate(addDays(d("2026-01-01"), -1))).toBe("2025-12-31");
    expect(formatIsoDate(addDays(d("2026-01-01"), 365))).toBe("2027-01-01");
  });

  it("addSpan adds months first, then days; sign -1 subtracts both", () => {
    expect(formatIsoDate(addSpan(d("2026-01-31"), { months: 1, days: 1 }))).toBe("2026-03-01");
    expect(formatIsoDate(addSpan(d("2026-03-31"), { months: 1, days: 1 }, -1))).toBe("2026-02-27");
    expect(formatIsoDate(addSpan(d("2026-11-25"), { months: 0, days: 60 }, -1))).toBe("2026-09-26");
  });

  it("fractional spans: exact day number, addSpan rounds up to a whole day", () => {
    expect(spanDayNumber(d("1970-01-01"), { months: 0, days: 24.5 })).toBe(24.5);
    expect(formatIsoDate(addSpan(d("1970-01-01"), { months: 0, days: 24.5 }))).toBe("1970-01-26");
    // half of January (31 days)
    expect(spanDayNumber(d("1970-01-01"), { months: 0.5, days: 0 })).toBe(15.5);
    expect(formatIsoDate(addMonths(d("1970-01-01"), 0.5))).toBe("1970-01-17");
    // 0.1 weeks * 7 is not exactly 0.7 in floating point, 10 of them are exactly 7 days
    expect(spanDayNumber(d("1970-01-01"), { months: 0, days: 0.1 * 7 * 10 })).toBe(7);
  });

  it("within a span of asOf: on or before asOf and not earlier than asOf minus the span", () => {
    const asOf = d("2026-03-01");
    const sixty = { months: 0, days: 60 };
    expect(withinSpan(d("2025-12-31"), asOf, sixty)).toBe(true);
    expect(withinSpan(d("2025-12-30"), asOf, sixty)).toBe(false);
    expect(withinSpan(d("2026-03-01"), asOf, sixty)).toBe(true);
    expect(withinSpan(d("2026-03-02"), asOf, sixty)).toBe(false);
    expect(withinSpan(d("2025-12-31"), d("2026-03-31"), { months: 3, days: 0 })).toBe(true);
    expect(withinSpan(d("2025-12-30"), d("2026-03-31"), { months: 3, days: 0 })).toBe(false);
    // 3.5 days: 3 days back is within, 4 is not
    expect(withinSpan(d("2026-02-26"), asOf, { months: 0, days: 3.5 })).toBe(true);
    expect(withinSpan(d("2026-02-25"), asOf, { months: 0, days: 3.5 })).toBe(false);
  });
});
