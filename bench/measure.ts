// Timing helpers for bench/run.ts: in functions to time, out medians over repetitions. Variants timed
// together are interleaved (A B C, B C A, …) in one process so a noisy neighbour hits them all alike.
export const progress = (msg: string): void => { process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`); };

/** Stop the run: what failed, the input it failed on, and what was got (stderr; exit status 1). */
export function fail(what: string, input: unknown, got: Record<string, unknown>): never {
  process.stderr.write(`\nBENCH FAILED: ${what} disagree on case\n${JSON.stringify(input)}\n${JSON.stringify(got, null, 2)}\n`);
  process.exit(1);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Milliseconds per repetition for each variant: one warm-up round (not counted), then `reps` rounds. */
export async function timeVariants(variants: Record<string, () => unknown | Promise<unknown>>, reps: number, label: string): Promise<Record<string, { medianMs: number; runsMs: number[] }>> {
  const names = Object.keys(variants);
  const runs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round <= reps; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      const t = now();
      const r = variants[name]();
      if (r instanceof Promise) await r;
      const dt = now() - t;
      if (round > 0) runs[name].push(dt);
    }
    progress(`${label}: round ${round}/${reps}${round === 0 ? " (warm-up)" : ""}`);
  }
  return Object.fromEntries(names.map((n) => [n, { medianMs: median(runs[n]), runsMs: runs[n].map((x) => Math.round(x * 1000) / 1000) }]));
}

/** Median milliseconds of `f` over `reps` calls after `warm` uncounted calls (for short, single operations). */
export async function timeOne(f: () => unknown | Promise<unknown>, reps: number, warm: number): Promise<{ medianMs: number; runsMs: number[] }> {
  for (let i = 0; i < warm; i++) await f();
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = now();
    await f();
    runs.push(now() - t);
  }
  return { medianMs: median(runs), runsMs: runs.map((x) => Math.round(x * 1000) / 1000) };
}
