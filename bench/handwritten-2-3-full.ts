// PEDSP-2.3 (bench/pedsp-2-3.guide) written by hand with the full answer: in a Case, out the same
// Determination the compiled module gives (outcome, reasons with their citations, missing facts with their
// questions, prerequisites still needed, the studies supported instead). What a developer would write
// without the DSL to give a reviewer the whole letter, not just the outcome (decidePedsp23 in
// handwritten-2-3.ts is that limit). Self-contained; only the result types are shared with the runtime.
//
// Three-valued like the guideline (undefined = unknown). A malformed case gives `pend` with `errors`, never
// approve or deny; its messages are shorter than the runtime validator's.
import type { Determination, MissingFact, Reason } from "../runtime/decide.ts";

type Tri = boolean | undefined;
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === undefined || b === undefined ? undefined : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === undefined || b === undefined ? undefined : false);
const not = (a: Tri): Tri => (a === undefined ? undefined : !a);

// ---- the guideline's text, as the letter quotes it ----

const GUIDELINE = "PEDSP";
/** The version bench/pedsp-2-3.guide states: every determination names it. */
const VERSION = "0.1";
const SECTION = "PEDSP-2.3";
const FILE = "bench/pedsp-2-3.guide";

interface RuleText { id: string; outcome: string; summary: string; cite: string; citeLine: number; dslLine: number; notes: readonly string[] }
const PLAIN: RuleText = {
  id: "PEDSP-2.3/plain", outcome: "approve",
  summary: "approve MRI without contrast of symptomatic_region when (red_flag or conservative_treatment >= 4 weeks) and not contrast_needed",
  cite: "MRI without contrast of the symptomatic spinal region is the preferred study", citeLine: 254, dslLine: 48, notes: [],
};
const WITH_CONTRAST: RuleText = {
  id: "PEDSP-2.3/with_contrast", outcome: "approve",
  summary: "approve MRI without and with contrast of symptomatic_region when (red_flag or conservative_treatment >= 4 weeks) and contrast_needed",
  cite: "in which case MRI without and with contrast should be approved", citeLine: 256, dslLine: 51,
  notes: ["Fever is read as at least 100.0 °F, as written (ambiguity 13)."],
};
const RECENT_VISIT: RuleText = {
  id: "PEDSP-2.3/requires-1", outcome: "requires", summary: "face_to_face_evaluation within 60 days",
  cite: "A recent (within 60 days) face-to-face evaluation including a detailed history", citeLine: 78, dslLine: 40, notes: [],
};
const XRAYS: RuleText = {
  id: "PEDSP-2.3/requires-2", outcome: "requires", summary: "xray_done",
  cite: "X-rays, while not required prior to conservative treatment, must be obtained before advanced imaging can be approved.", citeLine: 226, dslLine: 42, notes: [],
};

function reason(r: RuleText, text: string): Reason {
  return { rule: r.id, section: SECTION, outcome: r.outcome, text, cite: r.cite, source: { line: r.citeLine }, dsl: { file: FILE, line: r.dslLine }, notes: r.notes.length ? [...r.notes] : [] };
}
function plainReason(rule: string, section: string, outcome: string, text: string): Reason {
  return { rule, section, outcome, text, cite: "", source: { line: 0 }, dsl: { file: FILE, line: 0 }, notes: [] };
}

/** "Not met: …" for a rule whose criteria are false, naming the false parts of its `when`. */
const notMet = (r: RuleText, falseParts: string): string => `Not met: ${r.summary}. False for this case: ${falseParts}.`;
const NO_INDICATION = "systemic_symptoms; night_pain; conservative_treatment >= 4 weeks";
const PLAIN_NO_INDICATION = notMet(PLAIN, NO_INDICATION);
const PLAIN_CONTRAST_NEEDED = notMet(PLAIN, "not contrast_needed");
const CONTRAST_NO_INDICATION = notMet(WITH_CONTRAST, NO_INDICATION);
const CONTRAST_NOT_NEEDED = notMet(WITH_CONTRAST, "temperature >= 100 °F; suspected_infection");

