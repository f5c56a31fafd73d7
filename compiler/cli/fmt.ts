// `guide fmt FILES [--check | --write]`: the canonical layout to stdout, or a list of unformatted files
// (--check, exit 1), or the files rewritten atomically (--write). Files with syntax errors are left untouched.
import { parse } from "../../grammar/parse.ts";
import { formatGuide } from "../format/format.ts";
import { writeAtomic } from "./compile-cmd.ts";
import { readUtf8 } from "./io.ts";
import { renderDiagnostic } from "./render.ts";
import type { Out } from "./main.ts";

export async function runFmt(files: string[], opts: { check?: boolean; write?: boolean }, out: Out): Promise<number> {
  let failed = false;
  const unformatted: string[] = [];
  for (const f of files) {
    const text = readUtf8(f);
    const errors = parse(text, f).diagnostics.filter((d) => d.severity === "error");
    if (errors.length) {
      for (const d of errors) out.stderr(renderDiagnostic(d, text));
      out.stderr(`${f}: not formatted, the file has syntax errors.`);
      failed = true;
      continue;
    }
    const formatted = await formatGuide(text);
    if (opts.check) {
      if (formatted !== text) { unformatted.push(f); out.stdout(f); }
    } else if (opts.write) {
      if (formatted !== text) { writeAtomic(f, formatted); out.stderr(`${f}: formatted`); }
    } else out.stdout(formatted.replace(/\n$/, ""));
  }
  if (opts.check && unformatted.length) out.stderr(`${unformatted.length} of ${files.length} file${files.length === 1 ? " is" : "s are"} not formatted; run guide fmt --write.`);
  else if (opts.check && !failed) out.stderr(`${files.length} file${files.length === 1 ? "" : "s"} formatted already.`);
  return failed || unformatted.length ? 1 : 0;
}
