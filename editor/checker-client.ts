// The page's side of the checker worker: text edits in (gathered within one task, numbered by version), the
// newest version's markers, then its CheckResponse, out. Stale answers are dropped; a worker that throws, dies or hangs is restarted.
/// <reference types="vite/client" />
import CheckerWorker from "./worker.ts?worker";
import type { CheckResponse, FromWorker, MarkersResponse, ToWorker } from "./protocol.ts";

export interface CheckerEvents {
  onResult(r: CheckResponse): void;
  /** The diagnostics of a version, ahead of its full result (which a newer text may replace). */
  onMarkers?(m: MarkersResponse): void;
  /** Status words for the page: "checking…", "restarted after …". */
  onStatus(text: string, kind: "busy" | "ok" | "warn"): void;
}

// Short: the worker checks one text at a time and the newest waits, so fast typing is not checked per key;
// the markers of a text come back as soon as it is checked (issue 15: keystroke to markers within 100 ms).
const DEBOUNCE_MS = 0;
const HANG_MS = 20_000;

export class CheckerClient {
  private worker!: Worker;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private latest = 0;
  private inFlight: number | undefined;
  private queued: { version: number; text: string } | undefined;
  restarts = 0;

  constructor(private readonly file: string, private readonly events: CheckerEvents) {
    this.start();
  }

  private start(): void {
    this.worker = new CheckerWorker();
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e: ErrorEvent) => { e.preventDefault(); this.restart(`the checker stopped (${e.message || "unknown error"})`); };
    this.worker.onmessageerror = () => this.restart("the checker sent a message that could not be read");
  }

  private restart(why: string): void {
    clearTimeout(this.watchdog);
    this.worker.terminate();
    this.restarts++;
    const failed = this.inFlight;
    this.inFlight = undefined;
    this.start();
    // Re-check only text newer than the one that failed, so a text that always crashes cannot loop.
    const retry = this.queued && (failed === undefined || this.queued.version > failed);
    this.events.onStatus(`Checker restarted: ${why}.${retry ? "" : " Edit the text to check it again."}`, "warn");
    if (retry) this.flush();
  }

  /** Ask for a check of this text; only the newest version's answer is shown. */
  update(version: number, text: string, immediate = false): void {
    this.latest = version;
    this.queued = { version, text };
    clearTimeout(this.timer);
    if (immediate) this.flush();
    else this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  /** Test hook: make the worker die. */
  crash(): void { this.send({ type: "crash" }); }

  private flush(): void {
    if (this.inFlight !== undefined || !this.queued) return; // one check at a time; the newest waits
    const { version, text } = this.queued;
    this.queued = undefined;
    this.inFlight = version;
    this.events.onStatus("Checking…", "busy");
    this.send({ type: "check", version, text, file: this.file });
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => { this.queued ??= { version, text }; this.restart(`checking took longer than ${HANG_MS / 1000} s`); }, HANG_MS);
  }

  private send(m: ToWorker): void { this.worker.postMessage(m); }

  private receive(m: FromWorker): void {
    if (m.type === "markers") {
      // The text is checked: the next one may go now (the worker then gives up this one's slower half).
      // The watchdog stays armed until the full result, so a hang there still restarts the worker.
      if (this.inFlight === m.version) this.inFlight = undefined;
      if (m.version === this.latest) this.events.onMarkers?.(m);
      this.flush();
      return;
    }
    clearTimeout(this.watchdog);
    this.inFlight = undefined;
    if (m.type === "crash") {
      this.restart(`the checker failed on this text (${m.message})`);
      return;
    }
    if (m.version === this.latest) this.events.onResult(m);
    this.flush();
  }
}
