// The page's side of the checker worker: text edits in (debounced ~150 ms, numbered by version), the
// newest CheckResponse out. Stale answers are dropped; a worker that throws, dies or hangs is restarted.
/// <reference types="vite/client" />
import CheckerWorker from "./worker.ts?worker";
import type { CheckResponse, FromWorker, ToWorker } from "./protocol.ts";

export interface CheckerEvents {
  onResult(r: CheckResponse): void;
  /** Status words for the page: "checking…", "restarted after …". */
  onStatus(text: string, kind: "busy" | "ok" | "warn"): void;
}

const DEBOUNCE_MS = 150;
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
