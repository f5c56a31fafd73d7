// Reading the files a command names: a .guide file and the source text its header names, as UTF-8,
// with I/O problems turned into UsageError (exit code 2) rather than stack traces.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { checkText, hasErrors, type CheckResult } from "../compile.ts";
import type { Model } from "../model.ts";
import { renderDiagnostic } from "./render.ts";

export class UsageError extends Error {}

export function readUtf8(path: string): string {
  let buf: Buffer;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder, not a file.`);
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${path}: no such file.` : code === "EACCES" ? `${path}: permission denied.` : `${path}: cannot be read (${code ?? String(e)}).`);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(buf);
  if (text.includes("\uFFFD") && !buf.toString("latin1").includes("\uFFFD")) {
    try { new TextDecoder("utf-8", { fatal: true }).decode(buf); } catch { throw new UsageError(`${path} is not UTF-8 text.`); }
  }
  return text.replace(/^\uFEFF/, "");
}

/** The source text named by a guideline's header, looked for beside the .guide file. */
export function sourceFor(guidePath: string, text: string): string | undefined {
  const m = /\bsource\s+"((?:[^"\\]|\\.)*)"/.exec(text.slice(0, 2000));
  if (!m) return undefined;
  try { return readFileSync(resolve(dirname(guidePath), m[1]), "utf8"); } catch { return undefined; }
}

export interface LoadedGuide extends CheckResult { path: string; text: string; sourceText: string | undefined }

export function loadGuide(path: string): LoadedGuide {
  const text = readUtf8(path);
  const sourceText = sourceFor(path, text);
  return { path, text, sourceText, ...checkText(text, path, { sourceText }) };
}

/** A guideline that checks without errors, or undefined after printing its errors and why nothing was done. */
export function loadChecked(path: string, doing: string, stderr: (s: string) => void): (LoadedGuide & { model: Model }) | undefined {
  const g = loadGuide(path);
  if (!hasErrors(g.diagnostics) && g.model) return g as LoadedGuide & { model: Model };
  for (const d of g.diagnostics.filter((x) => x.severity === "error")) stderr(renderDiagnostic(d, g.text));
  stderr(`${path}: ${doing}, the guideline has errors.`);
  return undefined;
}
