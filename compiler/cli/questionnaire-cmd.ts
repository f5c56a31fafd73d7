// `guide questionnaire FILE [--cpt CODE] [--adaptive] [--out DIR] [--url URL] [--version V]`: the guideline's FHIR R4
// Questionnaire (Da Vinci DTR) and the CodeSystem its answers use. Standard output: a FHIR Bundle (collection) holding
// the two; --out DIR: NAME.questionnaire.json and NAME.codesystem.json there. A CPT code the guideline does not know,
// or a folder that cannot be written, is a plain message and exit 2; a guideline with errors is exit 1.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { questionnaireOf, QuestionnaireError } from "../interop/questionnaire.ts";
import { loadChecked } from "./io.ts";
import { UsageError } from "./usage-error.ts";
import { writeAtomic } from "./compile-cmd.ts";
import type { Out } from "./main.ts";

export interface QuestionnaireCmdOptions { cpt?: string; adaptive?: boolean; out?: string; url?: string; version?: string }

export function runQuestionnaire(file: string, opts: QuestionnaireCmdOptions, out: Out): number {
  if (opts.cpt !== undefined && !/^\d{5}$/.test(opts.cpt)) throw new UsageError(`--cpt must be a CPT code of 5 digits such as 72148, not ${JSON.stringify(opts.cpt)}.`);
  if (opts.url !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(opts.url)) throw new UsageError(`--url must be an absolute URL such as https://payer.example/fhir/Questionnaire/pedsp, not ${JSON.stringify(opts.url)}.`);
  const g = loadChecked(file, "no questionnaire", out.stderr);
  if (!g) return 1;
  let made: ReturnType<typeof questionnaireOf>;
  try {
    made = questionnaireOf(g.model, { cpt: opts.cpt, adaptive: opts.adaptive, url: opts.url, version: opts.version });
  } catch (e) {
    if (e instanceof QuestionnaireError) throw new UsageError(e.message);
    throw e;
  }
  const { questionnaire, codeSystem } = made;
  if (opts.out === undefined) {
    out.stdout(JSON.stringify({ resourceType: "Bundle", type: "collection", entry: [{ resource: questionnaire }, { resource: codeSystem }] }, null, 2));
    return 0;
  }
  try { mkdirSync(opts.out, { recursive: true }); } catch (e) { throw new UsageError(`cannot create ${opts.out}: ${(e as Error).message}`); }
  const written: string[] = [];
  for (const [name, resource] of [[`${questionnaire.id}.questionnaire.json`, questionnaire], [`${codeSystem.id}.codesystem.json`, codeSystem]] as const) {
    const path = join(opts.out, name);
    try { writeAtomic(path, JSON.stringify(resource, null, 2) + "\n"); } catch (e) { throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`); }
    written.push(path);
  }
  out.stderr(`${file} -> ${written.join(", ")}`);
  return 0;
}