// The facts a pend may ask for, in the order the letter lists them (a bit each).
const ASK: readonly MissingFact[] = [
  { fact: "age", question: "What is the patient's date of birth (or age)?" },
  { fact: "indication", question: "What is the indication (reason) for the requested study?" },
  { fact: "face_to_face_evaluation", question: "On what date was the most recent face-to-face evaluation?" },
  { fact: "xray_done", question: "Have plain x-rays of the region been obtained?" },
  { fact: "systemic_symptoms", question: "Are there systemic symptoms (fever, weight loss)?" },
  { fact: "night_pain", question: "Is the pain extremely severe or worse at night?" },
  { fact: "conservative_treatment", question: "How long has provider-supervised conservative treatment lasted?" },
  { fact: "temperature", question: "What is the highest documented temperature?" },
  { fact: "suspected_infection", question: "Is infection clinically suspected?" },
  { fact: "symptomatic_region", question: "Which spinal regions are symptomatic?" },
];
const AGE = 1, INDICATION = 2, VISIT = 4, XRAY = 8, SYSTEMIC = 16, NIGHT = 32, TREATMENT = 64, TEMPERATURE = 128, INFECTION = 256, REGION = 512;

// ---- the study catalogue; regions are bits so a set of them is a number ----

const CERVICAL = 1, THORACIC = 2, LUMBAR = 4;
const REGION_BIT: Record<string, number> = { cervical: CERVICAL, thoracic: THORACIC, lumbar: LUMBAR };
type Kind = "plain" | "contrast" | "other";
interface Study { cpt: string; description: string; kind: Kind; region: number; notSupported: string }
const catalogueEntry = (cpt: string, description: string, kind: Kind, region: number): Study =>
  ({ cpt, description, kind, region, notSupported: `No applicable section supports ${description} (${cpt}) for this indication.` });
const CATALOGUE: readonly Study[] = [
  catalogueEntry("72141", "MRI Cervical without contrast", "plain", CERVICAL),
  catalogueEntry("72146", "MRI Thoracic without contrast", "plain", THORACIC),
  catalogueEntry("72148", "MRI Lumbar without contrast", "plain", LUMBAR),
  catalogueEntry("72156", "MRI Cervical without and with contrast", "contrast", CERVICAL),
  catalogueEntry("72157", "MRI Thoracic without and with contrast", "contrast", THORACIC),
  catalogueEntry("72158", "MRI Lumbar without and with contrast", "contrast", LUMBAR),
  catalogueEntry("72131", "CT Lumbar without contrast", "other", LUMBAR),
];
const BY_CPT = new Map(CATALOGUE.map((s) => [s.cpt, s]));

/** The studies of one kind in the symptomatic regions, in catalogue order. */
function studiesFor(kind: Kind, regions: number): Study[] {
  const out: Study[] = [];
  for (const s of CATALOGUE) if (s.kind === kind && (regions & s.region) !== 0) out.push(s);
  return out;
}
/** What a rule supports, for "The guideline supports … here": the studies, or the pattern when none is known. */
function describeSupported(kind: Kind, studies: Study[]): string {
  if (studies.length) return studies.map((s) => `${s.description} (${s.cpt})`).join(" or ");
  return kind === "plain" ? "MRI without contrast of the symptomatic region" : "MRI without and with contrast of the symptomatic region";
}

// ---- dates (day numbers since 1970-01-01) and calendar months ----

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => (m === 2 ? (leap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
function dayNumber(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400), yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}
interface Ymd { y: number; m: number; d: number }
/** "YYYY-MM-DD", a real date in 1800..2200, or undefined. */
function parseDate(s: unknown): Ymd | undefined {
  if (typeof s !== "string" || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= monthDays(y, m) ? { y, m, d } : undefined;
}
/** The number written by `n` digits from `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
/** The day `months` whole calendar months after a date (Jan 31 + 1 month = Feb 28/29). */
function plusMonths(date: Ymd, months: number): number {
  const total = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(total / 12), m = total - y * 12 + 1;
  return dayNumber(y, m, Math.min(date.d, monthDays(y, m)));
}
/**
 * The fewest and most days from `from` months to `to` months after a start date, over every start date
 * (the calendar repeats every 400 years; start days 1..28 never clamp, so day 1 stands for them).
 */
const monthRanges = new Map<number, { lo: number; hi: number }>();
function daysBetweenMonths(from: number, to: number): { lo: number; hi: number } {
  const key = from * 4096 + to;
  let r = monthRanges.get(key);
  if (!r) {
    let lo = Infinity, hi = -Infinity;
    for (let y = 2000; y < 2400; y++) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 29, 30, 31]) {
          if (d > monthDays(y, m)) break;
          const start = { y, m, d }, n = plusMonths(start, to) - plusMonths(start, from);
          if (n < lo) lo = n;
          if (n > hi) hi = n;
        }
      }
    }
    monthRanges.set(key, (r = { lo, hi }));
  }
  return r;
}

