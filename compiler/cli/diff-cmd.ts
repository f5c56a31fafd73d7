// `guide diff OLD.guide NEW.guide`: what a revision changes (compiler/diff). Exit 0 when the two decide every
// documented case alike (and no search was cut short), 1 when they differ, 2 for usage or I/O problems.
import { loadChecked } from "./io.ts";
import { diffGuidelines } from "../diff/index.ts";
import { renderDiff } from "../diff/render.ts";
import type { Out } from "./main.ts";

export function runDiff(oldPath: string, newPath: string, opts: { json?: boolean; cases?: boolean }, out: Out): number {
  const a = loadChecked(oldPath, "not compared", out.stderr), b = loadChecked(newPath, "not compared", out.stderr);
  if (!a || !b) return 2;
  const d = diffGuidelines(a.model, b.model, { old: a.text, new: b.text });
  out.stdout(opts.json ? JSON.stringify(d, null, 2) : renderDiff(d, { cases: opts.cases }));
  return d.equivalent ? 0 : 1;
}
