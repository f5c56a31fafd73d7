// `guide fmt FILES [--check | --write] [--format json]`: the canonical layout to stdout, or a list of unformatted
// files (--check, exit 1), or the files rewritten atomically (--write). Files with syntax errors are left untouched.
// `-` formats standard input (to stdout, or checks it with --check); --format json reports each file as an object.
import { format as formatGuide, parse } from "../index.ts";
import { writeAtomic } from "./compile-cmd.ts";
import { readStdin, readUtf8 } from "./io.ts";
import { renderDiagnostic } from "./render.ts";
import type { Out } from "./main.ts";

export async function runFmt(files: string[], opts: { check?: boolean; write?: boolean; format?: "text" | "json" }, out: Out): Promise<number> {
  let failed = false;
  const unformatted: string[] = [];
  const json = opts.format === "json";
  const report: { file: string; formatted: boolean; errors?: string[]; text?: string; written?: boolean }[] = [];
  const print = json ? () => {} : out.stdout;
  for (const f of files) {
    const text = f === "-" ? readStdin() : readUtf8(f);
    const errors = parse(text, f).diagnostics.filter((d) => d.severity === "error");
    if (errors.length) {
      for (const d of errors) out.stderr(renderDiagnostic(d, text));
      out.stderr(`${f}: not formatted, the file has syntax errors.`);
      failed = true;
      report.push({ file: f, formatted: false, errors: errors.map((d) => `${d.range.start.line}:${d.range.start.column}: ${d.message}`) });
      continue;
    }
    const formatted = await formatGuide(text);
    if (opts.check) {
      if (formatted !== text) { unformatted.push(f); print(f); }
      report.push({ file: f, formatted: formatted === text });
    } else if (opts.write) {
      if (formatted !== text) { writeAtomic(f, formatted); out.stderr(`${f}: formatted`); }
      report.push({ file: f, formatted: true, written: formatted !== text });
    } else {
      print(formatted.replace(/\n$/, ""));
      report.push({ file: f, formatted: formatted === text, text: formatted });
    }
  }
  if (json) out.stdout(JSON.stringify(report, null, 2));
  if (opts.check && unformatted.length) out.stderr(`${unformatted.length} of ${files.length} file${files.length === 1 ? " is" : "s are"} not formatted; run guide fmt --write.`);
  else if (opts.check && !failed) out.stderr(`${files.length} file${files.length === 1 ? "" : "s"} formatted already.`);
  return failed || unformatted.length ? 1 : 0;
}
