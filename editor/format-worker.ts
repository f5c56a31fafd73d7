// The formatter's worker: {id, text} in, the canonical layout (compiler/format/format.ts) or why not out.
// Off the page's thread because prettier with the guide plugin takes ~1.5 s cold on PEDSP's 3,200 lines.
import { format as formatGuide } from "../compiler/index.ts";
import type { FormatReply, FormatRequest } from "./format.ts";

const post = (m: FormatReply): void => (self as unknown as Worker).postMessage(m);

self.onmessage = async (e: MessageEvent<FormatRequest>) => {
  const { id, text } = e.data;
  try {
    post({ id, text: await formatGuide(text) });
  } catch (err) {
    // A GuideSyntaxError carries loc.start; prettier appends a code frame to the message, which we drop.
    const loc = (err as { loc?: { start?: { line?: unknown; column?: unknown } } } | null)?.loc?.start;
    const message = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    post({ id, error: message, syntax: typeof loc?.line === "number", ...(typeof loc?.line === "number" ? { line: loc.line, column: Number(loc.column) || 1 } : {}) });
  }
};
