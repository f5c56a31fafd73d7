// Pass 1: header, externals, indications, enumerations, the study catalogue and the fact vocabulary
// into the symbol tables; duplicates and unknown units and enumerations reported.
import type * as A from "../../grammar/ast.ts";
import { canonicalUnit } from "../../runtime/quantity.ts";
import { FORBIDDEN_KEYS } from "../../runtime/keys.ts";
import { normalizeUnit } from "./units.ts";
import type { FactType, NumberBounds, SpanBounds } from "../../runtime/validate.ts";
import { MAX_DURATION_YEARS } from "../../runtime/facts.ts";
import { spanOf, spanUnit } from "../../runtime/span.ts";
import { type CheckContext, didYouMean, isCptCode } from "./context.ts";

const BUILTIN = new Set(["age", "indication", "requested"]);
/** Keys a case can never carry (the runtime refuses them, so such a fact could never be answered). */
const RESERVED = FORBIDDEN_KEYS;

export function declarations(ctx: CheckContext): void {
  const { ast } = ctx;
  if (!ast.header) ctx.report("missing-header", ast.range, "The file needs a header: guideline ID \"Title\" source \"file.txt\".");
  const seen = new Map<string, A.Range>();
  const declare = (kind: string, n: A.Name): boolean => {
    const prev = seen.get(n.text);
    if (prev) {
      ctx.report("duplicate-name", n.range, `'${n.text}' is already declared (line ${prev.start.line}); each ${kind} needs its own name.`);
      return false;
    }
    if (kind === "fact" && RESERVED.has(n.text)) {
      ctx.report("duplicate-name", n.range, `'${n.text}' is reserved (a case may not use it as a fact name); choose another name.`);
      return false;
    }
    if (BUILTIN.has(n.text)) {
      ctx.report("duplicate-name", n.range, `'${n.text}' is built in (it comes from the request); choose another name.`);
      return false;
    }
    seen.set(n.text, n.range);
    return true;
  };

  for (const x of ast.externals) {
    if (ctx.externals.has(x.id.text)) ctx.report("duplicate-name", x.id.range, `The external guideline '${x.id.text}' is declared twice.`);
    else ctx.externals.set(x.id.text, x);
  }
  for (const i of ast.indications) if (declare("indication", i.name)) ctx.indications.push(i.name.text);
  for (const e of ast.enums) {
    if (!declare("enumeration", e.name)) continue;
    const values = enumValueNames(ctx, e.values);
    ctx.enums.set(e.name.text, { decl: e, values });
  }
  for (const s of ast.studies) {
    if (!isCptCode(ctx, s.cpt)) continue;
    if (ctx.studies.has(s.cpt.text)) { ctx.report("duplicate-name", s.cpt.range, `CPT ${s.cpt.text} is listed twice in the study catalogue.`); continue; }
    ctx.studies.set(s.cpt.text, {
      cpt: s.cpt.text, description: s.description.value, modality: s.modality.text, region: s.region.text,
      ...(s.contrast ? { contrast: s.contrast } : {}), notes: s.notes.map((n) => n.value),
    });
    ctx.regions.add(s.region.text);
  }
  for (const f of ast.facts) {
    if (!declare("fact", f.name)) continue;
    const t = factType(ctx, f);
    if (t) ctx.facts.set(f.name.text, { decl: f, ...t });
  }
  for (const d of ast.definitions) if (declare("definition", d.name)) ctx.globalDefs.set(d.name.text, d);
  // Study sets share the namespace of facts and definitions, so a name means one thing wherever it is read.
  for (const x of ast.studySets) if (declare("study set", x.name)) ctx.studySets.set(x.name.text, x);
  for (const s of ast.sections) {
    const prev = ctx.sections.get(s.id.text);
    if (prev) ctx.report("duplicate-section", s.id.range, `Section ${s.id.text} is already defined at line ${prev.id.range.start.line}.`);
    else ctx.sections.set(s.id.text, s);
  }
}

function enumValueNames(ctx: CheckContext, values: A.EnumValueDecl[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (out.includes(v.name.text)) ctx.report("duplicate-name", v.name.range, `The value '${v.name.text}' is listed twice.`);
    else out.push(v.name.text);
  }
  return out;
}

