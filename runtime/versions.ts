// Dated versions of one guideline + a case -> the determination of the version in force on the case's date
// of service (`request.serviceDate`, else `asOf`). What a module compiled from a folder of versions calls.
// The ranges are checked not to overlap or leave gaps when the folder is compiled (compiler/versions.ts).
import type { Determination, EvaluateOptions } from "./decide.ts";
import { dayNumber, parseIsoDate, type Ymd } from "./dates.ts";
import { isPlainObject, ownValue } from "./keys.ts";
import { CaseError, type CaseIssue } from "./errors.ts";

export interface DatedVersion {
  version: string;
  /** First day in force, YYYY-MM-DD. */
  effective: string;
  /** Last day in force (inclusive); absent: until the next version takes effect, or for good. */
  through?: string;
  evaluate(input: unknown, options?: EvaluateOptions): Determination;
}

/** The version in force on a day: the last to take effect on or before it, unless it ended (`through`) before it. */
export function versionInForce<V extends DatedVersion>(versions: readonly V[], day: Ymd): V | undefined {
  const n = dayNumber(day);
  let best: V | undefined, bestFrom = -Infinity;
  for (const v of versions) {
    const from = parseIsoDate(v.effective);
    if (!from || dayNumber(from) > n || dayNumber(from) < bestFrom) continue;
    best = v; bestFrom = dayNumber(from);
  }
  const to = best?.through !== undefined ? parseIsoDate(best.through) : null;
  return to && dayNumber(to) < n ? undefined : best;
}

/**
 * The date of service of an untrusted case, read without trusting it: `request.serviceDate` when it is a real
 * date, else `asOf`; where it comes from, for messages. Anything unreadable gives undefined, and the latest
 * version then validates the case and names what is wrong with it.
 */
export function serviceDateOf(input: unknown): { day: Ymd; field: string; text: string } | undefined {
  try {
    if (!isPlainObject(input)) return undefined;
    const request = ownValue(input, "request");
    const sd = isPlainObject(request) ? ownValue(request, "serviceDate") : undefined;
    if (sd !== undefined && sd !== null) {
      const d = parseIsoDate(sd);
      return d && typeof sd === "string" ? { day: d, field: "request.serviceDate", text: sd } : undefined;
    }
    const asOf = ownValue(input, "asOf");
    const d = parseIsoDate(asOf);
    return d && typeof asOf === "string" ? { day: d, field: "asOf", text: asOf } : undefined;
  } catch {
    return undefined; // a getter or Proxy trap threw: the version's own validation reads the case safely
  }
}

/** Decide with the version in force on the date of service; no version in force is an invalid case (pend with errors). */
export function evaluateVersions(guideline: string, versions: readonly DatedVersion[], input: unknown, options: EvaluateOptions = {}): Determination {
  const latest = versions.reduce<DatedVersion | undefined>((a, v) => (!a || v.effective > a.effective ? v : a), undefined);
  if (!latest) throw new Error(`${guideline}: no versions`);
  const date = serviceDateOf(input);
  if (!date) return latest.evaluate(input, options);
  const v = versionInForce(versions, date.day);
  if (v) return v.evaluate(input, options);
  const covered = [...versions].sort((a, b) => (a.effective < b.effective ? -1 : 1)).map((x) => `${x.version} from ${x.effective}${x.through ? ` through ${x.through}` : ""}`).join("; ");
  const issues: CaseIssue[] = [{ field: date.field, message: `no version of ${guideline} is in force on ${date.text} (${covered})` }];
  if (options.strict) throw new CaseError(issues);
  const cpt = (() => { try { const r = isPlainObject(input) ? ownValue(input, "request") : undefined; const c = isPlainObject(r) ? ownValue(r, "cpt") : undefined; return typeof c === "string" ? c : ""; } catch { return ""; } })();
  return {
    outcome: "pend", guideline, cpt,
    reasons: [{ rule: "case-validation", section: "", outcome: "pend", text: `The request cannot be decided: ${date.field}: ${issues[0].message}`, cite: "", source: { line: 0 }, dsl: { file: "", line: 0 }, notes: [] }],
    missing: [], needed: [], supported: [], references: [], errors: issues,
  };
}
