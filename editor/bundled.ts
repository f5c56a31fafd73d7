// What the playground ships with, gathered at build time: the guideline (PEDSP when it exists, else the
// small sample), every source text a header may name, and the gallery cases. Out: plain strings and objects.
/// <reference types="vite/client" />
import { unwrapCase } from "../runtime/wrapper.ts";

// Earlier dated versions kept beside a guideline (pedsp-1.0.guide) are for `guide compile` of the folder, not the playground.
const guides = import.meta.glob<string>(["../guidelines/*/*.guide", "!../guidelines/*/*-[0-9]*.guide"], { query: "?raw", import: "default", eager: true });
const sample = import.meta.glob<string>("../test/fixtures/sample.guide", { query: "?raw", import: "default", eager: true });
const texts = import.meta.glob<string>(["../guidelines/*/*.txt", "../test/fixtures/*.txt"], { query: "?raw", import: "default", eager: true });
const cases = import.meta.glob<unknown>("../examples/cases/*.json", { import: "default", eager: true });

const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

function pickGuide(): { file: string; text: string } {
  const pedsp = Object.entries(guides).find(([p]) => p.endsWith("/pedsp.guide")) ?? Object.entries(guides)[0];
  if (pedsp) return { file: baseName(pedsp[0]), text: pedsp[1] };
  const [p, text] = Object.entries(sample)[0] ?? ["sample.guide", 'guideline NONE "No guideline bundled"\n'];
  return { file: baseName(p), text };
}

export const bundledGuide = pickGuide();

/** Source texts by file name; a guideline's own folder wins over the test fixtures. */
export const sourceTexts: Record<string, string> = {};
for (const [p, t] of Object.entries(texts).sort(([a], [b]) => (a.includes("/guidelines/") ? 1 : 0) - (b.includes("/guidelines/") ? 1 : 0))) {
  sourceTexts[baseName(p)] = t;
}

export interface GalleryCase { name: string; description: string; case: unknown; expect?: unknown }
export const galleryCases: GalleryCase[] = Object.entries(cases).map(([p, raw]) => {
  const o = (raw && typeof raw === "object" ? raw : {}) as { description?: unknown; case?: unknown; expect?: unknown };
  // The runtime's one wrapper rule: a file with other keys beside `case` is shown whole, and evaluate names them.
  const w = unwrapCase(raw);
  return { name: baseName(p).replace(/\.json$/, ""), description: typeof o.description === "string" ? o.description : baseName(p), case: w.wrapped && w.issues.length === 0 ? w.case : raw, expect: o.expect };
}).sort((a, b) => a.name.localeCompare(b.name));

/** The source file a guideline's header names (`source "…"`), found without parsing. */
export function sourceNameOf(text: string): string | undefined {
  const m = /\bguideline\b[\s\S]{0,500}?\bsource\s+"([^"\\\n]*)"/.exec(text.slice(0, 20_000));
  return m?.[1];
}
