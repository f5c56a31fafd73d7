// The "Notice" tab: the current determination as the notice a reviewer sends (compiler/notice.ts), in plain text
// or Markdown, with a copy button. The same text `guide eval --notice` prints. textContent only.
import type { Determination } from "../runtime/decide.ts";
import type { Plan } from "../runtime/plan.ts";
import { notice, noticeMarkdown, noticeText } from "../compiler/notice.ts";
import { byId } from "./dom.ts";

let last: { d: Determination; plan: Plan } | undefined;
let why = "No determination yet.";
let wired = false;

function render(): void {
  const out = byId("notice-text");
  const markdown = byId<HTMLSelectElement>("notice-format").value === "markdown";
  out.textContent = last ? (markdown ? noticeMarkdown : noticeText)(notice(last.d, last.plan)) : why;
  out.dataset.outcome = last?.d.outcome ?? "none";
}

function wire(): void {
  if (wired) return;
  wired = true;
  byId("notice-format").addEventListener("change", render);
  byId("notice-copy").addEventListener("click", () => void copy());
}

async function copy(): Promise<void> {
  const text = byId("notice-text").textContent ?? "";
  const status = byId("notice-copy-status");
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    // Without clipboard permission: select the text so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(byId("notice-text"));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    status.textContent = document.execCommand("copy") ? "Copied." : "Selected: press Ctrl+C to copy.";
  }
  setTimeout(() => { status.textContent = ""; }, 2500);
}

/** Show the notice of a determination, or why there is none. */
export function showNotice(d: Determination | undefined, plan: Plan | undefined, reason = "No determination yet."): void {
  wire();
  last = d && plan ? { d, plan } : undefined;
  why = reason;
  render();
}
