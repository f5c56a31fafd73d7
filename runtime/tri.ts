// Three-valued (Kleene) logic: in Tri values (true, false, undefined = unknown), out Tri values.
// Missing is not false: an unknown operand only decides the result when the known ones cannot.

export type Tri = boolean | undefined;

export function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return undefined;
}

export function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return undefined;
}

export function not3(a: Tri): Tri {
  return a === undefined ? undefined : !a;
}

/** True if at least n values are true; false if even counting every unknown as true there are fewer than n. */
export function atLeast3(n: number, values: readonly Tri[]): Tri {
  let trues = 0;
  let unknowns = 0;
  for (const v of values) {
    if (v === true) trues++;
    else if (v === undefined) unknowns++;
  }
  if (trues >= n) return true;
  if (trues + unknowns < n) return false;
  return undefined;
}

/** all of { … }: Kleene AND over a list (true for an empty list). */
export function all3(values: readonly Tri[]): Tri {
  let result: Tri = true;
  for (const v of values) result = and3(result, v);
  return result;
}

/** any of { … }: Kleene OR over a list (false for an empty list). */
export function any3(values: readonly Tri[]): Tri {
  let result: Tri = false;
  for (const v of values) result = or3(result, v);
  return result;
}

/** none of { … }: true when every value is false. */
export function none3(values: readonly Tri[]): Tri {
  return not3(any3(values));
}

/** "yes", "no" or "unknown", for traces and explanations. */
export function formatTri(a: Tri): "yes" | "no" | "unknown" {
  return a === undefined ? "unknown" : a ? "yes" : "no";
}