// ---- reading the case: anything unusual is refused rather than guessed at ----

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
/** The own value at key (null counts as absent). */
const own = (o: Record<string, unknown>, k: string): unknown => (hasOwn(o, k) && o[k] !== null ? o[k] : undefined);
/** Every own key is one of `allowed`. */
function onlyKeys(o: object, allowed: readonly string[]): boolean {
  for (const k in o) if (hasOwn(o, k) && !allowed.includes(k)) return false;
  return true;
}
const wholeOrAbsent = (v: unknown): v is number | undefined => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0);

class BadCase extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}
function bad(field: string, message: string): never {
  throw new BadCase(field, message);
}

/**
 * `age >= months` for the patient: exact from a birth date; a given age is the interval of ages it allows
 * ({years: 9} is 9 years to 10 years minus a day), so near a limit the answer can be unknown.
 */
type AgeAtLeast = (months: number) => Tri;
const unknownAge: AgeAtLeast = () => undefined;

function readAge(patient: unknown, asOf: Ymd, now: number): AgeAtLeast {
  if (patient === undefined || patient === null) return unknownAge;
  if (!isPlain(patient) || !onlyKeys(patient, ["birthDate", "age"])) bad("patient", 'must be an object like {"birthDate": "2017-03-02"}');
  const rawBirth = own(patient, "birthDate"), rawAge = own(patient, "age");
  let birth: Ymd | undefined;
  if (rawBirth !== undefined) {
    birth = parseDate(rawBirth) ?? bad("patient.birthDate", "must be a date written YYYY-MM-DD");
    const b = dayNumber(birth.y, birth.m, birth.d);
    if (b > now) bad("patient.birthDate", "is after asOf");
    if (plusMonths(birth, 150 * 12) < now) bad("patient.birthDate", "is more than 150 years before asOf");
  }
  let given: { lo: number; step: number; days: number | undefined } | undefined;
  if (rawAge !== undefined) {
    if (!isPlain(rawAge) || !onlyKeys(rawAge, ["years", "months", "days"])) bad("patient.age", 'must be an object like {"years": 9, "months": 2}');
    const years = own(rawAge, "years"), months = own(rawAge, "months"), days = own(rawAge, "days");
    if (!wholeOrAbsent(years) || !wholeOrAbsent(months) || !wholeOrAbsent(days)) bad("patient.age", "must give whole numbers 0 or more");
    if (years === undefined && months === undefined && days === undefined) bad("patient.age", "must give at least one of years, months and days");
    if (years !== undefined && years > 150) bad("patient.age.years", "is more than 150");
    if (years !== undefined && months !== undefined && months > 11) bad("patient.age.months", "must be 0 to 11 when years are given");
    if (days !== undefined && (years !== undefined || months !== undefined) && days > 30) bad("patient.age.days", "must be 0 to 30 when years or months are given");
    const lo = (years ?? 0) * 12 + (months ?? 0);
    if (lo > 150 * 12 || (days ?? 0) > 150 * 366) bad("patient.age", "is more than 150 years");
    given = { lo, step: months !== undefined ? 1 : 12, days };
  }
  if (birth) {
    const from = birth;
    if (given) {
      // Both given: they must agree (the birth date then decides).
      const earliest = given.days !== undefined ? plusMonths(from, given.lo) + given.days : plusMonths(from, given.lo);
      const latest = given.days !== undefined ? earliest : plusMonths(from, given.lo + given.step) - 1;
      if (earliest > now || latest < now) bad("patient.age", "does not agree with patient.birthDate");
    }
    return (months) => now >= plusMonths(from, months);
  }
  if (!given) return unknownAge;
  const { lo, step, days } = given;
  if (days === undefined) return (months) => (lo >= months ? true : lo + step <= months ? false : undefined);
  // An exact age in months and days: against whole months it depends on the month lengths on the way.
  return (months) => {
    if (lo >= months) return true;
    const r = daysBetweenMonths(lo, months);
    return days >= r.hi ? true : days < r.lo ? false : undefined;
  };
}

