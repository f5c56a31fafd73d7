import { describe, expect, it } from "vitest";
import { canonicalUnit, CaseError, compareNumbers, convert, formatIssues, formatQuantity, unitDimension } from "../../runtime/index.ts";

describe("units", () => {
  it("knows each unit's dimension and spellings", () => {
    expect(unitDimension("°F")).toBe("temperature");
    expect(unitDimension("degF")).toBe("temperature");
    expect(unitDimension("°C")).toBe("temperature");
    expect(unitDimension("degC")).toBe("temperature");
    expect(unitDimension("mm")).toBe("length");
    expect(unitDimension("cm")).toBe("length");
    expect(unitDimension("degrees")).toBe("angle");
    expect(unitDimension("°")).toBe("angle");
    expect(unitDimension("")).toBe("count");
    for (const u of ["F", "C", "K", "in", "deg", "MM", "weeks"]) expect(unitDimension(u), u).toBeUndefined();
    expect(canonicalUnit("degF")).toBe("°F");
    expect(canonicalUnit("°")).toBe("degrees");
  });

  it("converts within a dimension", () => {
    expect(convert(100, "°C", "°F")).toBe(212);
    expect(convert(0, "degC", "°F")).toBe(32);
    expect(convert(212, "°F", "°C")).toBe(100);
    expect(convert(-40, "°F", "°C")).toBe(-40);
    expect(convert(2.5, "cm", "mm")).toBe(25);
    expect(convert(45, "mm", "cm")).toBe(4.5);
    expect(convert(15, "°", "degrees")).toBe(15);
    expect(convert(3, "", "")).toBe(3);
  });

  it("refuses to convert across dimensions", () => {
    expect(() => convert(1, "mm", "°F")).toThrow(RangeError);
    expect(() => convert(1, "degrees", "")).toThrow(RangeError);
    expect(() => convert(1, "K", "°C")).toThrow(RangeError);
  });
});

describe("compareNumbers", () => {
  it("37.8 °C is at least 100 °F, 37.7 °C is not", () => {
    expect(compareNumbers(convert(37.8, "°C", "°F"), ">=", 100)).toBe(true);
    expect(compareNumbers(convert(37.7, "°C", "°F"), ">=", 100)).toBe(false);
  });

  it("treats the exact °C equivalent of 100 °F as equal", () => {
    const f = convert(convert(100, "°F", "°C"), "°C", "°F");
    expect(compareNumbers(f, "=", 100)).toBe(true);
    expect(compareNumbers(f, ">=", 100)).toBe(true);
    expect(compareNumbers(f, "<=", 100)).toBe(true);
    expect(compareNumbers(f, ">", 100)).toBe(false);
    expect(compareNumbers(f, "<", 100)).toBe(false);
    expect(compareNumbers(f, "!=", 100)).toBe(false);
    expect(compareNumbers(0.1 + 0.2, "=", 0.3)).toBe(true);
  });

  it("every operator away from the boundary", () => {
    expect(compareNumbers(4.5, ">=", 4.4)).toBe(true);
    expect(compareNumbers(4.5, ">", 4.5)).toBe(false);
    expect(compareNumbers(4.4, "<", 4.5)).toBe(true);
    expect(compareNumbers(4.6, "<=", 4.5)).toBe(false);
    expect(compareNumbers(4.6, "!=", 4.5)).toBe(true);
    expect(compareNumbers(Number.NaN, "!=", 1)).toBe(false);
    expect(compareNumbers(Number.NaN, ">=", 1)).toBe(false);
  });

  it("formats quantities", () => {
    expect(formatQuantity(101, "degF")).toBe("101 °F");
    expect(formatQuantity(3, "")).toBe("3");
    expect(formatQuantity(0.1 + 0.2, "cm")).toBe("0.3 cm");
  });
});

describe("CaseError", () => {
  it("carries and lists its issues", () => {
    const e = new CaseError([{ field: "request.cpt", message: "99999 is not a study this guideline knows" }, { field: "asOf", message: "is required" }]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("CaseError");
    expect(e.issues).toHaveLength(2);
    expect(e.message).toContain("request.cpt: 99999 is not a study this guideline knows");
    expect(e.message).toContain("asOf: is required");
    expect(formatIssues([{ field: "asOf", message: "x" }])).toMatch(/1 problem/);
  });
});
