// Case validation shared by the interpreter and compiled evaluators: in an untrusted Case and the
// guideline's declared facts, indications and CPT codes, out a ValidCase or every issue found (field + words).
import type { Age } from "./age.ts";
import { patientAge } from "./age.ts";
import type { Ymd } from "./dates.ts";
import { isoDateProblem, parseIsoDate } from "./dates.ts";
import type { CaseIssue } from "./errors.ts";
import { CaseError } from "./errors.ts";
import { readFactValue } from "./facts.ts";
import { deriveFacts, NOT_DOCUMENTED, type Derivation, type FactImplication } from "./derive.ts";
import { childPath, describeValue, FORBIDDEN_KEYS, isPlainObject, ownValue } from "./keys.ts";
import { scanUnsafe } from "./scan.ts";
import { unwrapCase } from "./wrapper.ts";
import type { Span } from "./span.ts";
import { didYouMean } from "./suggest.ts";

export type FactType =
  | { kind: "bool" }
  | { kind: "number"; unit: string; bounds?: NumberBounds }
  | { kind: "duration"; bounds?: SpanBounds }
  | { kind: "date" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "set"; values: readonly string[] };

/** The plausible values of a number fact, both ends included, in the fact's declared unit. */
export interface NumberBounds { min: number; max: number }
/** The plausible values of a duration fact, both ends included (compared by mean length: see facts.ts). */
export interface SpanBounds { min: Span; max: Span }

/**
 * `implied`: the `yes when` / `no when` clauses that answer a yes/no fact from other facts; `notDocumented`: the
 * value a "not documented" answer takes (`not documented means no`); without it "not documented" is unknown.
 */
export interface FactSpec {
  name: string;
  type: FactType;
  implied?: readonly FactImplication[];
  notDocumented?: boolean | string;
  /** Names an earlier version used for this fact (`replaces`), or merged into it: a case using one is told the new name. */
  replaces?: readonly string[];
}

/** Numbers in the declared unit, durations as Span, dates as Ymd, enums as string, sets as string[]. */
export type FactValue = boolean | number | Span | Ymd | string | readonly string[];

/**
 * The facts a valid case gives, by name (a fact not given, or null, is absent). validateCase gives a Map;
 * the fast path (fast-read.ts) a lighter store of the same values.
 */
export interface FactLookup {
  get(name: string): FactValue | undefined;
  has(name: string): boolean;
  readonly size: number;
  keys(): IterableIterator<string>;
}

export interface ValidCase {
  asOf: Ymd;
  age: Age | undefined;
  cpt: string;
  indication: string | undefined;
  facts: FactLookup;
  /** Facts the case did not give, and how they got their value (reasons say so beside the answer). */
  derived?: ReadonlyMap<string, Derivation>;
}

export interface CaseSpec {
  facts: readonly FactSpec[];
  indications: readonly string[];
  cpts: readonly string[];
}

/** validateCase gives its facts as a Map. */
export type CaseValidation = { ok: true; value: ValidCase & { facts: Map<string, FactValue> } } | { ok: false; issues: CaseIssue[]; cpt?: string };

// documentation: "complete" when the case holds the whole record, so a fact it leaves out is "not documented".
const CASE_KEYS = ["asOf", "patient", "request", "facts", "documentation"];
const DOCUMENTATION = ["complete", "partial"];
// serviceDate: the date of service, which picks the version in force (runtime/versions.ts); asOf when absent.
const REQUEST_KEYS = ["cpt", "indication", "serviceDate"];

/** Facts people put in `facts` that belong elsewhere in the case. */
const MOVED: Record<string, string> = {
  age: "the patient's age goes in patient.age or patient.birthDate",
  birthDate: "the birth date goes in patient.birthDate",
  indication: "the indication goes in request.indication",
  cpt: "the requested study goes in request.cpt",
};

function unknownKeys(o: object, allowed: readonly string[], path: string, what: string, issues: CaseIssue[]): void {
  for (const key of Object.keys(o)) {
    if (FORBIDDEN_KEYS.has(key) || allowed.includes(key)) continue;
    issues.push({ field: childPath(path, key), message: `is not part of ${what}, which has ${allowed.join(", ")}${didYouMean(key, allowed)}` });
  }
}

