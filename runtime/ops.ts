// The comparison operators shared by numbers, spans and ages (in: nothing; out: the CompareOp type).

export type CompareOp = ">=" | ">" | "<=" | "<" | "=" | "!=";

export const COMPARE_OPS: readonly CompareOp[] = [">=", ">", "<=", "<", "=", "!="];

/** True for one of the six operator strings above. */
export function isCompareOp(s: unknown): s is CompareOp {
  return typeof s === "string" && (COMPARE_OPS as readonly string[]).includes(s);
}
