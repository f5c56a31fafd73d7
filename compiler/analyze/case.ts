// An assignment of the case space -> a Case in the evaluator's contract ({asOf, patient, request, facts}),
// and a short description of it for messages.
import type { Space, CaseJson } from "./space.ts";
import { AS_OF } from "./space.ts";

export function caseOf(space: Space, asg: Int32Array, fallbackCpt: string): CaseJson {
  const c: CaseJson = { asOf: AS_OF, request: { cpt: fallbackCpt }, facts: {} };
  const sets = new Map<string, string[]>();
  space.vars.forEach((v, i) => {
    const x = asg[i];
    if (v.kind === "member" && x >= 0) { const s = sets.get(v.fact!) ?? []; if (x === 1) s.push(v.member!); sets.set(v.fact!, s); }
    if (x < 0) return;
    const json = v.values[x].json;
    switch (v.kind) {
      case "indication": c.request.indication = json as string; break;
      case "cpt": c.request.cpt = json as string; break;
      case "age": c.patient = { birthDate: json as string }; break;
      case "member": break;
      default: c.facts[v.fact!] = json;
    }
  });
  for (const [f, s] of sets) c.facts[f] = s;
  return c;
}

/** "indication back_pain, age 5 years 6 months, xray_done yes, symptomatic_region {lumbar}" (assigned variables only). */
export function describe(space: Space, asg: Int32Array, keys?: Set<string>): string {
  const parts: string[] = [];
  const sets = new Map<string, string[]>();
  space.vars.forEach((v, i) => {
    if (asg[i] < 0 || (keys && !keys.has(v.key))) return;
    if (v.kind === "member") {
      if (!sets.has(v.fact!)) { sets.set(v.fact!, []); parts.push(`\u0000${v.fact}`); }
      if (asg[i] === 1) sets.get(v.fact!)!.push(v.member!);
      return;
    }
    parts.push(`${v.kind === "cpt" ? "requested" : v.key} ${v.values[asg[i]].label}`);
  });
  return parts.map((p) => (p.startsWith("\u0000") ? `${p.slice(1)} {${sets.get(p.slice(1))!.join(", ")}}` : p)).join(", ");
}
