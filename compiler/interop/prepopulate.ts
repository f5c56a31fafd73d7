// Pre-population (DTR spec-54, by FHIRPath as spec-60/61 allow): a Bundle of the patient's resources -> the parts of a
// Case the record answers. Patient.birthDate gives the age; the ServiceRequest gives the request (its CPT code, and its
// reason when it names an indication); body-temperature vital signs (LOINC 8310-5, in °F or °C) give the guideline's
// temperature fact, the highest within a window before asOf. Nothing else is guessed: what the record does not state
// stays unknown, and every value says where it came from (for `information-origin` auto-server).
import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4";
import type { Plan, PlanFact } from "../../runtime/plan.ts";
import { indicationFromReasons, type IndicationCode } from "./indications.ts";

export const CPT_SYSTEM = "http://www.ama-assn.org/go/cpt";
export const LOINC_BODY_TEMPERATURE = "8310-5";

export interface PrepopulateOptions {
  /** The day the case is decided (YYYY-MM-DD): observations after it are ignored, and those before the window. */
  asOf?: string;
  /** How many days before asOf a temperature still counts (default 30); without asOf every temperature counts. */
  withinDays?: number;
  /** ICD-10-CM prefixes for the indication (default: PEDSP's). */
  indications?: readonly IndicationCode[];
}

/** A partial case: what the record answers, and for each answer the FHIRPath it was read with. */
export interface Prepopulated {
  patient?: { birthDate: string };
  request?: { cpt?: string; indication?: string };
  facts: Record<string, unknown>;
  /** Each answer's place in the case (`patient.birthDate`, `facts.temperature`) and the resource it came from. */
  sources: { field: string; from: string }[];
}

// Compiled once: parsing a FHIRPath expression costs far more than evaluating it.
const model = r4 as unknown as Parameters<typeof fhirpath.compile>[1];
const compiled = new Map<string, (r: unknown) => unknown[]>();
function path(expr: string): (r: unknown) => unknown[] {
  let f = compiled.get(expr);
  if (!f) {
    const g = fhirpath.compile(expr, model);
    f = (r: unknown) => g(r as object) as unknown[];
    compiled.set(expr, f);
  }
  return f;
}

const PATIENT_BIRTHDATE = "Bundle.entry.resource.ofType(Patient).birthDate";
const SERVICE_REQUESTS = "Bundle.entry.resource.ofType(ServiceRequest).where(status.empty() or (status != 'entered-in-error' and status != 'revoked'))";
const SR_CPT = `code.coding.where(system = '${CPT_SYSTEM}').code`;
const TEMPERATURES = `Bundle.entry.resource.ofType(Observation).where(code.coding.where(system = 'http://loinc.org' and code = '${LOINC_BODY_TEMPERATURE}').exists() and (status = 'final' or status = 'amended' or status = 'corrected' or status = 'preliminary'))`;

interface Quantity { value?: unknown; code?: unknown; unit?: unknown; system?: unknown }
interface Observation { id?: string; valueQuantity?: Quantity; effectiveDateTime?: unknown; effectiveInstant?: unknown; effectivePeriod?: { start?: unknown }; issued?: unknown }
interface ServiceRequest { id?: string; reasonCode?: unknown }

/** The parts of a Case a Bundle of the patient's resources answers, for this guideline's facts. */
export function prepopulate(bundle: unknown, plan: Plan, o: PrepopulateOptions = {}): Prepopulated {
  const out: Prepopulated = { facts: {}, sources: [] };
  if (!bundle || typeof bundle !== "object") return out;

  const birth = path(PATIENT_BIRTHDATE)(bundle).find((b): b is string => typeof b === "string" && /^\d{4}-\d{2}-\d{2}$/.test(b));
  if (birth) { out.patient = { birthDate: birth }; out.sources.push({ field: "patient.birthDate", from: "Patient.birthDate" }); }

  // The request: the first ServiceRequest with a CPT code this guideline lists.
  const cpts = new Set(plan.studies.map((s) => s.cpt));
  for (const sr of path(SERVICE_REQUESTS)(bundle) as ServiceRequest[]) {
    const cpt = (path(SR_CPT)(sr) as unknown[]).find((c): c is string => typeof c === "string" && cpts.has(c));
    if (!cpt) continue;
    const from = `ServiceRequest${sr.id ? `/${sr.id}` : ""}`;
    out.request = { cpt };
    out.sources.push({ field: "request.cpt", from: `${from}.code` });
    const indication = indicationFromReasons(plan, sr.reasonCode, o.indications);
    if (indication) { out.request.indication = indication; out.sources.push({ field: "request.indication", from: `${from}.reasonCode` }); }
    break;
  }

  const fact = temperatureFact(plan);
  if (fact?.type.kind === "number") {
    const within = o.withinDays ?? 30;
    let best: { value: number; from: string } | undefined;
    for (const obs of path(TEMPERATURES)(bundle) as Observation[]) {
      const day = observedOn(obs);
      if (o.asOf && (!day || day > o.asOf || daysBetween(day, o.asOf) > within)) continue;
      const v = inUnit(obs.valueQuantity, fact.type.unit);
      if (v === undefined) continue;
      if (!best || v > best.value) best = { value: v, from: `Observation${obs.id ? `/${obs.id}` : ""}` };
    }
    if (best) {
      out.facts[fact.name] = { value: Math.round(best.value * 10) / 10, unit: fact.type.unit };
      out.sources.push({ field: `facts.${fact.name}`, from: `${best.from}.valueQuantity` });
    }
  }
  return out;
}

/** The guideline's temperature fact: the number fact in °F or °C (the one named `temperature` if several). */
function temperatureFact(plan: Plan): PlanFact | undefined {
  const candidates = plan.facts.filter((f) => f.type.kind === "number" && (f.type.unit === "°F" || f.type.unit === "°C"));
  return candidates.find((f) => f.name === "temperature") ?? (candidates.length === 1 ? candidates[0] : undefined);
}

/** The day an observation was made (YYYY-MM-DD), from its effective time or else when it was issued. */
function observedOn(obs: Observation): string | undefined {
  for (const t of [obs.effectiveDateTime, obs.effectiveInstant, obs.effectivePeriod?.start, obs.issued]) {
    if (typeof t === "string" && /^\d{4}-\d{2}-\d{2}/.test(t)) return t.slice(0, 10);
  }
  return undefined;
}

const daysBetween = (a: string, b: string): number => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** A temperature quantity in °F or °C (UCUM `[degF]`/`Cel`, or the unit as written), converted; undefined otherwise. */
function inUnit(q: Quantity | undefined, unit: string): number | undefined {
  if (!q || typeof q.value !== "number" || !Number.isFinite(q.value)) return undefined;
  const u = String(q.code ?? q.unit ?? "").trim();
  const from = /^(\[degF\]|°F|degF|F)$/i.test(u) ? "°F" : /^(Cel|°C|degC|C)$/i.test(u) ? "°C" : undefined;
  if (!from) return undefined;
  if (from === unit) return q.value;
  return unit === "°F" ? (q.value * 9) / 5 + 32 : ((q.value - 32) * 5) / 9;
}
