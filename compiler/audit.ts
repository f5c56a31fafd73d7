// The independent audit table beside a guideline (AUDIT.md in the guideline's folder): one markdown table
// row per rule and prerequisite, naming it by its id in backticks in the first cell (`PEDSP-2.5/initial`,
// `PEDSP-4.3/requires-2`). `guide test --coverage` lists the rules and prerequisites no row covers, and the
// rows that name an id the guideline no longer has, so the audit cannot silently fall behind the rules.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { readRegularFile } from "./cli/io.ts";

export interface AuditCoverage { file: string; covered: string[]; missing: string[]; stale: string[] }

const ID = /`((?:[A-Z][A-Za-z0-9.-]*|guideline)\/[A-Za-z0-9_-]+)`/g; // SECTION/rule, or guideline/requires-N
const MAX_BYTES = 2_000_000;

/** The ids named in the first cell of each table row of an audit file's text. */
export function auditIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t.startsWith("|") || /^\|[\s|:-]*$/.test(t)) continue;
    const first = t.slice(1).split("|")[0];
    for (const m of first.matchAll(ID)) ids.add(m[1]);
  }
  return ids;
}

/** Coverage of `ids` (every rule and prerequisite of the guideline) by the AUDIT.md beside `guideFile`,
 *  or undefined when there is no such file (or it is not a readable regular file of sensible size). */
export function auditCoverage(guideFile: string, ids: string[]): AuditCoverage | undefined {
  const file = join(dirname(guideFile), "AUDIT.md");
  if (!existsSync(file)) return undefined;
  const bytes = readRegularFile(file, MAX_BYTES);
  if (!Buffer.isBuffer(bytes)) return undefined;
  const named = auditIds(bytes.toString("utf8"));
  const known = new Set(ids);
  return {
    file,
    covered: ids.filter((id) => named.has(id)),
    missing: ids.filter((id) => !named.has(id)),
    stale: [...named].filter((id) => !known.has(id)).sort(),
  };
}
