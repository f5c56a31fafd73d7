// `guide check --watch`: check, then check again whenever a named file (or a .guide file in a named folder)
// changes, until interrupted. Folders are watched rather than files, so an editor that saves by writing a new
// file and renaming it over the old one is still seen. Changes within 100 ms are one re-check.
import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Out } from "./main.ts";

export function watchAndRerun(files: string[], run: () => Promise<number>, out: Out, signal?: AbortSignal): Promise<number> {
  return new Promise((done) => {
    const wanted = new Map<string, Set<string>>(); // folder -> the file names in it that matter
    for (const f of files) {
      const full = resolve(f);
      const dir = dirname(full);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(basename(full));
    }
    let last = 0, timer: NodeJS.Timeout | undefined, running = Promise.resolve();
    const rerun = () => {
      running = running.then(async () => {
        last = await run();
        out.stderr(`watching ${files.length} file${files.length === 1 ? "" : "s"} for changes (Ctrl-C stops)`);
      });
    };
    const watchers: FSWatcher[] = [];
    for (const [dir, names] of wanted) {
      try {
        watchers.push(watch(dir, (_event, name) => {
          if (name && !names.has(String(name))) return;
          clearTimeout(timer);
          timer = setTimeout(rerun, 100);
        }));
      } catch (e) {
        out.stderr(`guide: cannot watch ${dir}: ${(e as Error).message}`);
      }
    }
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off("SIGINT", stop).off("SIGTERM", stop);
      void running.then(() => done(last));
    };
    process.once("SIGINT", stop).once("SIGTERM", stop);
    signal?.addEventListener("abort", stop, { once: true });
    rerun();
  });
}