function readRequest(raw: unknown, spec: CaseSpec, issues: CaseIssue[]): { cpt?: string; indication?: string } {
  if (raw === undefined || raw === null) {
    issues.push({ field: "request", message: 'is required: an object like {"cpt": "72148", "indication": "back_pain"}' });
    return {};
  }
  if (!isPlainObject(raw)) {
    issues.push({ field: "request", message: `must be an object like {"cpt": "72148"}, got ${describeValue(raw)}` });
    return {};
  }
  unknownKeys(raw, REQUEST_KEYS, "request", "a request", issues);
  const out: { cpt?: string; indication?: string } = {};
  const cpt = ownValue(raw, "cpt");
  if (cpt === undefined || cpt === null) {
    issues.push({ field: "request.cpt", message: 'is required: the CPT code of the requested study, such as "72148"' });
  } else if (typeof cpt === "number" && /^\d{5}$/.test(String(cpt))) {
    issues.push({ field: "request.cpt", message: `must be written as a string: "${String(cpt)}"` });
  } else if (typeof cpt !== "string" || !/^\d{5}$/.test(cpt)) {
    issues.push({ field: "request.cpt", message: `must be a CPT code of 5 digits such as "72148", got ${describeValue(cpt)}` });
  } else if (!spec.cpts.includes(cpt)) {
    issues.push({ field: "request.cpt", message: `${cpt} is not a study this guideline knows` });
  } else {
    out.cpt = cpt;
  }
  const serviceDate = ownValue(raw, "serviceDate");
  if (serviceDate !== undefined && serviceDate !== null && parseIsoDate(serviceDate) === null) {
    issues.push({ field: "request.serviceDate", message: isoDateProblem(serviceDate) ?? "must be a date written YYYY-MM-DD" });
  }
  const indication = ownValue(raw, "indication");
  if (indication === undefined || indication === null) return out;
  if (typeof indication === "string" && spec.indications.includes(indication)) {
    out.indication = indication;
  } else if (typeof indication === "string") {
    issues.push({
      field: "request.indication",
      message: `${describeValue(indication)} is not an indication this guideline knows; use one of ${spec.indications.join(", ")}${didYouMean(indication, spec.indications)}`,
    });
  } else {
    issues.push({ field: "request.indication", message: `must be one of ${spec.indications.join(", ")}; got ${describeValue(indication)}` });
  }
  return out;
}

// The fact table of a spec, built once per spec (not once per case); the first declaration of a name wins.
interface DeclaredFacts { declared: Map<string, { type: FactType; path: string }>; names: string[] }
const declaredCache = new WeakMap<readonly FactSpec[], DeclaredFacts>();
function declaredFacts(facts: readonly FactSpec[]): DeclaredFacts {
  let d = declaredCache.get(facts);
  if (!d) {
    const declared = new Map<string, { type: FactType; path: string }>();
    for (const f of facts) if (!declared.has(f.name)) declared.set(f.name, { type: f.type, path: childPath("facts", f.name) });
    d = { declared, names: [...declared.keys()] };
    declaredCache.set(facts, d);
  }
  return d;
}

