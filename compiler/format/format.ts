// formatGuide(text) -> the canonical layout of a .guide text (rejects with GuideSyntaxError on syntax errors).
// Uses prettier's standalone build, so the playground can call it in the browser too.
import { format } from "prettier/standalone";
import plugin from "./plugin.ts";

export const PRINT_WIDTH = 100;

export function formatGuide(text: string): Promise<string> {
  return format(text, { parser: "guide", plugins: [plugin], printWidth: PRINT_WIDTH, tabWidth: 2, useTabs: false, endOfLine: "lf" });
}
