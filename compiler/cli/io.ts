// Reading the files a command names: a .guide file, a case, and the source text the parsed header names, as UTF-8,
// with I/O problems turned into UsageError (exit code 2), or a source-not-found diagnostic, rather than stack traces.
// Only regular files are read, and only up to a limit: a named pipe, a device or a folder is a plain error, never a hang.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { checkText, hasErrors, type CheckResult } from "../compile.ts";
import type { Model } from "../model.ts";
import { renderDiagnostic } from "./render.ts";

import { UsageError } from "./usage-error.ts";
export { UsageError };

/** The most read of a .guide file or a case (they are named on the command line): bounds memory, nothing more. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;
/** The most read of a source text. Its path comes from a header, which is only partly trusted; PEDSP's is 40 KB. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

const MB = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

function kindOf(st: Stats): string {
  return st.isDirectory() ? "a folder" : st.isFIFO() ? "a named pipe" : st.isSocket() ? "a socket" : st.isCharacterDevice() || st.isBlockDevice() ? "a device" : "not a regular file";
}

/**
 * The bytes of a regular file of at most `limit` bytes, or in plain words why not. The file is checked with
 * stat before it is opened (so a device is never opened), opened with O_NONBLOCK (so a pipe swapped in meanwhile
 * cannot block the open), checked again with fstat, and read up to the limit: it cannot block or grow unbounded.
 */
export function readRegularFile(path: string, limit: number): Buffer | { problem: string } {
  let fd: number | undefined;
  try {
    const before = statSync(path);
    if (!before.isFile()) return { problem: before.isDirectory() ? "it is a folder, not a file" : `it is ${kindOf(before)}, not a regular file` };
    if (before.size > limit) return { problem: `it is larger than ${MB(limit)} (${before.size} bytes)` };
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: `it is ${kindOf(st)}, not a regular file` };
    const buf = Buffer.allocUnsafe(Math.min(limit, st.size) + 1);
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += got;
    // One byte more than stat said means the file is growing: read no further than the limit.
    if (n > st.size) return { problem: "it grew while being read" };
    return buf.subarray(0, n);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: code === "ENOENT" || code === "ENOTDIR" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ELOOP" ? "too many symbolic links" : `it cannot be read (${code ?? (e as Error).message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Bytes as UTF-8 text (a leading BOM dropped), or why not. */
function decodeUtf8(buf: Buffer): string | { problem: string } {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(buf);
  if (text.includes("\uFFFD") && !buf.toString("latin1").includes("\uFFFD")) {
    try { new TextDecoder("utf-8", { fatal: true }).decode(buf); } catch { return { problem: "it is not UTF-8 text" }; }
  }
  return text.replace(/^\uFEFF/, "");
}

/** A .guide or case file named on the command line, as text; a UsageError (exit 2) saying why it cannot be. */
export function readUtf8(path: string, limit = MAX_INPUT_BYTES): string {
  const buf = readRegularFile(path, limit);
  const text = "problem" in buf ? buf : decodeUtf8(buf);
  if (typeof text !== "string") throw new UsageError(`${path}: ${text.problem}.`);
  return text;
}

/** Standard input (`--case -`), up to the limit. A pipe or a terminal here is what the user asked for. */
export function readStdin(limit = MAX_INPUT_BYTES): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(65536);
    let got: number;
    try { got = readSync(0, chunk, 0, chunk.length, null); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); continue; } // a non-blocking pipe with no data yet
      if (code === "EOF") break;
      throw new UsageError(`could not read the case from standard input (${code ?? (e as Error).message}).`);
    }
    if (got === 0) break;
    total += got;
    if (total > limit) throw new UsageError(`the case on standard input is larger than ${MB(limit)}.`);
    chunks.push(chunk.subarray(0, got));
  }
  const text = decodeUtf8(Buffer.concat(chunks));
  if (typeof text !== "string") throw new UsageError(`standard input: ${text.problem}.`);
  return text;
}

/**
 * How the CLI reads the source text a guideline's parsed header names (`source "…"`): a path relative to the
 * .guide file's folder that stays inside it as written (subfolders are fine; `..` and absolute paths are refused),
 * naming a regular file of at most MAX_SOURCE_BYTES, in UTF-8. Why: `guide test --coverage` prints the source's
 * sentences, so the text of a header must not be able to pull in any file the user can read. A symbolic link in
 * the folder is followed (test/fixtures shares PEDSP's source that way): it is a file of its own, which review sees.
 */
export function sourceReader(guidePath: string): (name: string) => string | { problem: string } {
  return (name) => {
    if (name === "" || name.includes("\0")) return { problem: "that is not a file name" };
    if (isAbsolute(name) || /^[A-Za-z]:/.test(name)) return { problem: "a source must be named relative to the guideline's folder, not by an absolute path" };
    const dir = resolve(dirname(guidePath));
    const full = resolve(dir, name);
    const r = relative(dir, full);
    if (r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r)) return { problem: "a source must be in the guideline's folder or below it, not reached through '..'" };
    const buf = readRegularFile(full, MAX_SOURCE_BYTES);
    if ("problem" in buf) return buf.problem === "no such file" ? { problem: "there is no such file in the guideline's folder" } : buf;
    return decodeUtf8(buf);
  };
}

export interface LoadedGuide extends CheckResult { path: string; text: string; sourceText: string | undefined }

/** A .guide file, or standard input for `-` (named <stdin> in diagnostics; its source is read from the current folder). */
export function loadGuide(path: string): LoadedGuide {
  const stdin = path === "-";
  const text = stdin ? readStdin() : readUtf8(path);
  const name = stdin ? "<stdin>" : path;
  const r = checkText(text, name, { readSource: sourceReader(stdin ? "./<stdin>" : path) });
  return { path: name, text, sourceText: r.model?.sourceText, ...r };
}

/** A guideline that checks without errors, or undefined after printing its errors and why nothing was done. */
export function loadChecked(path: string, doing: string, stderr: (s: string) => void): (LoadedGuide & { model: Model }) | undefined {
  const g = loadGuide(path);
  if (!hasErrors(g.diagnostics) && g.model) return g as LoadedGuide & { model: Model };
  for (const d of g.diagnostics.filter((x) => x.severity === "error")) stderr(renderDiagnostic(d, g.text));
  stderr(`${path}: ${doing}, the guideline has errors.`);
  return undefined;
}
