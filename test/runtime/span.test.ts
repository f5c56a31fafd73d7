import { describe, expect, it } from "vitest";
import type { Span } from "../../runtime/index.ts";
import {
  compareSpan3, compareSpans, dayNumber, daysInMonth, formatSpan, monthDayRange, monthDiffValues,
  monthsDayNumber, spanDiff, spanOf, spanUnit,
} from "../../runtime/index.ts";

const days = (n: number): Span => ({ months: 0, days: n });
const months = (n: number): Span => ({ months: n, days: 0 });

/** Reference: scan every start date of a 400-year cycle, no shortcuts. */
function fullScan(m1: number, m2: number): number[] {
  const seen = new Set<number>();
  for (let y = 2000; y < 2400; y++) for (let m = 1; m <= 12; m++) for (let d = 1; d <= daysInMonth(y, m); d++) {
    const s = { y, m, d };
    seen.add(Math.round((monthsDayNumber(s, m1) - monthsDayNumber(s, m2)) * 1e9) / 1e9);
  }
  return [...seen].sort((a, b) => a - b);
}

describe("spanOf", () => {
  it("years are 12 months, weeks 7 days, fractions kept", () => {
    expect(spanOf(6, "years")).toEqual(months(72));
    expect(spanOf(6, "months")).toEqual(months(6));
    expect(spanOf(4, "weeks")).toEqual(days(28));
    expect(spanOf(3.5, "weeks")).toEqual(days(24.5));
    expect(spanOf(60, "days")).toEqual(days(60));
    expect(spanUnit("week")).toBe("weeks");
    expect(spanUnit("fortnights")).toBeUndefined();
  });
});

describe("monthDayRange", () => {
  it("gives the fewest and most days of n calendar months", () => {
    expect(monthDayRange(0)).toEqual({ lo: 0, hi: 0 });
    expect(monthDayRange(1)).toEqual({ lo: 28, hi: 31 });
    expect(monthDayRange(6)).toEqual({ lo: 181, hi: 184 });
    expect(monthDayRange(12)).toEqual({ lo: 365, hi: 366 });
    expect(monthDayRange(-1)).toEqual({ lo: -31, hi: -28 });
    expect(monthDayRange(-12)).toEqual({ lo: -366, hi: -365 });
  });

  it("fractional months stay inside the floor/ceil bounds", () => {
    const r = monthDayRange(0.5);
    expect(r.lo).toBeGreaterThanOrEqual(monthDayRange(0).lo);
    expect(r.hi).toBeLessThanOrEqual(monthDayRange(1).hi);
    expect(r).toEqual({ lo: 14, hi: 15.5 });
  });

  it("the day-29/30/31 shortcut agrees with a scan of every start date", () => {
    for (const [a, b] of [[1, 0], [6, 0], [13, 1], [2, 11], [120, 72], [-1, 0], [0.5, 0], [18, 1.5]]) {
      expect(monthDiffValues(a, b), `${a} vs ${b}`).toEqual(fullScan(a, b));
    }
  });
});

