// The fast path of case validation: in an untrusted Case, out the very ValidCase validateCase would give,
// or undefined whenever anything is unusual. It accepts a strict subset of what validateCase accepts (the
// plain JSON shapes a well-formed request has) and never explains: on undefined the caller runs
// validateCase, which finds and words every issue. test/fuzz/fast-read.test.ts holds the two to that.
//
// The rules for each value (patient age, fact types) are restated here rather than calling patientAge and
// readFactValue, which validateCase uses: calling them (issue arrays, key lists, paths) made a case about 25 %
// slower to read. A change to age.ts's readAgeParts/patientAge or facts.ts's readers must be made here too;
// the property tests fail until it is.
//
// Why it is safe without scanUnsafe's walk: it descends only into the shapes it knows (case → patient →
// age, request, facts → {value, unit} or a list of strings), at most three levels, and every string it
// keeps is compared with a declared value or read as a 10-character date, so no key it reads can reach a
// prototype, no value nests deeper, refers to itself or holds an over-long string.
import type { Age } from "./age.ts";
import { givenAge, MAX_AGE_YEARS } from "./age.ts";
import type { Ymd } from "./dates.ts";
import { dayNumber, parseIsoDate, spanDayNumber } from "./dates.ts";
import { MAX_DURATION_YEARS, MAX_SET_ITEMS, withinNumberBounds, withinSpanBounds } from "./facts.ts";
import { FORBIDDEN_KEYS, hasOwn, isPlainObject } from "./keys.ts";
import { canonicalUnit, convert, unitDimension } from "./quantity.ts";
import { MAX_STRING } from "./scan.ts";
import type { Span } from "./span.ts";
import { spanOf, spanUnit } from "./span.ts";
import type { CaseSpec, FactLookup, FactSpec, FactType, FactValue, ValidCase } from "./validate.ts";
import { deriveFacts, derivedFacts, type Derivation } from "./derive.ts";

/** parseIsoDate, with undefined for "not a date". */
const parseDate = (s: unknown): Ymd | undefined => parseIsoDate(s) ?? undefined;

/**
 * ownValue(o, k) of keys.ts, given v = o.k read at the call site: there the property name is a constant, so
 * the read stays a cheap named load (one shared `o[k]` inside a helper is a slow keyed load on every case).
 */
const own = (o: object, v: unknown, k: string): unknown => (v === undefined || hasOwn(o, k) ? v : undefined);

/**
 * Every enumerable key is one of `allowed` (at most four, so a scan beats a Set). for…in also sees keys
 * inherited from a changed prototype, which only makes the fast path refuse more; it allocates no key list.
 */
function keysWithin(o: object, allowed: readonly string[]): boolean {
  for (const key in o) if (!allowed.includes(key)) return false;
  return true;
}

const CASE_KEYS = ["asOf", "patient", "request", "facts"];
const PATIENT_KEYS = ["birthDate", "age"];
const AGE_KEYS = ["years", "months", "days"];
const REQUEST_KEYS = ["cpt", "indication", "serviceDate"];
const MEASURE_KEYS = ["value", "unit"];

/** A whole number 0 or more, or absent (null counts as absent, as in readAgeParts). */
const part = (v: unknown): number | undefined | false => (v === undefined || v === null ? undefined : typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : false);

/** The patient's age, undefined for no age, false for anything validateCase might object to. */
function age(patient: unknown, asOf: Ymd): Age | undefined | false {
  if (patient === undefined || patient === null) return undefined;
  if (!isPlainObject(patient) || !keysWithin(patient, PATIENT_KEYS)) return false;
  const rawBirth = own(patient, patient.birthDate, "birthDate"), rawAge = own(patient, patient.age, "age");
  const hasBirth = rawBirth !== undefined && rawBirth !== null, hasAge = rawAge !== undefined && rawAge !== null;
  if (hasBirth && hasAge) return false; // both: validateCase checks that they agree
  if (hasBirth) {
    const birth = parseDate(rawBirth);
    if (!birth) return false;
    const b = dayNumber(birth), now = dayNumber(asOf);
    if (b > now || spanDayNumber(birth, { months: MAX_AGE_YEARS * 12, days: 0 }) < now) return false;
    return { kind: "birth", birth, asOf };
  }
  if (!hasAge) return undefined;
  if (!isPlainObject(rawAge) || !keysWithin(rawAge, AGE_KEYS)) return false;
  const years = part(own(rawAge, rawAge.years, "years")), months = part(own(rawAge, rawAge.months, "months")), days = part(own(rawAge, rawAge.days, "days"));
  if (years === false || months === false || days === false) return false;
  if (years === undefined && months === undefined && days === undefined) return false;
  if (years !== undefined && years > MAX_AGE_YEARS) return false;
  if (years !== undefined && months !== undefined && months > 11) return false;
  if (days !== undefined && (years !== undefined || months !== undefined) && days > 30) return false;
  if ((years ?? 0) * 12 + (months ?? 0) > MAX_AGE_YEARS * 12 || (days ?? 0) > MAX_AGE_YEARS * 366) return false;
  const parts: { years?: number; months?: number; days?: number } = {};
  if (years !== undefined) parts.years = years;
  if (months !== undefined) parts.months = months;
  if (days !== undefined) parts.days = days;
  return givenAge(parts);
}

