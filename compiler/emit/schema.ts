// The JSON Schema (draft 2020-12) of a guideline's Case, generated from its fact declarations.
import type { Plan, PlanFact } from "../../runtime/plan.ts";
import { convert, unitDimension, unitsOf } from "../../runtime/quantity.ts";
import { MAX_AGE_YEARS } from "../../runtime/age.ts";
import { meanDays } from "../../runtime/facts.ts";
import { spanOf, type Span } from "../../runtime/span.ts";

type Json = Record<string, unknown>;

function factSchema(f: PlanFact): Json {
  const t = f.type;
  const base: Json = { description: f.question, ...(f.group ? { "x-group": f.group } : {}) };
  switch (t.kind) {
    case "bool": return { ...base, type: ["boolean", "null"] };
    case "date": return { ...base, type: ["string", "null"], format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" };
    case "duration": {
      const measured: Json = { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number", minimum: 0 }, unit: { enum: [...SPAN_UNITS] } } };
      const b = t.bounds;
      // The declared bounds in each unit a case may use, by mean length, as the runtime holds a duration to them.
      if (b) measured.anyOf = SPAN_UNITS.map((u) => ({ properties: { unit: { const: u }, value: { minimum: inUnit(b.min, u), maximum: inUnit(b.max, u) } } }));
      return { ...base, oneOf: [{ type: "null" }, measured] };
    }
    case "number": {
      const dim = unitDimension(t.unit);
      const units = dim ? unitsOf(dim) : [t.unit];
      const b = t.bounds;
      // The declared bounds, converted to each unit a case may give the value in.
      const range = (u: string): Json => (b ? { minimum: round9(convert(b.min, t.unit, u)), maximum: round9(convert(b.max, t.unit, u)) } : {});
      const measured: Json = { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number" }, unit: { enum: [...units] } } };
      if (b) measured.anyOf = units.map((u) => ({ properties: { unit: { const: u }, value: range(u) } }));
      return { ...base, "x-unit": t.unit, oneOf: [{ type: "null" }, { type: "number", ...range(t.unit) }, measured] };
    }
    case "enum": return { ...base, oneOf: [{ type: "null" }, { enum: [...t.values] }] };
    case "set": return { ...base, oneOf: [{ type: "null" }, { type: "array", uniqueItems: true, maxItems: 1000, items: { enum: [...t.values] } }] };
  }
}

const SPAN_UNITS = ["days", "weeks", "months", "years"] as const;
/** Nine decimals: well inside the runtime's 1e-9 relative tolerance, and no 24.999999999999996 in a schema. */
const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
const inUnit = (s: Span, u: (typeof SPAN_UNITS)[number]): number => round9(meanDays(s) / meanDays(spanOf(1, u)));

export function caseSchema(plan: Plan): Json {
  const facts: Json = {};
  for (const f of plan.facts) facts[f.name] = factSchema(f);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `Case for ${plan.guideline.id}: ${plan.guideline.title}`,
    type: "object",
    additionalProperties: false,
    required: ["asOf", "request"],
    properties: {
      asOf: { type: "string", format: "date", description: "The date the request is decided on; every window counts back from it." },
      patient: {
        type: "object", additionalProperties: false,
        properties: {
          birthDate: { type: "string", format: "date" },
          age: { type: "object", additionalProperties: false, properties: { years: { type: "integer", minimum: 0, maximum: MAX_AGE_YEARS }, months: { type: "integer", minimum: 0 }, days: { type: "integer", minimum: 0 } } },
        },
      },
      request: {
        type: "object", additionalProperties: false, required: ["cpt"],
        properties: {
          cpt: { enum: plan.studies.map((s) => s.cpt), description: "CPT code of the requested study" },
          indication: { enum: plan.indications.map((i) => i.name) },
        },
      },
      facts: { type: "object", additionalProperties: false, properties: facts },
    },
  };
}
