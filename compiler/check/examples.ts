// Pass 4: examples -> Cases in the Case contract. Facts must be declared and well-typed, the request a
// catalogued CPT code, the expected outcome complete. Ages become exact birth dates so boundaries are tested.
// Each value is validated by the runtime, as a case's would be (same bounds), before any calendar arithmetic.
import { NOT_DOCUMENTED } from "../../runtime/derive.ts";
import type * as A from "../../grammar/ast.ts";
import { addSpan, dayNumber, formatIsoDate, fromDayNumber, parseIsoDate, type Ymd } from "../../runtime/dates.ts";
import { exactAge, patientAge } from "../../runtime/age.ts";
import { caseSpecOf } from "../../runtime/decide.ts";
import type { CaseIssue } from "../../runtime/errors.ts";
import { readFactValue } from "../../runtime/facts.ts";
import { validateCase } from "../../runtime/validate.ts";
import { canonicalUnit, unitDimension } from "../../runtime/quantity.ts";
import { spanUnit } from "../../runtime/span.ts";
import type { ExampleCase } from "../model.ts";
import { type CheckContext, didYouMean, isCptCode } from "./context.ts";
import { normalizeUnit, spanFrom } from "./units.ts";

export const DEFAULT_AS_OF = "2026-01-01";

export function examples(ctx: CheckContext): void {
  for (const s of ctx.ast.sections) for (const ex of s.examples) {
    const c = exampleCase(ctx, s, ex);
    if (c) ctx.examples.push(c);
  }
}

