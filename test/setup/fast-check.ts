// Every property test in `npm test` draws from one fixed seed, so the suite gives the same result on every run.
// A test's own `{ seed }` or `{ numRuns }` still wins; a failure report prints the seed and path to replay it.
// `npm run fuzz` (test/fuzz/run.ts) does not load this file: it keeps random seeds and prints each one.
import fc from "fast-check";

export const SUITE_SEED = 20261125;
/** The run count of a property that names none (fast-check's own default is also 100). */
export const DEFAULT_RUNS = 100;

// No `interruptAfterTimeLimit`: it is checked only between runs, so it cannot stop a run that loops, and it
// would make the number of runs (so the cases tried) depend on the machine's speed. The wall-clock guard of
// test/run-tests.mjs stops a hang instead.
fc.configureGlobal({ seed: SUITE_SEED, numRuns: DEFAULT_RUNS });
