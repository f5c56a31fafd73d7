// Diagnostics -> text for a terminal: `file:line:column: error CODE: message`, the source line, a caret.
import type { Diagnostic } from "../../grammar/diagnostics.ts";
import { lineText } from "../../grammar/positions.ts";

export function renderDiagnostic(d: Diagnostic, text: string | undefined): string {
  const { line, column } = d.range.start;
  let out = `${d.file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
  if (text !== undefined) {
    const src = lineText(text, line);
    if (src.length <= 400) {
      const width = d.range.end.line === line ? Math.max(1, d.range.end.column - column) : Math.max(1, src.length - column + 1);
      const gutter = String(line).padStart(5);
      const shown = src.replace(/\t/g, " ");
      out += `\n${gutter} | ${shown}\n${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, column - 1))}${"^".repeat(Math.min(width, Math.max(1, shown.length - column + 1)))}`;
    }
  }
  if (d.hint) out += `\n  hint: ${d.hint}`;
  return out;
}

export function summary(ds: Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === "error").length, w = ds.filter((d) => d.severity === "warning").length;
  const i = ds.filter((d) => d.severity === "info").length;
  return `${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}${i ? `, ${i} explained (--verbose shows them)` : ""}`;
}