function exampleCase(ctx: CheckContext, s: A.SectionDecl, ex: A.ExampleDecl): ExampleCase | undefined {
  let ok = true;
  const fail = (code: Parameters<CheckContext["report"]>[0], r: A.Range, msg: string): void => { ctx.report(code, r, msg); ok = false; };
  const asOfText = ex.asOf?.text ?? DEFAULT_AS_OF;
  const asOf = parseIsoDate(asOfText);
  if (!asOf) { fail("invalid-date", ex.asOf!.range, `${asOfText} is not a real calendar date.`); return undefined; }
  const facts: Record<string, unknown> = {};
  const out: ExampleCase = { title: ex.title.value, section: s.id.text, line: ex.range.start.line, case: { asOf: asOfText, request: { cpt: "" }, facts }, expect: { outcome: "pend" } };
  const seen = new Set<string>();
  /** Where each field of the case was written, to place the runtime's issues. */
  const where = new Map<string, A.Range>();
  if (ex.asOf) where.set("asOf", ex.asOf.range);
  if (ex.request) where.set("request.cpt", ex.request.range);
  for (const g of ex.given) {
    const name = g.name.text;
    if (seen.has(name)) fail("duplicate-name", g.name.range, `'${name}' is given twice in this example.`);
    seen.add(name);
    const v = g.value;
    if (name === "age") {
      if (!v || v.kind !== "Quantity" || v.ago || v.parts.some((p) => !p.unit || !spanUnit(p.unit))) { fail("type-mismatch", g.range, "Give an age as a length of time, e.g. age 9 years 2 months."); continue; }
      // The age as a case would give it, validated by the runtime (its bounds) before any date is computed.
      const parts: { years?: number; months?: number; days?: number } = {};
      for (const p of v.parts) {
        const u = spanUnit(p.unit)!, key = u === "weeks" ? "days" : u, n = u === "weeks" ? p.value * 7 : p.value;
        parts[key] = (parts[key] ?? 0) + n;
      }
      const ageIssues = patientAge({ age: parts }, asOf).issues;
      if (ageIssues.length > 0) { for (const i of ageIssues) fail("invalid-number", v.range, `This age is not one a case may give: ${fieldWords(i.field)}${i.message}.`); continue; }
      const months = (parts.years ?? 0) * 12 + (parts.months ?? 0), days = parts.days ?? 0;
      where.set("patient", v.range);
      const birth = birthFor(asOf, months, days);
      if (!birth) { fail("invalid-date", v.range, `No birth date gives an age of exactly this as of ${asOfText} (month lengths differ); choose another 'as of' date.`); continue; }
      out.case.patient = { birthDate: formatIsoDate(birth) };
      continue;
    }
    if (name === "indication") {
      if (!v || v.kind !== "Word") { fail("type-mismatch", g.range, "Give the indication by name, e.g. indication back_pain."); continue; }
      if (!ctx.indications.includes(v.value)) fail("undefined-value", v.range, `'${v.value}' is not a declared indication.${didYouMean(v.value, ctx.indications)}`);
      out.case.request.indication = v.value;
      continue;
    }
    const f = ctx.facts.get(name);
    if (!f) { fail("undefined-name", g.name.range, `'${name}' is not a declared fact.${didYouMean(name, ctx.facts.keys())}`); continue; }
    where.set(`facts.${name}`, v?.range ?? g.range);
    // `given fever not documented`: the record says nothing of it (derive.ts says what that means).
    if (g.notDocumented) { facts[name] = NOT_DOCUMENTED; continue; }
    const t = f.type;
    if (t.kind === "bool") {
      if (v) { fail("type-mismatch", v.range, `'${name}' is yes/no: write '${name}' for yes or 'not ${name}' for no.`); continue; }
      facts[name] = !g.negated;
      continue;
    }
    if (g.negated || !v) { fail("type-mismatch", g.range, `'${name}' is not a yes/no fact: give it a value.`); continue; }
    switch (t.kind) {
      case "number": {
        if (v.kind !== "Quantity" || v.parts.length !== 1 || v.ago) { fail("type-mismatch", v.range, `'${name}' takes one number${f.unit ? ` in ${f.unit}` : ""}.`); break; }
        const p = v.parts[0];
        if (p.unit === undefined) { if (f.unit) fail("missing-unit", v.range, `Give the unit, e.g. ${p.value} ${f.unit}.`); else facts[name] = p.value; break; }
        const u = canonicalUnit(normalizeUnit(p.unit));
        if (u === undefined || unitDimension(u) !== unitDimension(f.unit ?? "")) { fail("unit-mismatch", v.range, `'${name}' is measured in ${f.unit || "plain numbers"}, not ${p.unit}.`); break; }
        facts[name] = { value: p.value, unit: u };
        break;
      }
      case "duration": {
        if (v.kind !== "Quantity" || v.parts.length !== 1 || v.ago || !v.parts[0].unit || !spanUnit(v.parts[0].unit)) { fail("type-mismatch", v.range, `'${name}' is a length of time, e.g. ${name} 4 weeks.`); break; }
        facts[name] = { value: v.parts[0].value, unit: spanUnit(v.parts[0].unit) };
        break;
      }
      case "date": {
        if (v.kind === "Date") { if (!parseIsoDate(v.value)) fail("invalid-date", v.range, `${v.value} is not a real calendar date.`); facts[name] = v.value; break; }
        if (v.kind !== "Quantity" || !v.ago || v.parts.some((p) => !p.unit || !spanUnit(p.unit))) { fail("type-mismatch", v.range, `'${name}' is a date: write a date (2026-01-05) or a time ago (20 days ago).`); break; }
        // Each part is a length of time, validated as a case's duration would be, before the date is computed.
        const issues: CaseIssue[] = [];
        for (const p of v.parts) readFactValue({ value: p.value, unit: spanUnit(p.unit) }, { kind: "duration" }, asOf, "", issues);
        if (issues.length > 0) { fail("invalid-number", v.range, `'${name}': ${issues[0].message}.`); break; }
        let months = 0, days = 0;
        for (const p of v.parts) { const sp = spanFrom(p.value, p.unit!)!; months += sp.months; days += sp.days; }
        facts[name] = formatIsoDate(addSpan(asOf, { months, days }, -1));
        break;
      }
      case "enum": {
        if (v.kind !== "Word") { fail("type-mismatch", v.range, `'${name}' takes one of: ${t.values.join(", ")}.`); break; }
        if (!t.values.includes(v.value)) fail("undefined-value", v.range, `'${v.value}' is not one of ${t.values.join(", ")}.${didYouMean(v.value, t.values)}`);
        facts[name] = v.value;
        break;
      }
      case "set": {
        const vals = v.kind === "Word" ? [v.value] : v.kind === "Set" ? v.values.map((x) => x.text) : undefined;
        if (!vals) { fail("type-mismatch", v.range, `'${name}' takes values from: ${t.values.join(", ")}, e.g. ${name} {${t.values.slice(0, 2).join(", ")}}.`); break; }
        for (const x of vals) if (!t.values.includes(x)) fail("undefined-value", v.range, `'${x}' is not one of ${t.values.join(", ")}.${didYouMean(x, t.values)}`);
        facts[name] = vals;
        break;
      }
    }
  }
  if (!ex.request) fail("example-incomplete", ex.title.range, "This example has no request: add request CPT.");
  else if (!isCptCode(ctx, ex.request)) ok = false;
  else if (!ctx.studies.has(ex.request.text)) fail("undefined-study", ex.request.range, `CPT ${ex.request.text} is not in the study catalogue.`);
  else out.case.request.cpt = ex.request.text;
  if (!ex.expect) fail("example-incomplete", ex.title.range, "This example has no expected outcome: add expect approve / deny / pend / review / not-applicable.");
  else {
    out.expect = { outcome: ex.expect.outcome };
    if (ex.expect.target) {
      const t = ex.expect.target.text;
      if (!ctx.sections.has(t) && !ctx.externals.has(t)) fail("undefined-section", ex.expect.target.range, `There is no section or external guideline ${t}.${didYouMean(t, [...ctx.sections.keys(), ...ctx.externals.keys()])}`);
      out.expect.target = t;
    }
    if (ex.expect.missing) {
      for (const m of ex.expect.missing) if (!ctx.facts.has(m.text) && m.text !== "age" && m.text !== "indication") fail("undefined-name", m.range, `'${m.text}' is not a declared fact.${didYouMean(m.text, ctx.facts.keys())}`);
      out.expect.missing = ex.expect.missing.map((m) => m.text);
    }
  }
  if (ok) {
    // The case as the runtime would read it: every value within the bounds a case's must be in.
    const checked = validateCase(out.case, caseSpecOf(ctx.plan));
    if (!checked.ok) for (const i of checked.issues) {
      const key = [...where.keys()].filter((k) => i.field === k || i.field.startsWith(k + ".")).sort((a, b) => b.length - a.length)[0];
      const fact = key?.startsWith("facts.") ? ctx.facts.get(key.slice(6)) : undefined;
      const code = key === "asOf" || fact?.type.kind === "date" ? "invalid-date" : key === "patient" || fact ? "invalid-number" : "type-mismatch";
      fail(code, key ? where.get(key)! : ex.title.range, `A case with this value is refused: ${fieldWords(i.field)}${i.message}.`);
    }
  }
  return ok ? out : undefined;
}

/** A case field as an author reads it: facts.temperature.value -> 'temperature' ; patient.birthDate -> 'age'. */
function fieldWords(field: string): string {
  const [head, name] = field.split(".");
  if (head === "facts" && name) return `'${name}' `;
  if (head === "patient") return "'age' ";
  return field ? `${field} ` : "";
}

function birthFor(asOf: Ymd, months: number, days: number): Ymd | undefined {
  const guess = dayNumber(addSpan(asOf, { months, days }, -1));
  for (let d = guess - 4; d <= guess + 4; d++) {
    const b = fromDayNumber(d);
    const a = exactAge(b, asOf);
    if (a.months === months && a.days === days) return b;
  }
  return undefined;
}