/** One declared fact's reader: the FactValue, or undefined for anything validateCase might object to. */
type FactReader = (raw: unknown, asOf: Ymd) => FactValue | undefined;

/**
 * The facts of a case the fast path read: one slot per declared fact (the first declaration of a name),
 * looked up by name through the spec's table. Cheaper to fill than a Map, which it stands in for.
 */
class SlotFacts implements FactLookup {
  constructor(private readonly slotOf: ReadonlyMap<string, number>, private readonly values: (FactValue | undefined)[], public size: number) {}
  get(name: string): FactValue | undefined {
    const i = this.slotOf.get(name);
    return i === undefined ? undefined : this.values[i];
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  *keys(): IterableIterator<string> {
    for (const [name, i] of this.slotOf) if (this.values[i] !== undefined) yield name;
  }
}

/** The fast reader of one declared fact type (a `null` or absent value is the caller's business). */
function factReader(type: FactType): FactReader {
  switch (type.kind) {
    case "bool":
      return (raw) => (raw === true || raw === false ? raw : undefined);
    case "number": {
      const unit = type.unit, dim = unitDimension(unit), bounds = type.bounds;
      return (raw) => {
        if (typeof raw === "number") return withinNumberBounds(raw, bounds) ? raw : undefined;
        if (!isPlainObject(raw) || !keysWithin(raw, MEASURE_KEYS)) return undefined;
        const value = own(raw, raw.value, "value"), given = own(raw, raw.unit, "unit");
        if (typeof value !== "number" || !Number.isFinite(value) || typeof given !== "string") return undefined;
        if (canonicalUnit(given) === undefined || unitDimension(given) !== dim) return undefined;
        const v = convert(value, given, unit); // finite in, but −1e308 °C is −Infinity °F
        return withinNumberBounds(v, bounds) ? v : undefined;
      };
    }
    case "duration": {
      const bounds = type.bounds;
      return (raw) => {
        if (!isPlainObject(raw) || !keysWithin(raw, MEASURE_KEYS)) return undefined;
        const value = own(raw, raw.value, "value"), unit = spanUnit(own(raw, raw.unit, "unit"));
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || unit === undefined) return undefined;
        const span: Span = spanOf(value, unit);
        if (span.months > MAX_DURATION_YEARS * 12 || span.days > MAX_DURATION_YEARS * 366) return undefined;
        return withinSpanBounds(span, bounds) ? span : undefined;
      };
    }
    case "date":
      return (raw, asOf) => {
        const d = parseDate(raw);
        return d && dayNumber(d) <= dayNumber(asOf) ? d : undefined;
      };
    case "enum": {
      const values = new Set(type.values.filter((v) => v.length <= MAX_STRING));
      return (raw) => (typeof raw === "string" && values.has(raw) ? raw : undefined);
    }
    case "set": {
      const order = type.values, values = new Set(order.filter((v) => v.length <= MAX_STRING));
      return (raw) => {
        if (typeof raw === "string") return values.has(raw) ? [raw] : undefined;
        if (!Array.isArray(raw)) return undefined;
        const n: unknown = raw.length; // a Proxy's trap may answer anything
        if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_SET_ITEMS) return undefined;
        // Each item is read once, by index, into an array of our own; no method of the caller's array is called,
        // so the items checked are the items decided.
        const items: string[] = [];
        for (let i = 0; i < n; i++) {
          const x: unknown = raw[i];
          if (typeof x !== "string" || !values.has(x)) return undefined;
          for (let j = 0; j < i; j++) if (items[j] === x) return undefined; // listed twice
          items.push(x);
        }
        // In declaration order, as readSet gives them.
        return n === 1 ? items : order.filter((v) => items.includes(v));
      };
    }
  }
}

