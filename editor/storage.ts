// The author's work kept in this browser: the guideline text and the case under trial, by key, in
// localStorage. Out: the saved strings, or undefined when nothing is saved or storage is unavailable.
const PREFIX = "guide-playground:";

export function loadSaved(key: string): string | undefined {
  try { return localStorage.getItem(PREFIX + key) ?? undefined; } catch { return undefined; }
}

/** Save; false when the browser refuses (private mode, quota). */
export function save(key: string, value: string): boolean {
  try { localStorage.setItem(PREFIX + key, value); return true; } catch { return false; }
}

export function forget(key: string): void {
  try { localStorage.removeItem(PREFIX + key); } catch { /* nothing saved, nothing to forget */ }
}

/** Offer a text as a file download. */
export function download(name: string, text: string, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
