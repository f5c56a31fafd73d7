// Seeded case generator for the benchmarks: in a compiled Plan, a seed and a count, out valid Case objects
// whose facts sit near the guideline's own thresholds (so every branch is taken) and are sometimes missing.
import type { Plan, PlanFact } from "../runtime/plan.ts";

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same cases on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AS_OF = ["2026-01-01", "2026-03-01", "2026-11-25", "2024-02-29", "2025-12-31"];

function isoDaysBefore(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Numbers a guideline compares each fact with, read from the plan's node texts (`temperature >= 100 °F`). */
function thresholds(plan: Plan): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const n of plan.nodes) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:>=|<=|>|<|=|!=|≥|≤|≠)\s*(-?\d+(?:\.\d+)?)/.exec(n.text);
    if (!m) continue;
    const list = out.get(m[1]) ?? [];
    if (!list.includes(Number(m[2]))) list.push(Number(m[2]));
    out.set(m[1], list);
  }
  return out;
}

export interface GenOptions { seed: number; count: number }

/** A fixed list of `count` cases for `plan`, the same for the same seed. */
export function generateCases(plan: Plan, { seed, count }: GenOptions): unknown[] {
  const next = caseStream(plan, seed);
  const out: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = next();
  return out;
}

/** An endless stream of cases (for the memory run, which must not hold them all). */
export function caseStream(plan: Plan, seed: number): () => unknown {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const limits = thresholds(plan);
  const cpts = plan.studies.map((s) => s.cpt);
  const indications = plan.indications.map((i) => i.name);

  const value = (f: PlanFact, asOf: string): unknown => {
    const t = f.type;
    switch (t.kind) {
      case "bool": return r() < 0.6;
      case "date": return isoDaysBefore(asOf, Math.floor(r() * 90));
      case "duration": {
        const unit = pick(["days", "weeks", "weeks", "months"] as const);
        return { value: unit === "days" ? Math.floor(r() * 60) : unit === "weeks" ? Math.floor(r() * 9) : Math.floor(r() * 3), unit };
      }
      case "number": {
        const base = pick(limits.get(f.name) ?? [10]);
        const near = Math.round((base + (r() - 0.5) * Math.max(2, Math.abs(base) * 0.05)) * 10) / 10;
        // Within the fact's declared bounds: a benchmark case is a plausible request (pre_dens_interval 0 mm - 0.2 is not).
        const v = t.bounds ? Math.min(t.bounds.max, Math.max(t.bounds.min, near)) : near;
        const unit = t.unit;
        if ((unit === "°F" || unit === "degF") && r() < 0.25) return { value: Math.round(((v - 32) * 5 / 9) * 10) / 10, unit: "°C" };
        if (r() < 0.25 && unit !== "") return { value: v, unit };
        return v;
      }
      case "enum": return pick(t.values);
      case "set": {
        if (r() < 0.3) return pick(t.values);
        const vs = t.values.filter(() => r() < 0.6);
        return vs.length ? vs : [pick(t.values)];
      }
    }
  };

  return () => {
    const asOf = pick(AS_OF);
    const c: Record<string, unknown> = { asOf };
    const p = r();
    if (p < 0.7) c.patient = { birthDate: isoDaysBefore(asOf, Math.floor(r() * 20 * 366)) };
    else if (p < 0.85) c.patient = { age: r() < 0.5 ? { years: Math.floor(r() * 20) } : { years: Math.floor(r() * 20), months: Math.floor(r() * 12) } };
    const request: Record<string, unknown> = { cpt: pick(cpts) };
    if (indications.length && r() < 0.9) request.indication = pick(indications);
    c.request = request;
    const facts: Record<string, unknown> = {};
    for (const f of plan.facts) {
      const q = r();
      if (q < 0.08) continue; // not given: unknown
      if (q < 0.1) { facts[f.name] = null; continue; } // given as null: unknown too
      facts[f.name] = value(f, asOf);
    }
    c.facts = facts;
    return c;
  };
}
