// PEDSP-2.3 (bench/pedsp-2-3.guide) as json-rules-engine rules: in a Case, out the outcome. Dates, ages
// and units are normalised to plain facts in JavaScript; the rules (JSON conditions) do the logic.
// Three-valued logic is encoded as two conditions per formula: "surely true" (T) and "surely false" (F);
// a fact the case does not give makes both fail (allowUndefinedFacts), which is "unknown".
import { Engine, type TopLevelCondition, type NestedCondition } from "json-rules-engine";

type Cond = NestedCondition;
interface Tri3 { T: Cond; F: Cond }

const fact = (f: string, operator: string, value: unknown): Cond => ({ fact: f, operator, value } as Cond);
const leaf = (T: Cond, F: Cond): Tri3 => ({ T, F });
const and = (...xs: Tri3[]): Tri3 => ({ T: { all: xs.map((x) => x.T) }, F: { any: xs.map((x) => x.F) } });
const or = (...xs: Tri3[]): Tri3 => ({ T: { any: xs.map((x) => x.T) }, F: { all: xs.map((x) => x.F) } });
const not = (x: Tri3): Tri3 => ({ T: x.F, F: x.T });
const yes = (f: string): Tri3 => leaf(fact(f, "equal", true), fact(f, "equal", false));
const ref = (name: string): Tri3 => ({ T: { condition: `${name}.T` } as Cond, F: { condition: `${name}.F` } as Cond });

const PLAIN = ["72141", "72146", "72148"]; // MRI without contrast
const WITH = ["72156", "72157", "72158"]; // MRI without and with contrast
const STUDY_REGION: Record<string, string> = { "72141": "cervical", "72146": "thoracic", "72148": "lumbar", "72156": "cervical", "72157": "thoracic", "72158": "lumbar", "72131": "lumbar" };

// Leaves, on the normalised facts (ageLo/ageHi: completed months, the fewest and most the case allows).
const indication = leaf(fact("indication", "equal", "back_pain"), fact("indication", "in", [] as string[]));
const ageAtLeast6y = leaf(fact("ageLo", "greaterThanInclusive", 72), fact("ageHi", "lessThan", 72));
const ageUnder18y = leaf(fact("ageHi", "lessThan", 216), fact("ageLo", "greaterThanInclusive", 216));
const recentVisit = leaf(fact("daysSinceVisit", "lessThanInclusive", 60), fact("daysSinceVisit", "greaterThan", 60));
const fever = leaf(fact("temperatureF", "greaterThanInclusive", 100 - 1e-7), fact("temperatureF", "lessThan", 100 - 1e-7));
const trial4w = leaf(fact("trialMinDays", "greaterThanInclusive", 28), fact("trialMaxDays", "lessThan", 28));
const regionOf = (cpts: string[]): Tri3 => ({
  T: { all: [fact("cpt", "in", cpts), { fact: "symptomatic_region", operator: "contains", value: { fact: "studyRegion" } } as Cond] },
  F: { any: [fact("cpt", "notIn", cpts), { fact: "symptomatic_region", operator: "doesNotContain", value: { fact: "studyRegion" } } as Cond] },
});

const named: Record<string, Tri3> = {
  applies: and(indication, ageAtLeast6y, ageUnder18y),
  prerequisites: and(recentVisit, yes("xray_done")),
  red_flag: or(yes("systemic_symptoms"), yes("night_pain")),
  contrast_needed: or(fever, yes("suspected_infection")),
};
const indicated = or(ref("red_flag"), trial4w);
const plain = and(ref("applies"), regionOf(PLAIN), indicated, not(ref("contrast_needed")));
const withContrast = and(ref("applies"), regionOf(WITH), indicated, ref("contrast_needed"));

export function makeEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, c] of Object.entries(named)) {
    engine.setCondition(`${name}.T`, c.T as TopLevelCondition);
    engine.setCondition(`${name}.F`, c.F as TopLevelCondition);
  }
  const pre = ref("prerequisites");
  engine.addRule({ name: "plain", priority: 10, conditions: { all: [plain.T, pre.T] }, event: { type: "approve" } });
  engine.addRule({ name: "with_contrast", priority: 10, conditions: { all: [withContrast.T, pre.T] }, event: { type: "approve" } });
  // Not surely false: the answer depends on facts nobody documented, or on prerequisites.
  engine.addRule({ name: "undecided", priority: 1, conditions: { any: [{ not: plain.F }, { not: withContrast.F }] }, event: { type: "pend" } });
  return engine;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const DAY = 86_400_000;
