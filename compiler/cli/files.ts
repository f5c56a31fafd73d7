// The file arguments of check, test, fmt and compile, as the tools CI already runs take them: a file, `-` (standard
// input), a folder (every .guide file below it), or a quoted glob (`'guidelines/**/*.guide'`). In: the arguments;
// out: the files in a stable order, or a UsageError (exit 2) before anything is read or written.
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { UsageError } from "./usage-error.ts";

export const STDIN = "-";
/** How main.ts hands a lone `-` through yargs (which drops it): NUL cannot occur in a path. */
export const STDIN_TOKEN = "\u0000-";
const GLOB_CHARS = /[*?[]/;
const SKIP_DIRS = new Set(["node_modules", ".git"]);

export function expandFiles(args: readonly string[], options: { stdin: boolean } = { stdin: true }): string[] {
  const out: string[] = [];
  for (const a of args.map((x) => (x === STDIN_TOKEN ? STDIN : x))) {
    if (a === STDIN) {
      if (!options.stdin) throw new UsageError("this command cannot read a guideline from standard input (-).");
      if (out.includes(STDIN)) throw new UsageError("standard input (-) can be named only once.");
      out.push(STDIN);
    } else if (GLOB_CHARS.test(a)) {
      const matched = glob(a);
      if (!matched.length) throw new UsageError(`no .guide file matches ${a}.`);
      out.push(...matched);
    } else if (isDirectory(a)) {
      const found = guideFilesUnder(a);
      if (!found.length) throw new UsageError(`${a}: the folder holds no .guide file.`);
      out.push(...found);
    } else out.push(a); // a missing or unreadable file is reported when it is read, as before
  }
  return [...new Set(out)];
}

function isDirectory(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

function* walk(dir: string): Generator<string> {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) yield* walk(p); } else if (e.isFile()) yield p;
  }
}

/** Every .guide file below a folder, sorted by path (symbolic links and node_modules are not followed). */
export function guideFilesUnder(dir: string): string[] {
  return [...walk(dir)].filter((p) => p.endsWith(".guide"));
}

/** `*` and `?` within a name, `**` across folders, `[abc]` a class; matched against paths below the glob's fixed prefix. */
export function glob(pattern: string): string[] {
  const parts = pattern.split(/[\\/]+/);
  const fixed: string[] = [];
  while (parts.length > 1 && !GLOB_CHARS.test(parts[0])) fixed.push(parts.shift()!);
  const base = fixed.length ? fixed.join("/") || "/" : ".";
  let source = "^";
  parts.forEach((p, i) => {
    const last = i === parts.length - 1;
    source += p === "**" ? (last ? ".*" : "(?:[^/]+/)*") : segment(p) + (last ? "" : "/");
  });
  const re = new RegExp(`${source}$`);
  if (!isDirectory(base)) return [];
  return [...walk(base)].filter((p) => re.test(relative(base, p).split(sep).join("/"))).map((p) => (base === "." ? relative(".", p) : p));
}

function segment(s: string): string {
  let r = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "*") r += "[^/]*";
    else if (c === "?") r += "[^/]";
    else if (c === "[") { const j = s.indexOf("]", i + 1); if (j > i) { r += `[${s.slice(i + 1, j).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`; i = j; } else r += "\\["; }
    else r += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return r;
}
