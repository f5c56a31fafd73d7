// Diagnostics for machines and CI, beside render.ts's text: `--format json` (the Diagnostic objects), `github`
// (workflow commands GitHub Actions turns into annotations on the lines) and `sarif` (SARIF 2.1.0, for code
// scanning and other CI viewers). Colour for the text form on a terminal, honouring NO_COLOR (https://no-color.org).
import type { Diagnostic } from "../../grammar/diagnostics.ts";
import { diagnosticCodes } from "../../grammar/diagnostics.ts";

export type Format = "text" | "json" | "github" | "sarif";

/** A workflow command's data escaped as GitHub's runner expects; properties escape `:` and `,` too. */
const escData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string): string => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function githubAnnotation(d: Diagnostic): string {
  const kind = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
  const { start, end } = d.range;
  const props = [`file=${escProp(d.file)}`, `line=${start.line}`, `col=${start.column}`, `endLine=${end.line}`, ...(end.line === start.line ? [`endColumn=${end.column}`] : []), `title=${escProp(d.code)}`];
  return `::${kind} ${props.join(",")}::${escData(d.message + (d.hint ? `\n${d.hint}` : ""))}`;
}

export function sarif(ds: readonly Diagnostic[], version: string): unknown {
  const codes = [...new Set(ds.map((d) => d.code))].sort();
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "guide", version, informationUri: "https://github.com/guideline-dsl/guideline-dsl",
          rules: codes.map((id) => ({ id, shortDescription: { text: ruleText(id) } })),
        },
      },
      results: ds.map((d) => ({
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code),
        level: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note",
        message: { text: d.message + (d.hint ? ` ${d.hint}` : "") },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: d.file.split("\\").join("/") },
            region: { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: d.range.end.column },
          },
        }],
      })),
    }],
  };
}

function ruleText(code: string): string {
  const entry = (diagnosticCodes as Record<string, unknown>)[code];
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object" && "description" in entry && typeof entry.description === "string") return entry.description;
  return code;
}

/** Whether text output may be coloured: a terminal, NO_COLOR unset or empty, TERM not "dumb"; FORCE_COLOR forces it. */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

const SGR = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
const paint = (code: number, s: string): string => `\x1b[${code}m${s}\x1b[0m`;

/** Colours the first line of a rendered diagnostic (`file:line:col: error CODE: message`) and its caret line. */
export function colorDiagnostic(rendered: string, severity: Diagnostic["severity"]): string {
  const tint = severity === "error" ? SGR.red : severity === "warning" ? SGR.yellow : SGR.cyan;
  const lines = rendered.split("\n");
  lines[0] = lines[0].replace(/^(.*?:\d+:\d+:) (error|warning|info) (\S+):/, (_, at: string, sev: string, code: string) => `${paint(SGR.bold, at)} ${paint(tint, sev)} ${paint(SGR.dim, code)}:`);
  for (let i = 1; i < lines.length; i++) if (/^ +\| *\^+$/.test(lines[i])) lines[i] = lines[i].replace(/\^+/, (c) => paint(tint, c));
  return lines.join("\n");
}