const utc = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const validIso = (s: unknown): s is string => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(utc(s)).toISOString().slice(0, 10) === s;
function completedMonths(birth: string, asOf: string): number {
  const [by, bm, bd] = [+birth.slice(0, 4), +birth.slice(5, 7), +birth.slice(8, 10)];
  const [ay, am, ad] = [+asOf.slice(0, 4), +asOf.slice(5, 7), +asOf.slice(8, 10)];
  let months = (ay - by) * 12 + (am - bm);
  // The month anniversary is clamped to the month's last day (Jan 31 + 1 month = Feb 28).
  const anniversary = (n: number) => { const t = by * 12 + bm - 1 + n; const y = Math.floor(t / 12), m = t - y * 12; return Date.UTC(y, m, Math.min(bd, new Date(Date.UTC(y, m + 1, 0)).getUTCDate())); };
  const now = Date.UTC(ay, am - 1, ad);
  while (months > 0 && anniversary(months) > now) months--;
  while (anniversary(months + 1) <= now) months++;
  return months;
}

/** The facts the rules read, or undefined for a case the rules cannot read (the outcome is then `pend`). */
export function normalise(input: unknown): Record<string, unknown> | undefined {
  if (!isObj(input) || !validIso(input.asOf) || !isObj(input.request)) return undefined;
  const asOf = input.asOf;
  const cpt = input.request.cpt;
  if (typeof cpt !== "string" || !(cpt in STUDY_REGION)) return undefined;
  const out: Record<string, unknown> = { cpt, studyRegion: STUDY_REGION[cpt] };
  if (input.request.indication != null) out.indication = input.request.indication;
  const p = input.patient;
  if (isObj(p) && p.birthDate != null) {
    if (!validIso(p.birthDate) || p.birthDate > asOf) return undefined;
    out.ageLo = out.ageHi = completedMonths(p.birthDate, asOf);
  } else if (isObj(p) && isObj(p.age)) {
    const years = Number(p.age.years ?? 0), months = p.age.months;
    out.ageLo = years * 12 + Number(months ?? 0);
    out.ageHi = (out.ageLo as number) + (months === undefined ? 11 : 0);
  }
  const f = isObj(input.facts) ? input.facts : {};
  for (const k of ["xray_done", "systemic_symptoms", "night_pain", "suspected_infection"]) if (typeof f[k] === "boolean") out[k] = f[k];
  const visit = f.face_to_face_evaluation;
  if (visit != null) {
    if (!validIso(visit) || visit > asOf) return undefined;
    out.daysSinceVisit = Math.round((utc(asOf) - utc(visit)) / DAY);
  }
  const t = f.temperature;
  if (typeof t === "number") out.temperatureF = t;
  else if (isObj(t) && typeof t.value === "number") out.temperatureF = t.unit === "°C" || t.unit === "degC" ? (t.value * 9) / 5 + 32 : t.value;
  const ct = f.conservative_treatment;
  if (isObj(ct) && typeof ct.value === "number") {
    const v = ct.value, u = String(ct.unit).replace(/s$/, "");
    const months = u === "month" ? v : u === "year" ? v * 12 : 0;
    const days = u === "day" ? v : u === "week" ? v * 7 : 0;
    out.trialMinDays = months * 28 + days;
    out.trialMaxDays = months * 31 + days;
  }
  const sr = f.symptomatic_region;
  if (typeof sr === "string") out.symptomatic_region = [sr];
  else if (Array.isArray(sr)) out.symptomatic_region = sr;
  return out;
}

/** The outcome for one case: approve, pend or deny. */
export async function decideWithEngine(engine: Engine, input: unknown): Promise<"approve" | "deny" | "pend"> {
  const facts = normalise(input);
  if (!facts) return "pend";
  const { events } = await engine.run(facts);
  if (events.some((e) => e.type === "approve")) return "approve";
  if (events.some((e) => e.type === "pend")) return "pend";
  return "deny";
}
