// The JSON Schema (draft 2020-12) of a guideline's Case, generated from its fact declarations.
import type { Plan, PlanFact } from "../../runtime/plan.ts";
import { unitDimension, unitsOf } from "../../runtime/quantity.ts";

type Json = Record<string, unknown>;

function factSchema(f: PlanFact): Json {
  const t = f.type;
  const base: Json = { description: f.question, ...(f.group ? { "x-group": f.group } : {}) };
  switch (t.kind) {
    case "bool": return { ...base, type: ["boolean", "null"] };
    case "date": return { ...base, type: ["string", "null"], format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" };
    case "duration": return { ...base, oneOf: [{ type: "null" }, { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number", minimum: 0 }, unit: { enum: ["days", "weeks", "months", "years"] } } }] };
    case "number": {
      const dim = unitDimension(t.unit);
      const units = dim ? unitsOf(dim) : [t.unit];
      return { ...base, "x-unit": t.unit, oneOf: [{ type: "null" }, { type: "number" }, { type: "object", additionalProperties: false, required: ["value", "unit"], properties: { value: { type: "number" }, unit: { enum: [...units] } } }] };
    }
    case "enum": return { ...base, oneOf: [{ type: "null" }, { enum: [...t.values] }] };
    case "set": return { ...base, oneOf: [{ type: "null" }, { type: "array", uniqueItems: true, maxItems: 1000, items: { enum: [...t.values] } }] };
  }
}

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
          age: { type: "object", additionalProperties: false, properties: { years: { type: "integer", minimum: 0, maximum: 150 }, months: { type: "integer", minimum: 0 }, days: { type: "integer", minimum: 0 } } },
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
