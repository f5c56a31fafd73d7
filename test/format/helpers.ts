// Shared by the formatter tests: AST without positions, comment texts in order, the real guidelines.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../../grammar/parse.ts";

/** The AST with every `range` / `*Range` key removed, so layout changes compare equal. */
export function shape(text: string): unknown {
  const r = parse(text, "t.guide");
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (k !== "range" && !k.endsWith("Range")) o[k] = strip(x);
      return o;
    }
    return v;
  };
  return strip(r.ast);
}

export const commentTexts = (text: string): string[] => parse(text, "t.guide").comments.map((c) => c.image.trimEnd());
export const tokenImages = (text: string): string[] => parse(text, "t.guide").tokens.map((t) => t.image);
export const syntaxErrors = (text: string) => parse(text, "t.guide").diagnostics.filter((d) => d.severity === "error");

/** The sample guideline and every guideline under guidelines/ that exists at test time. */
export function realGuidelines(): string[] {
  const out = ["test/fixtures/sample.guide"];
  if (existsSync("guidelines")) for (const d of readdirSync("guidelines")) {
    const dir = join("guidelines", d);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".guide")) out.push(join(dir, f));
  }
  return out;
}
