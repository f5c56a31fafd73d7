import { describe, expect, it } from "vitest";
import type { Tri } from "../../runtime/index.ts";
import { all3, and3, any3, atLeast3, formatTri, none3, not3, or3 } from "../../runtime/index.ts";

const T = true;
const F = false;
const U = undefined;
const values: Tri[] = [T, F, U];

describe("Kleene logic", () => {
  it("and3 truth table", () => {
    const table: [Tri, Tri, Tri][] = [
      [T, T, T], [T, F, F], [T, U, U],
      [F, T, F], [F, F, F], [F, U, F],
      [U, T, U], [U, F, F], [U, U, U],
    ];
    for (const [a, b, r] of table) expect(and3(a, b), `${a} and ${b}`).toBe(r);
  });

  it("or3 truth table", () => {
    const table: [Tri, Tri, Tri][] = [
      [T, T, T], [T, F, T], [T, U, T],
      [F, T, T], [F, F, F], [F, U, U],
      [U, T, T], [U, F, U], [U, U, U],
    ];
    for (const [a, b, r] of table) expect(or3(a, b), `${a} or ${b}`).toBe(r);
  });

  it("not3", () => {
    expect(not3(T)).toBe(F);
    expect(not3(F)).toBe(T);
    expect(not3(U)).toBe(U);
  });

  it("De Morgan holds for every pair", () => {
    for (const a of values) for (const b of values) {
      expect(not3(and3(a, b))).toBe(or3(not3(a), not3(b)));
      expect(not3(or3(a, b))).toBe(and3(not3(a), not3(b)));
    }
  });

  it("atLeast3 counts trues and unknowns", () => {
    expect(atLeast3(2, [T, T, F])).toBe(T);
    expect(atLeast3(2, [T, F, F])).toBe(F);
    expect(atLeast3(2, [T, U, F])).toBe(U);
    expect(atLeast3(2, [U, U, F])).toBe(U);
    expect(atLeast3(3, [U, U, F])).toBe(F);
    expect(atLeast3(0, [])).toBe(T);
    expect(atLeast3(1, [])).toBe(F);
  });

  it("list forms", () => {
    expect(any3([F, U])).toBe(U);
    expect(any3([F, U, T])).toBe(T);
    expect(any3([])).toBe(F);
    expect(all3([T, U])).toBe(U);
    expect(all3([T, U, F])).toBe(F);
    expect(all3([])).toBe(T);
    expect(none3([F, F])).toBe(T);
    expect(none3([F, U])).toBe(U);
    expect(none3([T, U])).toBe(F);
    expect([T, F, U].map(formatTri)).toEqual(["yes", "no", "unknown"]);
  });
});
