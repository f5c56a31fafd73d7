import { describe, expect, it } from "vitest";
import type { Age, CompareOp, Span, Ymd } from "../../runtime/index.ts";
import { ageFromCase, compareAge, describeAge, exactAge, givenAge, parseIsoDate, patientAge, spanOf } from "../../runtime/index.ts";

const d = (s: string): Ymd => {
  const r = parseIsoDate(s);
  if (!r) throw new Error(`bad test date ${s}`);
  return r;
};
const born = (birth: string, asOf: string): Age => ({ kind: "birth", birth: d(birth), asOf: d(asOf) });
const months = (n: number): Span => ({ months: n, days: 0 });
const years = (n: number): Span => ({ months: 12 * n, days: 0 });
const ops: CompareOp[] = [">=", ">", "<=", "<", "=", "!="];
const all = (age: Age, t: Span) => Object.fromEntries(ops.map((op) => [op, compareAge(age, op, t)]));

describe("age from a birth date is exact", () => {
  it("6 months 0 days vs 6 months 1 day", () => {
    expect(all(born("2026-01-15", "2026-07-15"), months(6))).toEqual({ ">=": true, ">": false, "<=": true, "<": false, "=": true, "!=": false });
    expect(all(born("2026-01-15", "2026-07-16"), months(6))).toEqual({ ">=": true, ">": true, "<=": false, "<": false, "=": false, "!=": true });
    expect(all(born("2026-01-15", "2026-07-14"), months(6))).toEqual({ ">=": false, ">": false, "<=": true, "<": true, "=": false, "!=": true });
  });

  it("the 6th birthday", () => {
    expect(compareAge(born("2020-03-02", "2026-03-01"), ">=", years(6))).toBe(false);
    expect(compareAge(born("2020-03-02", "2026-03-02"), ">=", years(6))).toBe(true);
  });

  it("a Feb 29 birthday reaches a year on Feb 28 of a common year", () => {
    expect(compareAge(born("2024-02-29", "2025-02-27"), ">=", years(1))).toBe(false);
    expect(compareAge(born("2024-02-29", "2025-02-28"), ">=", years(1))).toBe(true);
    expect(compareAge(born("2024-02-29", "2028-02-28"), ">=", years(4))).toBe(false);
    expect(compareAge(born("2024-02-29", "2028-02-29"), ">=", years(4))).toBe(true);
  });

  it("a Jan 31 birthday reaches a month on the last day of February", () => {
    expect(compareAge(born("2026-01-31", "2026-02-27"), ">=", months(1))).toBe(false);
    expect(compareAge(born("2026-01-31", "2026-02-28"), ">=", months(1))).toBe(true);
    expect(compareAge(born("2024-01-31", "2024-02-28"), ">=", months(1))).toBe(false);
    expect(compareAge(born("2024-01-31", "2024-02-29"), ">=", months(1))).toBe(true);
  });

  it("days and weeks count whole days from birth", () => {
    expect(compareAge(born("2026-01-01", "2026-01-29"), ">=", spanOf(4, "weeks"))).toBe(true);
    expect(compareAge(born("2026-01-01", "2026-01-28"), ">=", spanOf(4, "weeks"))).toBe(false);
    expect(compareAge(born("2026-01-01", "2026-01-25"), ">", spanOf(3.5, "weeks"))).toBe(false);
    expect(compareAge(born("2026-01-01", "2026-01-26"), ">", spanOf(3.5, "weeks"))).toBe(true);
  });

  it("describes completed years and months", () => {
    expect(describeAge(born("2017-03-02", "2026-11-25"))).toBe("9 years 8 months");
    expect(describeAge(born("2020-03-02", "2026-03-02"))).toBe("6 years");
    expect(describeAge(born("2026-01-31", "2026-07-20"))).toBe("5 months 20 days");
    expect(describeAge(born("2026-07-20", "2026-07-20"))).toBe("0 days");
    expect(exactAge(d("2026-01-31"), d("2026-02-28"))).toEqual({ months: 1, days: 0 });
    expect(exactAge(d("2024-02-29"), d("2025-02-28"))).toEqual({ months: 12, days: 0 });
  });
});