function readFacts(raw: unknown, spec: CaseSpec, asOf: Ymd | undefined, issues: CaseIssue[], complete: boolean, derived: Map<string, Derivation>): Map<string, FactValue> {
  const facts = new Map<string, FactValue>();
  const notDocumented = new Set<string>();
  const derive = (): Map<string, FactValue> => {
    const answered = new Set(facts.keys());
    deriveFacts(spec.facts, (n) => facts.get(n), (n, v) => facts.set(n, v), (n) => notDocumented.has(n) || (complete && !answered.has(n)), issues, derived, asOf);
    return facts;
  };
  if (raw === undefined || raw === null) return derive();
  if (!isPlainObject(raw)) {
    issues.push({ field: "facts", message: `must be an object of fact names and values, got ${describeValue(raw)}` });
    return facts;
  }
  const { declared, names } = declaredFacts(spec.facts);
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const decl = declared.get(key);
    if (decl === undefined) {
      const path = childPath("facts", key);
      const renamed = spec.facts.find((f) => f.replaces?.includes(key));
      const hint = Object.prototype.hasOwnProperty.call(MOVED, key) ? `; ${MOVED[key]}` : renamed ? `; this version asks it as ${renamed.name}` : didYouMean(key, names);
      issues.push({ field: path, message: `${describeValue(key)} is not a fact this guideline declares${hint}` });
      continue;
    }
    const value = ownValue(raw, key);
    if (value === undefined || value === null) continue;
    // "not documented": the record was read and says nothing of it (unknown, unless the fact says what it means).
    if (value === NOT_DOCUMENTED) { notDocumented.add(key); continue; }
    const read = readFactValue(value, decl.type, asOf, decl.path, issues);
    if (read !== undefined) facts.set(key, read);
  }
  // Clauses are checked against readable values only: a fact refused above is not also called contradictory.
  return derive();
}

/**
 * Check a Case against the guideline's declarations; collects every issue, never mutates the input. The input
 * is read once, into the runtime's own copy (scanUnsafe), and a gallery wrapper is unwrapped (wrapper.ts).
 * Never throws: what cannot be read is an issue.
 */
export function validateCase(input: unknown, spec: CaseSpec): CaseValidation {
  const wrapper = unwrapCase(input);
  const scan = scanUnsafe(wrapper.case);
  const raw = scan.value;
  const issues: CaseIssue[] = [...wrapper.issues];
  if (!isPlainObject(raw)) {
    issues.push({ field: "case", message: `must be an object with asOf, request, and optionally patient and facts; got ${describeValue(raw)}` });
    return { ok: false, issues: [...scan.issues, ...issues.filter((i) => !scan.bad.has(i.field))] };
  }
  unknownKeys(raw, CASE_KEYS, "", "a case", issues);

  const rawAsOf = ownValue(raw, "asOf");
  let asOf: Ymd | undefined;
  if (rawAsOf === undefined || rawAsOf === null) {
    issues.push({ field: "asOf", message: "is required: the date the decision is made for, written YYYY-MM-DD" });
  } else {
    asOf = parseIsoDate(rawAsOf) ?? undefined;
    if (asOf === undefined) issues.push({ field: "asOf", message: isoDateProblem(rawAsOf)! });
  }

  const patient = patientAge(ownValue(raw, "patient"), asOf);
  issues.push(...patient.issues);
  const request = readRequest(ownValue(raw, "request"), spec, issues);
  const documentation = ownValue(raw, "documentation");
  if (documentation !== undefined && documentation !== null && !DOCUMENTATION.includes(documentation as string)) {
    issues.push({ field: "documentation", message: `must be "complete" (the case holds the whole record: what it leaves out is not documented) or "partial"; got ${describeValue(documentation)}` });
  }
  const derived = new Map<string, Derivation>();
  const facts = readFacts(ownValue(raw, "facts"), spec, asOf, issues, documentation === "complete", derived);

  const all = [...scan.issues, ...issues.filter((i) => !scan.bad.has(i.field))];
  if (all.length > 0 || !asOf || request.cpt === undefined) return { ok: false, issues: all, cpt: request.cpt ?? requestedCpt(raw) };
  return { ok: true, value: { asOf, age: patient.age, cpt: request.cpt, indication: request.indication, facts, ...(derived.size ? { derived } : {}) } };
}

/** The CPT code a refused case asks for, when it is written like one (for the pend determination). */
function requestedCpt(raw: Record<string, unknown>): string | undefined {
  const r = ownValue(raw, "request");
  const cpt = isPlainObject(r) ? ownValue(r, "cpt") : undefined;
  return typeof cpt === "string" && /^\d{5}$/.test(cpt) ? cpt : undefined;
}

/** validateCase, throwing a CaseError that lists every issue when the case is not valid. */
export function assertValidCase(input: unknown, spec: CaseSpec): ValidCase {
  const result = validateCase(input, spec);
  if (!result.ok) throw new CaseError(result.issues);
  return result.value;
}