interface Prepared {
  /** The slot of each declared fact a case may give (the first declaration of a name wins, as in validateCase). */
  slotOf: Map<string, number>;
  /** The reader of each slot. */
  readers: FactReader[];
  cpts: Set<string>;
  indications: Set<string>;
  /** The declared facts, and whether any is answered by other evidence (derive.ts). */
  spec: readonly FactSpec[];
  derives: boolean;
}
const prepared = new WeakMap<CaseSpec, Prepared>();
function prepare(spec: CaseSpec): Prepared {
  let p = prepared.get(spec);
  if (!p) {
    const slotOf = new Map<string, number>(), readers: FactReader[] = [];
    // Names a case may not use never get a slot: a case that gives one is left to validateCase.
    for (const f of spec.facts) {
      if (slotOf.has(f.name) || FORBIDDEN_KEYS.has(f.name) || f.name.length > MAX_STRING) continue;
      slotOf.set(f.name, readers.length);
      readers.push(factReader(f.type));
    }
    const short = (xs: readonly string[]) => new Set(xs.filter((x) => x.length <= MAX_STRING));
    const derives = derivedFacts(spec.facts).some((f) => f.implied?.length && slotOf.has(f.name));
    p = { slotOf, readers, cpts: short(spec.cpts.filter((c) => /^\d{5}$/.test(c))), indications: short(spec.indications), spec: spec.facts, derives };
    prepared.set(spec, p);
  }
  return p;
}

/** The `facts` object of a case read into slots, or undefined when anything in it is unusual. */
function readFacts(raw: Record<string, unknown> | undefined, asOf: Ymd, p: Prepared): { facts: SlotFacts; derived?: Map<string, Derivation> } | undefined {
  const values: (FactValue | undefined)[] = new Array(p.readers.length);
  let given = 0;
  if (raw !== undefined) {
    const keys = Object.keys(raw);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const slot = p.slotOf.get(key);
      if (slot === undefined) return undefined;
      const value = raw[key];
      if (value === undefined || value === null) continue;
      const v = p.readers[slot](value, asOf);
      if (v === undefined) return undefined;
      values[slot] = v;
      given++;
    }
  }
  const facts = new SlotFacts(p.slotOf, values, given);
  // Facts answered by other evidence (derive.ts); "not documented" answers never reach here (their readers refuse them).
  if (p.derives) {
    const derived = new Map<string, Derivation>();
    if (!deriveFacts(p.spec, (n) => facts.get(n), (n, v) => { const i = p.slotOf.get(n)!; if (values[i] === undefined) facts.size++; values[i] = v; }, () => false, undefined, derived, asOf)) return undefined;
    if (derived.size) return { facts, derived };
  }
  return { facts };
}

/** The ValidCase of a well-formed case, or undefined: then validateCase decides (and explains). */
export function readWellFormed(input: unknown, spec: CaseSpec): ValidCase | undefined {
  if (!isPlainObject(input) || !keysWithin(input, CASE_KEYS)) return undefined;
  const asOf = parseDate(own(input, input.asOf, "asOf"));
  if (!asOf) return undefined;
  const p = prepare(spec);

  const request = own(input, input.request, "request");
  if (!isPlainObject(request) || !keysWithin(request, REQUEST_KEYS)) return undefined;
  const cpt = own(request, request.cpt, "cpt");
  if (typeof cpt !== "string" || !p.cpts.has(cpt)) return undefined;
  const serviceDate = own(request, request.serviceDate, "serviceDate");
  if (serviceDate !== undefined && serviceDate !== null && !parseDate(serviceDate)) return undefined;
  const rawIndication = own(request, request.indication, "indication");
  let indication: string | undefined;
  if (rawIndication !== undefined && rawIndication !== null) {
    if (typeof rawIndication !== "string" || !p.indications.has(rawIndication)) return undefined;
    indication = rawIndication;
  }

  const a = age(own(input, input.patient, "patient"), asOf);
  if (a === false) return undefined;

  const rawFacts = own(input, input.facts, "facts");
  if (rawFacts !== undefined && rawFacts !== null && !isPlainObject(rawFacts)) return undefined;
  const read = readFacts(rawFacts ?? undefined, asOf, p);
  if (read === undefined) return undefined;
  return { asOf, age: a, cpt, indication, facts: read.facts, ...(read.derived ? { derived: read.derived } : {}) };
}
