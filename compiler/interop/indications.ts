// The reason for an order (ServiceRequest.reasonCode, ICD-10-CM) -> the guideline's indication, when the code says
// it plainly. Only codes whose meaning is the indication itself are listed (low back pain is back pain; a code that
// could be several indications is left out), and a reason that maps to two indications maps to none: the engine then
// asks for the indication rather than guess. A coding whose code is an indication's own name (`back_pain`, or
// `indication.back_pain` as the engine's CodeSystem writes it, in any system) is taken as that indication. Entries for indications a plan does not declare are ignored.
import type { Plan } from "../../runtime/plan.ts";

export const ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

/** An ICD-10-CM code prefix (`M54.5` matches M54.50, M54.59) and the indication it means. */
export interface IndicationCode { prefix: string; indication: string }

/** For the Pediatric Spine Imaging indications (ICD-10-CM, FY2024). */
export const PEDSP_ICD10CM: readonly IndicationCode[] = [
  // Dorsalgia: cervicalgia, sciatica, lumbago, low back pain, thoracic spine pain, other and unspecified.
  ...["M54.2", "M54.3", "M54.4", "M54.5", "M54.6", "M54.8", "M54.9"].map((prefix) => ({ prefix, indication: "back_pain" })),
  { prefix: "M43.0", indication: "spondylolysis" },
  { prefix: "Q76.2", indication: "spondylolysis" },
  // Osteomyelitis of vertebra, infection of intervertebral disc, discitis, other infective spondylopathies.
  ...["M46.2", "M46.3", "M46.4", "M46.5"].map((prefix) => ({ prefix, indication: "spine_infection" })),
  // Fractures, dislocations and sprains, and nerve and cord injuries of the neck, thorax and lumbar spine.
  ...["S12", "S13", "S14", "S22.0", "S23", "S24", "S32.0", "S33", "S34"].map((prefix) => ({ prefix, indication: "trauma" })),
  { prefix: "M42.0", indication: "scheuermann_kyphosis" },
  { prefix: "M41", indication: "scoliosis" },
  { prefix: "Q67.5", indication: "scoliosis" },
  { prefix: "Q76.3", indication: "scoliosis" },
  { prefix: "N31", indication: "neurogenic_bladder" },
  { prefix: "N13.0", indication: "hydronephrosis" },
  { prefix: "N13.1", indication: "hydronephrosis" },
  { prefix: "N13.2", indication: "hydronephrosis" },
  { prefix: "N13.3", indication: "hydronephrosis" },
  { prefix: "Q62.0", indication: "hydronephrosis" },
  { prefix: "L05", indication: "dysraphism_marker" },
  { prefix: "Q76.0", indication: "closed_dysraphism" },
  { prefix: "Q06.2", indication: "closed_dysraphism" },
  { prefix: "Q05", indication: "open_dysraphism" },
  { prefix: "Q06.8", indication: "tethered_cord" },
  { prefix: "G95.9", indication: "myelopathy" },
  { prefix: "G99.2", indication: "myelopathy" },
  { prefix: "Q77.4", indication: "achondroplasia" },
  { prefix: "M08", indication: "inflammatory_spondylitis" },
  { prefix: "M45", indication: "inflammatory_spondylitis" },
  { prefix: "Q90", indication: "trisomy_21" },
  { prefix: "Q07.0", indication: "chiari_malformation" },
  { prefix: "Q76.1", indication: "klippel_feil" },
  { prefix: "Q87.4", indication: "marfan" },
  { prefix: "Q85.0", indication: "neurofibromatosis" },
  { prefix: "Q85.83", indication: "vhl" },
];

interface Coding { system?: unknown; code?: unknown }
interface CodeableConcept { coding?: unknown; text?: unknown }

/**
 * The indication the reasons name, or undefined when they name none or disagree. `table`: ICD-10-CM prefixes
 * (default PEDSP_ICD10CM); a prefix matches the code with or without its dot (`M545` as `M54.5`).
 */
export function indicationFromReasons(plan: Plan, reasons: unknown, table: readonly IndicationCode[] = PEDSP_ICD10CM): string | undefined {
  const names = new Set(plan.indications.map((i) => i.name));
  const found = new Set<string>();
  for (const cc of Array.isArray(reasons) ? (reasons as CodeableConcept[]) : []) {
    const codings = Array.isArray(cc?.coding) ? (cc.coding as Coding[]) : [];
    for (const c of codings) {
      if (typeof c?.code !== "string") continue;
      // The engine's own code: the indication's name, bare or as the questionnaire's CodeSystem writes it (`indication.back_pain`).
      const own = c.code.startsWith("indication.") ? c.code.slice("indication.".length) : c.code;
      if (names.has(own)) { found.add(own); continue; }
      if (c.system !== ICD10CM) continue;
      const code = normalise(c.code);
      // The longest prefix wins (Q85.83 over a shorter one, were there one).
      let best: IndicationCode | undefined;
      for (const e of table) if (names.has(e.indication) && code.startsWith(normalise(e.prefix)) && (!best || e.prefix.length > best.prefix.length)) best = e;
      if (best) found.add(best.indication);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

const normalise = (code: string): string => code.toUpperCase().replace(/\./g, "").trim();