/** temperature >= 100 °F, in °F (°C converted), equal within 1e-9 relative. */
function readFever(v: unknown): boolean {
  let f: number;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) bad("facts.temperature", "must be a finite number");
    f = v;
  } else {
    if (!isPlain(v) || !onlyKeys(v, ["value", "unit"])) bad("facts.temperature", 'must be a number in °F, or an object like {"value": 38.5, "unit": "°C"}');
    const value = own(v, "value"), unit = own(v, "unit");
    if (typeof value !== "number" || !Number.isFinite(value)) bad("facts.temperature.value", "must be a finite number");
    if (unit === "°F" || unit === "degF") f = value;
    else if (unit === "°C" || unit === "degC") f = (value * 9) / 5 + 32;
    else bad("facts.temperature.unit", "must be °F or °C");
  }
  return Math.abs(f - 100) <= 1e-9 * Math.max(1, Math.abs(f), 100) || f > 100;
}

/**
 * conservative_treatment >= 4 weeks. Days and weeks compare exactly; months depend on the calendar:
 * a whole month is always at least 28 days, a fraction of one may or may not be.
 */
function readTreatment(v: unknown): Tri {
  if (!isPlain(v) || !onlyKeys(v, ["value", "unit"])) bad("facts.conservative_treatment", 'must be an object like {"value": 4, "unit": "weeks"}');
  const value = own(v, "value");
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) bad("facts.conservative_treatment.value", "must be a number 0 or more");
  const atLeastDays = (days: number): boolean => Math.round((days - 28) * 1e9) >= 0;
  const atLeastMonths = (months: number): Tri => (months >= 1 ? true : Math.round((31 * months - 28) * 1e9) >= 0 ? undefined : false);
  switch (own(v, "unit")) {
    case "day": case "days":
      if (value > 1000 * 366) break;
      return atLeastDays(value);
    case "week": case "weeks":
      if (value * 7 > 1000 * 366) break;
      return atLeastDays(value * 7);
    case "month": case "months":
      if (value > 1000 * 12) break;
      return atLeastMonths(value);
    case "year": case "years":
      if (value * 12 > 1000 * 12) break;
      return atLeastMonths(value * 12);
    default:
      bad("facts.conservative_treatment.unit", 'must be "days", "weeks", "months" or "years"');
  }
  return bad("facts.conservative_treatment.value", "is longer than 1000 years");
}

/** symptomatic_region: one region or a list of different ones, as bits. */
function readRegions(v: unknown): number {
  if (typeof v === "string") return REGION_BIT[v] !== undefined && hasOwn(REGION_BIT, v) ? REGION_BIT[v] : bad("facts.symptomatic_region", "must be cervical, thoracic or lumbar");
  if (!Array.isArray(v) || v.length > 1000) bad("facts.symptomatic_region", "must be a list of cervical, thoracic and lumbar");
  let bits = 0;
  for (const x of v) {
    const bit = typeof x === "string" && hasOwn(REGION_BIT, x) ? REGION_BIT[x] : 0;
    if (bit === 0 || (bits & bit) !== 0) bad("facts.symptomatic_region", "must list cervical, thoracic and lumbar at most once each");
    bits |= bit;
  }
  return bits;
}

const yesNo = (v: unknown, name: string): boolean => (v === true || v === false ? v : bad(`facts.${name}`, "must be true or false (or null when not known)"));

// ---- the decision ----

/** Decide a PEDSP-2.3 request. An invalid case gives `pend` with `errors`. */
export function determinePedsp23(input: unknown): Determination {
  try {
    return decide(input);
  } catch (e) {
    if (!(e instanceof BadCase)) throw e;
    return invalid(input, e.field, e.message);
  }
}