function factType(ctx: CheckContext, f: A.FactDecl): { type: FactType; unit?: string; enumName?: string } | undefined {
  const t = f.type;
  switch (t.kind) {
    case "bool": return { type: { kind: "bool" } };
    case "duration": {
      if (!t.bounds) return { type: { kind: "duration" } };
      // Bounds in error are reported and left out, so the fact itself stays declared (no cascade of unknown names).
      const b = spanBounds(ctx, f, t.bounds);
      return { type: b ? { kind: "duration", bounds: b } : { kind: "duration" } };
    }
    case "date": return { type: { kind: "date" } };
    case "number": {
      const u = t.unit ? canonicalUnit(normalizeUnit(t.unit.text)) : "";
      if (u === undefined) {
        ctx.report("unit-mismatch", t.unit!.range, `'${t.unit!.text}' is not a unit of measure a number can have; for a length of time declare the fact as 'duration'.`);
        return undefined;
      }
      if (!t.bounds) return { type: { kind: "number", unit: u }, unit: u };
      const b = numberBounds(ctx, f, u, t.bounds);
      return { type: b ? { kind: "number", unit: u, bounds: b } : { kind: "number", unit: u }, unit: u };
    }
    case "enum":
    case "set": {
      let values: string[];
      let enumName: string | undefined;
      if (Array.isArray(t.ref)) values = enumValueNames(ctx, t.ref);
      else {
        const e = ctx.enums.get(t.ref.text);
        if (!e) {
          ctx.report("undefined-name", t.ref.range, `There is no enumeration named '${t.ref.text}'.${didYouMean(t.ref.text, ctx.enums.keys())}`);
          return undefined;
        }
        values = e.values;
        enumName = t.ref.text;
      }
      return { type: { kind: t.kind, values }, enumName };
    }
  }
}

/** The two ends of `within LOW..HIGH`, finite and in order; undefined (reported) otherwise. */
function boundNumbers(ctx: CheckContext, f: A.FactDecl, b: A.FactBounds): { low: number; high: number } | undefined {
  const low = Number(b.low.text), high = Number(b.high.text);
  for (const [n, v] of [[b.low, low], [b.high, high]] as const) {
    if (!Number.isFinite(v)) {
      ctx.report("invalid-number", n.range, `${n.text.length > 20 ? n.text.slice(0, 20) + "…" : n.text} is too large to be a bound of '${f.name.text}'.`);
      return undefined;
    }
  }
  if (low > high) {
    ctx.report("invalid-number", b.range, `The bounds of '${f.name.text}' are the wrong way round: ${b.low.text} is more than ${b.high.text}; write the lower bound first.`);
    return undefined;
  }
  return { low, high };
}

/** `within 77..113 [°F]` of a number fact: in the fact's own unit (a plain count has none). */
function numberBounds(ctx: CheckContext, f: A.FactDecl, unit: string, b: A.FactBounds): NumberBounds | undefined {
  if (b.unit) {
    const bu = canonicalUnit(normalizeUnit(b.unit.text));
    if (bu !== unit) {
      const measured = unit === "" ? "a plain number, so its bounds take no unit" : `measured in ${unit}, so its bounds are too; write them in ${unit}`;
      ctx.report("unit-mismatch", b.unit.range, `The bounds of '${f.name.text}' are given in ${b.unit.text}, but the fact is ${measured}.`);
      return undefined;
    }
  }
  const n = boundNumbers(ctx, f, b);
  return n && { min: n.low, max: n.high };
}

/** `within 0..30 years` of a duration fact: the unit is required, and the longest plausible duration is bounded too. */
function spanBounds(ctx: CheckContext, f: A.FactDecl, b: A.FactBounds): SpanBounds | undefined {
  if (!b.unit) {
    ctx.report("missing-unit", b.range, `The bounds of the duration '${f.name.text}' need a unit of time, like 'within 0..30 years'.`);
    return undefined;
  }
  const unit = spanUnit(b.unit.text);
  if (!unit) {
    ctx.report("unit-mismatch", b.unit.range, `'${f.name.text}' is a duration: its bounds need a unit of time (days, weeks, months or years), not ${b.unit.text}.`);
    return undefined;
  }
  const n = boundNumbers(ctx, f, b);
  if (!n) return undefined;
  const min = spanOf(n.low, unit), max = spanOf(n.high, unit);
  if (max.months > MAX_DURATION_YEARS * 12 || max.days > MAX_DURATION_YEARS * 366) {
    ctx.report("invalid-number", b.high.range, `${b.high.text} ${unit} is longer than the ${MAX_DURATION_YEARS} years a case may ever give.`);
    return undefined;
  }
  return { min, max };
}
