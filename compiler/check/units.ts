// Unit spellings of the language (°F, degF, ˚, days, week …) -> the runtime's canonical units and spans.
import { spanOf, spanUnit, type Span } from "../../runtime/span.ts";

/** The source writes degrees with U+02DA (˚); the runtime knows °. */
export const normalizeUnit = (u: string): string => u.replace(/˚/g, "°");

/** A time span from a number and a unit word, or undefined when the unit is not one of time. */
export function spanFrom(value: number, unit: string): Span | undefined {
  const u = spanUnit(unit);
  return u ? spanOf(value, u) : undefined;
}