function decide(input: unknown): Determination {
  if (!isPlain(input) || !onlyKeys(input, ["asOf", "patient", "request", "facts"])) bad("case", "must be an object with asOf, request, and optionally patient and facts");
  const asOf = parseDate(own(input, "asOf")) ?? bad("asOf", "must be a date written YYYY-MM-DD");
  const now = dayNumber(asOf.y, asOf.m, asOf.d);
  const request = own(input, "request");
  if (!isPlain(request) || !onlyKeys(request, ["cpt", "indication"])) bad("request", 'must be an object like {"cpt": "72148"}');
  const cpt = own(request, "cpt");
  const study = (typeof cpt === "string" && BY_CPT.get(cpt)) || bad("request.cpt", "is not a study this guideline knows");
  const indication = own(request, "indication");
  if (indication !== undefined && indication !== "back_pain") bad("request.indication", "must be back_pain");
  const ageAtLeast = readAge(own(input, "patient"), asOf, now);

  // The facts; undefined is unknown.
  let visitDay: number | undefined, xray: Tri, systemic: Tri, night: Tri, treatment: Tri, fever: Tri, infection: Tri, regions: number | undefined;
  const facts = own(input, "facts");
  if (facts !== undefined) {
    if (!isPlain(facts)) bad("facts", "must be an object of fact names and values");
    for (const key in facts) {
      if (!hasOwn(facts, key)) continue;
      const v = facts[key];
      const given = v !== undefined && v !== null;
      switch (key) {
        case "face_to_face_evaluation": {
          if (!given) break;
          const d = parseDate(v) ?? bad("facts.face_to_face_evaluation", "must be a date written YYYY-MM-DD");
          visitDay = dayNumber(d.y, d.m, d.d);
          if (visitDay > now) bad("facts.face_to_face_evaluation", "is after asOf; a documented date cannot be in the future");
          break;
        }
        case "xray_done": if (given) xray = yesNo(v, key); break;
        case "systemic_symptoms": if (given) systemic = yesNo(v, key); break;
        case "night_pain": if (given) night = yesNo(v, key); break;
        case "suspected_infection": if (given) infection = yesNo(v, key); break;
        case "conservative_treatment": if (given) treatment = readTreatment(v); break;
        case "temperature": if (given) fever = readFever(v); break;
        case "symptomatic_region": if (given) regions = readRegions(v); break;
        default: bad(`facts.${key}`, "is not a fact this guideline declares");
      }
    }
  }

  // The section applies to back pain from 6 years up to (not including) 18 years.
  const knownIndication: Tri = indication === undefined ? undefined : true;
  const over6 = ageAtLeast(6 * 12), under18 = not(ageAtLeast(18 * 12));
  const applies = and(and(knownIndication, over6), under18);

  // Prerequisites.
  const recentVisit: Tri = visitDay === undefined ? undefined : visitDay >= now - 60;
  const prerequisites = and(recentVisit, xray);

  // The criteria of the two approvals.
  const redFlag = or(systemic, night);
  const indicated = or(redFlag, treatment);
  const contrastNeeded = or(fever, infection);
  const plainWhen = and(indicated, not(contrastNeeded));
  const contrastWhen = and(indicated, contrastNeeded);

  // The approval that covers the requested kind of study, if any (the other cannot match it).
  const rule = study.kind === "plain" ? PLAIN : study.kind === "contrast" ? WITH_CONTRAST : undefined;
  const when = study.kind === "plain" ? plainWhen : contrastWhen;
  const inRegion: Tri = regions === undefined ? undefined : (regions & study.region) !== 0;
  const fires = rule ? and(and(applies, inRegion), when) : false;

  if (applies === false) {
    return result(study, "deny", undefined, [plainReason("not-supported", "", "deny", study.notSupported)]);
  }

  if (fires === false) {
    // Nothing supports this study here. Deny, naming the study the guideline does support when there is one.
    // A rule supports other studies when its criteria hold but it does not cover this one (another kind of
    // study, or a region that is not symptomatic); at most one rule's criteria hold.
    const otherKind: Kind | undefined = applies !== true ? undefined
      : plainWhen === true && (study.kind !== "plain" || inRegion === false) ? "plain"
      : contrastWhen === true && (study.kind !== "contrast" || inRegion === false) ? "contrast" : undefined;
    if (otherKind) {
      const studies = regions === undefined ? [] : studiesFor(otherKind, regions);
      const text = `The guideline supports ${describeSupported(otherKind, studies)} here, not ${study.description} (${study.cpt}).`;
      return result(study, "deny", SECTION, [reason(otherKind === "plain" ? PLAIN : WITH_CONTRAST, text)], [], [],
        studies.map((s) => ({ cpt: s.cpt, description: s.description })));
    }
    const section = applies === true ? SECTION : undefined;
    if (rule && applies === true && inRegion !== false) {
      // The rule for this study applies and may cover it, but its criteria are false: say which.
      const text = rule === PLAIN ? (indicated === false ? PLAIN_NO_INDICATION : PLAIN_CONTRAST_NEEDED) : indicated === false ? CONTRAST_NO_INDICATION : CONTRAST_NOT_NEEDED;
      return result(study, "deny", section, [reason(rule, text)]);
    }
    return result(study, "deny", section, [plainReason("not-supported", section ?? "", "deny", study.notSupported)]);
  }

  // The rule fires or might: approve when it surely does and the prerequisites are met.
  const r = rule!;
  if (fires === true && prerequisites === true) return result(study, "approve", SECTION, [reason(r, r.summary)]);

  // Otherwise pend, asking for what would decide it.
  let ask = 0;
  if (fires === undefined) {
    if (applies === undefined) {
      if (knownIndication === undefined) ask |= INDICATION;
      if (over6 === undefined || under18 === undefined) ask |= AGE;
    }
    if (inRegion === undefined) ask |= REGION;
    if (when === undefined) {
      if (indicated === undefined) {
        if (redFlag === undefined) ask |= (systemic === undefined ? SYSTEMIC : 0) | (night === undefined ? NIGHT : 0);
        if (treatment === undefined) ask |= TREATMENT;
      }
      if (contrastNeeded === undefined) ask |= (fever === undefined ? TEMPERATURE : 0) | (infection === undefined ? INFECTION : 0);
    }
  }
  if (recentVisit === undefined) ask |= VISIT;
  if (xray === undefined) ask |= XRAY;
  const missing: MissingFact[] = [];
  for (let i = 0; i < ASK.length; i++) if (ask & (1 << i)) missing.push({ fact: ASK[i].fact, question: ASK[i].question });

  const needed: Reason[] = [];
  if (fires === true) {
    if (recentVisit !== true) needed.push(reason(RECENT_VISIT, `Needed first: ${RECENT_VISIT.summary}`));
    if (xray !== true) needed.push(reason(XRAYS, `Needed first: ${XRAYS.summary}`));
  }
  const text = fires === true ? `Would be supported once the prerequisites are met: ${r.summary}` : `Supported if: ${r.summary}`;
  return result(study, "pend", SECTION, [reason(r, text)], missing, needed);
}

/** The Determination, keys in the runtime's order (it adds `section` last; undefined leaves it out of JSON). */
function result(study: Study, outcome: "approve" | "deny" | "pend", section: string | undefined, reasons: Reason[], missing: MissingFact[] = [], needed: Reason[] = [], supported: { cpt: string; description: string }[] = []): Determination {
  return { outcome, guideline: GUIDELINE, version: VERSION, cpt: study.cpt, study: study.description, reasons, missing, needed, supported, references: [], section };
}

/** The determination for a case that cannot be read: pend, with what is wrong. */
function invalid(input: unknown, field: string, message: string): Determination {
  const request = isPlain(input) ? own(input, "request") : undefined;
  const cpt = isPlain(request) ? own(request, "cpt") : undefined;
  return {
    outcome: "pend", guideline: GUIDELINE, version: VERSION, cpt: typeof cpt === "string" && /^\d{5}$/.test(cpt) ? cpt : "",
    reasons: [plainReason("case-validation", "", "pend", `The request cannot be decided until the case is corrected: ${field}: ${message}`)],
    missing: [], needed: [], supported: [], references: [], errors: [{ field, message }],
  };
}