describe("a given age is an interval", () => {
  it("{years: 5} is [5 years, 6 years minus 1 day]", () => {
    const five = givenAge({ years: 5 });
    expect(five).toEqual({ kind: "given", lo: { months: 60, days: 0 }, hi: { months: 72, days: -1 } });
    expect(compareAge(five, "<", years(6))).toBe(true);
    expect(compareAge(five, "<=", years(5))).toBeUndefined();
    expect(compareAge(five, ">=", years(6))).toBe(false);
    expect(compareAge(five, ">=", years(5))).toBe(true);
    expect(compareAge(five, ">", years(5))).toBeUndefined();
    expect(compareAge(five, "=", years(5))).toBeUndefined();
    expect(compareAge(five, "=", years(7))).toBe(false);
    expect(compareAge(five, "!=", years(7))).toBe(true);
    expect(compareAge(five, ">", months(6))).toBe(true);
  });

  it("{years: 5, months: 6} is [66 months, 67 months minus 1 day]", () => {
    const a = givenAge({ years: 5, months: 6 });
    expect(a).toEqual({ kind: "given", lo: { months: 66, days: 0 }, hi: { months: 67, days: -1 } });
    expect(compareAge(a, "<", years(6))).toBe(true);
    expect(compareAge(a, ">=", months(66))).toBe(true);
    expect(compareAge(a, ">=", months(67))).toBe(false);
  });

  it("a given age in days is exact, but days against months may be unknown", () => {
    expect(givenAge({ days: 182 })).toEqual({ kind: "given", lo: { months: 0, days: 182 }, hi: { months: 0, days: 182 } });
    expect(compareAge(givenAge({ days: 182 }), ">=", months(6))).toBeUndefined();
    expect(compareAge(givenAge({ days: 182 }), "<", months(6))).toBeUndefined();
    expect(compareAge(givenAge({ days: 200 }), ">=", months(6))).toBe(true);
    expect(compareAge(givenAge({ days: 200 }), "<", months(6))).toBe(false);
    expect(compareAge(givenAge({ days: 40 }), "=", spanOf(40, "days"))).toBe(true);
    expect(compareAge(givenAge({ days: 27 }), "<", months(1))).toBe(true);
    expect(compareAge(givenAge({ months: 6, days: 0 }), "=", months(6))).toBe(true);
  });

  it("describes what was given", () => {
    expect(describeAge(givenAge({ years: 5 }))).toBe("5 years (as given)");
    expect(describeAge(givenAge({ years: 1 }))).toBe("1 year (as given)");
    expect(describeAge(givenAge({ years: 5, months: 6 }))).toBe("5 years 6 months (as given)");
    expect(describeAge(givenAge({ months: 4 }))).toBe("4 months (as given)");
    expect(describeAge(givenAge({ days: 40 }))).toBe("40 days (as given)");
  });
});

describe("ageFromCase", () => {
  const asOf = d("2026-11-25");

  it("reads a birth date or a given age", () => {
    expect(ageFromCase({ birthDate: "2017-03-02" }, asOf)).toEqual({ age: born("2017-03-02", "2026-11-25") });
    expect(ageFromCase({ age: { years: 9, months: 2 } }, asOf)).toEqual({ age: givenAge({ years: 9, months: 2 }) });
    expect(ageFromCase({ age: { days: 40 } }, asOf)).toEqual({ age: givenAge({ days: 40 }) });
    expect(ageFromCase({ birthDate: "2026-11-25" }, asOf)).toEqual({ age: born("2026-11-25", "2026-11-25") });
  });

  it("names the field of each problem", () => {
    expect(ageFromCase({ birthDate: "2026-02-30" }, asOf)).toEqual({ field: "patient.birthDate", error: "2026-02-30 is not a real calendar date" });
    expect(ageFromCase({ birthDate: "2026-11-26" }, asOf)).toEqual({ field: "patient.birthDate", error: "2026-11-26 is after asOf 2026-11-25" });
    expect(ageFromCase({ birthDate: "1896-11-24" }, asOf)).toMatchObject({ field: "patient.birthDate", error: expect.stringMatching(/more than 130 years/) });
    expect(ageFromCase({ birthDate: "1896-11-25" }, asOf)).toHaveProperty("age");
    expect(ageFromCase({ age: { years: -1 } }, asOf)).toMatchObject({ field: "patient.age.years" });
    expect(ageFromCase({ age: { years: 2.5 } }, asOf)).toMatchObject({ field: "patient.age.years" });
    expect(ageFromCase({ age: { years: "9" } }, asOf)).toMatchObject({ field: "patient.age.years" });
    expect(ageFromCase({ age: { years: 131 } }, asOf)).toMatchObject({ field: "patient.age.years" });
    expect(ageFromCase({ age: { years: 5, months: 12 } }, asOf)).toMatchObject({ field: "patient.age.months" });
    expect(ageFromCase({ age: {} }, asOf)).toMatchObject({ field: "patient.age", error: expect.stringMatching(/at least one/) });
    expect(ageFromCase({ age: { yrs: 5 } }, asOf)).toMatchObject({ field: "patient.age.yrs" });
    expect(ageFromCase({ age: 9 }, asOf)).toMatchObject({ field: "patient.age" });
    expect(ageFromCase({ dob: "2017-03-02" }, asOf)).toMatchObject({ field: "patient.dob" });
    expect(ageFromCase({}, asOf)).toMatchObject({ field: "patient" });
    expect(ageFromCase("9 years", asOf)).toMatchObject({ field: "patient" });
  });

  it("accepts a birth date and an age that agree, and rejects ones that do not", () => {
    expect(ageFromCase({ birthDate: "2017-03-02", age: { years: 9 } }, asOf)).toEqual({ age: born("2017-03-02", "2026-11-25") });
    expect(ageFromCase({ birthDate: "2017-03-02", age: { years: 5 } }, asOf)).toMatchObject({
      field: "patient.age",
      error: "says 5 years, but birthDate 2017-03-02 makes the patient 9 years 8 months on 2026-11-25",
    });
  });

  it("patientAge: no patient, or neither field, is an unknown age and not an error", () => {
    expect(patientAge(undefined, asOf)).toEqual({ age: undefined, issues: [] });
    expect(patientAge(null, asOf)).toEqual({ age: undefined, issues: [] });
    expect(patientAge({}, asOf)).toEqual({ age: undefined, issues: [] });
    expect(patientAge({ birthDate: null }, asOf)).toEqual({ age: undefined, issues: [] });
    expect(patientAge({ birthDate: "2030-01-01" }, undefined)).toEqual({ age: undefined, issues: [] });
    expect(patientAge({ birthDate: "2030-02-30", age: { months: -1 } }, undefined).issues.map((i) => i.field)).toEqual(["patient.birthDate", "patient.age.months"]);
  });
});