describe("compareSpans", () => {
  it("is exact when the months or the days agree", () => {
    expect(compareSpans(days(28), spanOf(4, "weeks"))).toBe(0);
    expect(compareSpans(months(6), months(6))).toBe(0);
    expect(compareSpans(months(7), months(6))).toBe(1);
    expect(compareSpans(days(3), days(4))).toBe(-1);
    expect(compareSpans({ months: 72, days: -1 }, months(72))).toBe(-1);
    expect(compareSpans(spanOf(1, "years"), months(12))).toBe(0);
  });

  it("is unknown when the answer depends on the start date", () => {
    expect(compareSpans(spanOf(4, "weeks"), months(1))).toBeUndefined();
    expect(compareSpans(days(30), months(1))).toBeUndefined();
    expect(compareSpans(days(182), months(6))).toBeUndefined();
    expect(compareSpans(days(365), months(12))).toBeUndefined();
  });

  it("has a sign when the whole range of days is on one side", () => {
    expect(compareSpans(months(2), days(50))).toBe(1);
    expect(compareSpans(days(50), months(2))).toBe(-1);
    expect(compareSpans(days(200), months(6))).toBe(1);
    expect(compareSpans(days(27), months(1))).toBe(-1);
    expect(compareSpans(days(32), months(1))).toBe(1);
    expect(compareSpans(months(13), { months: 12, days: 27 })).toBe(1);
  });

  it("is antisymmetric", () => {
    const spans = [days(0), days(28), days(31), days(182), months(1), months(6), { months: 1, days: 3 }, { months: 12, days: -1 }];
    for (const a of spans) for (const b of spans) {
      const ab = compareSpans(a, b);
      const ba = compareSpans(b, a);
      expect(ab === undefined ? undefined : -ab || 0).toBe(ba === undefined ? undefined : ba);
    }
  });

  it("agrees with real calendars: never claims a sign some start date contradicts", () => {
    const spans = [days(28), days(29), days(31), days(59), months(1), months(2), { months: 1, days: -1 }, { months: 2, days: -3 }];
    for (const a of spans) for (const b of spans) {
      const c = compareSpans(a, b);
      if (c === undefined) continue;
      for (const start of ["2023-01-31", "2024-01-31", "2024-02-29", "2100-02-28", "2026-07-31", "2026-12-31"]) {
        const [y, m, d] = start.split("-").map(Number);
        const s = { y, m, d };
        const diff = monthsDayNumber(s, a.months) + a.days - (monthsDayNumber(s, b.months) + b.days);
        expect(Math.sign(diff), `${formatSpan(a)} vs ${formatSpan(b)} from ${start}`).toBe(c);
      }
    }
    expect(dayNumber({ y: 1970, m: 1, d: 1 })).toBe(0);
  });

  it("gives unknown for non-finite spans", () => {
    expect(compareSpans(days(Number.NaN), days(1))).toBeUndefined();
    expect(compareSpan3(days(Number.POSITIVE_INFINITY), ">=", days(1))).toBeUndefined();
  });
});

describe("compareSpan3", () => {
  it("decides what holds from every start date", () => {
    expect(compareSpan3(spanOf(4, "weeks"), "<=", months(1))).toBe(true);
    expect(compareSpan3(spanOf(4, "weeks"), "<", months(1))).toBeUndefined();
    expect(compareSpan3(months(1), ">=", spanOf(4, "weeks"))).toBe(true);
    expect(compareSpan3(spanOf(3, "weeks"), ">=", spanOf(4, "weeks"))).toBe(false);
    expect(compareSpan3(days(30), "=", months(1))).toBeUndefined();
    expect(compareSpan3(days(32), "=", months(1))).toBe(false);
    expect(compareSpan3(days(32), "!=", months(1))).toBe(true);
    expect(compareSpan3(days(28), "=", spanOf(4, "weeks"))).toBe(true);
  });

  it("knows when a value range has gaps (12 months is 365 or 366 days, never 365.5)", () => {
    expect(spanDiff(months(12), days(365.5))).toEqual({ lo: -0.5, hi: 0.5, canBeZero: false });
    expect(compareSpan3(months(12), "=", days(365.5))).toBe(false);
  });
});

describe("formatSpan", () => {
  it("reads as plain words", () => {
    expect(formatSpan(months(74))).toBe("6 years 2 months");
    expect(formatSpan(months(12))).toBe("1 year");
    expect(formatSpan(months(1))).toBe("1 month");
    expect(formatSpan(days(40))).toBe("40 days");
    expect(formatSpan(days(1))).toBe("1 day");
    expect(formatSpan(spanOf(4, "weeks"))).toBe("28 days");
    expect(formatSpan(days(0))).toBe("0 days");
    expect(formatSpan({ months: 120, days: -1 })).toBe("10 years minus 1 day");
    expect(formatSpan({ months: 5, days: 3 })).toBe("5 months 3 days");
    expect(formatSpan(days(24.5))).toBe("24.5 days");
  });
});
