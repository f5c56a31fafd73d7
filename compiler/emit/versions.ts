// Dated versions of one guideline (checked models, in effective order) -> one TypeScript module: each version's
// compiled module inside a namespace (v1_0, v1_1 …), and an `evaluate` that decides with the version in force
// on the case's date of service (runtime/versions.ts). Determinations name the version that decided.
import type { Model } from "../model.ts";
import { GENERATED_MARK, RUNTIME_PACKAGE, emitTypeScript, lit, safeComment, PRETTIER_MAX_CHARS, type EmitOptions } from "./typescript.ts";

/** A namespace name for a version: `v` and its number with every other character as `_` ("1.0" -> v1_0). */
export const versionNamespace = (version: string, i: number): string => `v${version.replace(/[^A-Za-z0-9]/g, "_") || i}`;

export function emitVersionedTypeScript(models: Model[], options: EmitOptions & { sourceNames?: string[] } = {}): string {
  const runtime = options.runtimeImport ?? RUNTIME_PACKAGE;
  const g = models[models.length - 1].plan.guideline;
  const names = models.map((m, i) => versionNamespace(m.plan.guideline.version ?? "", i));
  const out: string[] = [GENERATED_MARK];
  out.push(`// ${safeComment(g.id)} ${safeComment(g.title)}: ${models.length} versions, each decides the requests whose date of service (request.serviceDate, else asOf) it is in force on.`);
  out.push(`import { evaluatePlan, evaluateVersions, F, T, U, factBool, factNumber, ageCompare, durationCompare, dateWithin, factIs, factHas, requestedIs } from ${lit(runtime)};`);
  out.push(`import type { DatedVersion, Determination, Env, EvaluateOptions, Plan, T3 } from ${lit(runtime)};`);
  out.push(`export type { Determination, EvaluateOptions } from ${lit(runtime)};`);
  models.forEach((m, i) => {
    const v = m.plan.guideline;
    out.push("");
    out.push(`/** Version ${safeComment(v.version ?? "")}: in force from ${safeComment(v.effective ?? "")}${v.through ? ` through ${safeComment(v.through)}` : ""}. */`);
    out.push(`export namespace ${names[i]} {`);
    // The version's own module, less what the outer module already imports.
    const body = emitTypeScript(m, { ...options, sourceName: options.sourceNames?.[i] }).split("\n")
      .filter((l) => !l.startsWith("import ") && !/^export type \{.*\} from /.test(l) && l !== GENERATED_MARK);
    out.push(...body.map((l) => (l ? "  " + l : l)));
    out.push(`}`);
  });
  out.push("");
  out.push(`/** A case for any version (each version validates the facts it declares). */`);
  out.push(`export type Case = ${names.map((n) => `${n}.Case`).join(" | ")};`);
  out.push(`/** The versions, oldest first, with the days each is in force. */`);
  out.push(`export const versions: DatedVersion[] = [`);
  models.forEach((m, i) => {
    const v = m.plan.guideline;
    out.push(`  { version: ${lit(v.version ?? "")}, effective: ${lit(v.effective ?? "")}${v.through ? `, through: ${lit(v.through)}` : ""}, evaluate: ${names[i]}.evaluateUnknown },`);
  });
  out.push(`];`);
  out.push(`/** Decide a case with the version in force on its date of service; a date no version covers gives \`pend\` with \`errors\`. */`);
  out.push(`export function evaluate(input: Case | unknown, options?: EvaluateOptions): Determination {`);
  out.push(`  return evaluateVersions(${lit(g.id)}, versions, input, options);`);
  out.push(`}`);
  out.push(`export const evaluateUnknown = evaluate;`);
  return out.join("\n") + "\n";
}

/** The module, laid out by prettier when it is not too large (as emitModule does for one version). */
export async function emitVersionedModule(models: Model[], options: EmitOptions & { sourceNames?: string[] } = {}): Promise<string> {
  const code = emitVersionedTypeScript(models, options);
  if (code.length > PRETTIER_MAX_CHARS) return code;
  const prettier = await import("prettier");
  try { return await prettier.format(code, { parser: "typescript", printWidth: 120 }); } catch { return code; }
}
