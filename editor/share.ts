// A share link: the guideline text and the case in, a URL fragment out (`#share=`: the JSON, deflate-raw
// by the browser's own CompressionStream, in base64url), and back. A link that cannot be read (cut short,
// tampered with, too large) gives a problem in words, never a partial guideline.
export const SHARE_PREFIX = "#share=";
/** The guideline's own size limit (grammar/limits.ts: 1,000,000 bytes) plus room for the case. */
const MAX_JSON = 1_200_000;

export interface Shared { text: string; case: Record<string, unknown> }

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, max = Infinity): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await out.read();
    if (done) break;
    size += value.length;
    if (size > max) { await out.cancel(); throw new RangeError("too large"); }
    parts.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The fragment for a guideline and a case (starts with #share=). */
export async function encodeShare(s: Shared): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, text: s.text, case: s.case }));
  return SHARE_PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The guideline and case of a fragment, or what is wrong with it. */
export async function decodeShare(fragment: string): Promise<Shared | { problem: string }> {
  if (!fragment.startsWith(SHARE_PREFIX)) return { problem: "it is not a share link" };
  let bytes: Uint8Array;
  try { bytes = fromBase64Url(fragment.slice(SHARE_PREFIX.length)); } catch { return { problem: "the link has characters a share link cannot hold (was it cut or changed?)" }; }
  let json: string;
  try { json = new TextDecoder("utf-8", { fatal: true }).decode(await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_JSON)); } catch (e) {
    return { problem: e instanceof RangeError ? "what it holds is larger than a guideline may be" : "the link is incomplete or damaged (was it cut short?)" };
  }
  let o: unknown;
  try { o = JSON.parse(json); } catch { return { problem: "the link is damaged" }; }
  const r = o as { v?: unknown; text?: unknown; case?: unknown };
  if (!r || typeof r !== "object" || r.v !== 1 || typeof r.text !== "string") return { problem: "the link was made by another version of the playground" };
  const c = r.case && typeof r.case === "object" && !Array.isArray(r.case) ? (r.case as Record<string, unknown>) : {};
  return { text: r.text, case: c };
}
