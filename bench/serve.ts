// The CRD/DTR service as a client meets it: `guide serve` started as a process on 127.0.0.1 (a free port, deciding as
// of the gallery's date), then, over HTTP with keep-alive:
//   order-sign     three requests interleaved (CPT 72148 without facts: pend; an adult: not-applicable; a documented
//                  fever: deny with a card), median latency, target < 500 ms (CRD allows 5 s)
//   $next-question the adaptive loop of every gallery case, answered from the case, each call timed, target < 100 ms
//                  (DTR allows 1 s after the first)
//   load           bursts of 50 concurrent order-sign requests: every answer 200 and identical to the sequential
//                  answer to the same request (no error, no changed determination), with the latency under load
// Loopback only. Alone: `npx tsx bench/serve.ts [--reps N] [--cli PATH]` prints the table and writes
// bench/serve-results.json; bench/run.ts (npm run bench) calls measureServe for its service rows.
import { startServe } from "../compiler/interop/serve-process.ts";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { loadGuide } from "../compiler/cli/io.ts";
import { responseFromCase } from "../runtime/fhir.ts";
import type { Plan } from "../runtime/plan.ts";

const GUIDE = "guidelines/pedsp/pedsp.guide";
const AS_OF = "2026-11-25";
const EXAMPLE = "examples/interop/order-sign-72148.json";
export const ORDER_SIGN_TARGET_MS = 500;
export const NEXT_QUESTION_TARGET_MS = 100;

export interface Latency { medianMs: number; p90Ms: number; maxMs: number; n: number }
export interface ServeResult {
  command: string; node: string; loadavg: number[]; reps: number;
  startMs: number;
  firstOrderSignMs: number;
  orderSign: Latency & { byRequest: Record<string, Latency> };
  nextQuestion: Latency & { loops: number; callsPerLoop: number; firstCallMs: Latency };
  load: { concurrency: number; bursts: number; requests: number; errors: number; changed: number; burstMs: number[]; perRequest: Latency; vsSequential: number; requestsPerSec: number };
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x: number): number => Math.round(x * 100) / 100;
/** A ratio in words a table can show: two significant digits below 0.1 (0.0047×), else two decimals. */
const times = (x: number): string => `${x < 0.1 ? Number(x.toPrecision(2)) : round(x)}×`;
function latency(xs: number[]): Latency {
  const s = [...xs].sort((a, b) => a - b);
  return { medianMs: round(median(s)), p90Ms: round(s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]), maxMs: round(s[s.length - 1]), n: s.length };
}
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The three order-sign requests: the example as it is, an adult (not-applicable), a 10-year-old with a fever (deny). */
function orderSignRequests(): Record<string, unknown> {
  const base = JSON.parse(readFileSync(EXAMPLE, "utf8"));
  const adult = structuredClone(base);
  adult.prefetch.patient.birthDate = "2000-03-01";
  const fever = structuredClone(base);
  fever.prefetch.patient.birthDate = "2016-01-01";
  fever.prefetch.temperatures = { resourceType: "Bundle", type: "searchset", entry: [{ resource: {
    resourceType: "Observation", id: "t1", status: "final", code: { coding: [{ system: "http://loinc.org", code: "8310-5" }] },
    effectiveDateTime: "2026-11-24T09:00:00Z", valueQuantity: { value: 102, unit: "°F", system: "http://unitsofmeasure.org", code: "[degF]" },
  } }] };
  return { pend: base, "not-applicable": adult, deny: fever };
}

interface Gallery { case: { asOf: string; patient: { birthDate: string }; request: { cpt: string; indication?: string }; facts: Record<string, unknown>; documentation?: string } }

/** One adaptive loop for a gallery case: each call's milliseconds (the client's answering is not timed). */
async function adaptiveLoop(url: string, plan: Plan, g: Gallery["case"]): Promise<number[]> {
  const items = g.request.indication ? responseFromCase(plan, { asOf: g.asOf, patient: g.patient, request: g.request, facts: {} }).item ?? [] : [];
  let qr: any = {
    resourceType: "QuestionnaireResponse", status: "in-progress", item: items,
    contained: [
      { resourceType: "ServiceRequest", id: "sr", status: "draft", intent: "order", code: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: g.request.cpt }] }, subject: { reference: "#pt" } },
      { resourceType: "Patient", id: "pt", birthDate: g.patient.birthDate },
      { resourceType: "Coverage", id: "cov", status: "active", beneficiary: { reference: "#pt" }, payor: [{ display: "Bench Plan" }] },
    ],
  };
  const asked = new Set<string>(["indication"]);
  const times: number[] = [];
  for (let call = 0; call < 30; call++) {
    const t = now();
    const res = await fetch(`${url}/Questionnaire/$next-question`, { method: "POST", headers: { "Content-Type": "application/fhir+json" }, body: JSON.stringify(qr) });
    const json = await res.json() as any;
    times.push(now() - t);
    if (res.status !== 200) throw new Error(`$next-question answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
    if (json.status === "completed") return times;
    const fresh = (json.contained.find((r: any) => r.resourceType === "Questionnaire").item as any[]).map((it) => it.linkId).filter((id: string) => !asked.has(id));
    if (!fresh.length) throw new Error("$next-question asked nothing new and did not complete");
    const answers: any[] = [];
    for (const f of fresh) {
      asked.add(f);
      if (!Object.hasOwn(g.facts, f)) continue;
      const r = responseFromCase(plan, { asOf: g.asOf, patient: g.patient, request: g.request, facts: { [f]: g.facts[f] } });
      const walk = (xs: any[]): void => { for (const x of xs) { if (x.linkId === f) answers.push(x); walk(x.item ?? []); } };
      walk(r.item ?? []);
    }
    qr = { ...json, item: [...(json.item ?? []), ...answers] };
  }
  throw new Error("the adaptive loop did not end within 30 calls");
}

export async function measureServe(o: { reps?: number; cli?: string; concurrency?: number; bursts?: number; progress?: (s: string) => void } = {}): Promise<ServeResult> {
  const reps = o.reps ?? 51, concurrency = o.concurrency ?? 50, bursts = o.bursts ?? 5, cli = o.cli ?? "bin/guide.js";
  const say = o.progress ?? ((s: string) => process.stderr.write(`[serve] ${s}\n`));
  const plan = loadGuide(GUIDE).model!.plan;
  const serveArgs = [GUIDE, "--port", "0", "--host", "127.0.0.1", "--as-of", AS_OF, "--insurer", "Bench Plan"];
  const started = now();
  const { url, child, exited, stderr } = await startServe(cli, serveArgs);
  try {
    const startMs = now() - started;
    say(`guide serve listening on ${url} after ${Math.round(startMs)} ms`);
    const requests = orderSignRequests();
    const names = Object.keys(requests);
    const bodies = Object.fromEntries(names.map((n) => [n, JSON.stringify(requests[n])]));
    const sign = async (name: string): Promise<{ ms: number; status: number; text: string }> => {
      const t = now();
      const res = await fetch(`${url}/cds-services/pedsp-crd`, { method: "POST", headers: { "Content-Type": "application/json" }, body: bodies[name] });
      const text = await res.text();
      return { ms: now() - t, status: res.status, text };
    };

    // order-sign: the first call (cold), a warm-up, then `reps` rounds of the three requests, interleaved.
    const first = await sign("pend");
    if (first.status !== 200) throw new Error(`order-sign answered ${first.status}: ${first.text.slice(0, 300)}`);
    for (let i = 0; i < 5; i++) for (const n of names) await sign(n);
    const byName: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const reference: Record<string, string> = {};
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < names.length; i++) {
        const n = names[(i + r) % names.length];
        const x = await sign(n);
        if (x.status !== 200) throw new Error(`order-sign ${n} answered ${x.status}: ${x.text.slice(0, 300)}`);
        if (reference[n] !== undefined && reference[n] !== x.text) throw new Error(`order-sign ${n} answered differently on the same request`);
        reference[n] = x.text;
        byName[n].push(x.ms);
      }
    }
    const outcomes = Object.fromEntries(names.map((n) => [n, JSON.parse(reference[n]).cards.length ? "card" : "no card"]));
    say(`order-sign: ${reps} rounds of ${names.join(", ")} (${JSON.stringify(outcomes)})`);

    // $next-question: the adaptive loop of every gallery case, passes until `reps` calls at least.
    const gallery = readdirSync("examples/cases").filter((f) => f.endsWith(".json")).sort().map((f) => (JSON.parse(readFileSync(`examples/cases/${f}`, "utf8")) as Gallery).case);
    for (const g of gallery.slice(0, 3)) await adaptiveLoop(url, plan, g); // warm-up
    const calls: number[] = [], firstCalls: number[] = [];
    let loops = 0;
    while (calls.length < reps) {
      for (const g of gallery) { const t = await adaptiveLoop(url, plan, g); calls.push(...t); firstCalls.push(t[0]); loops++; }
    }
    say(`$next-question: ${calls.length} calls in ${loops} loops`);

    // Load: bursts of `concurrency` order-sign requests at once, the three requests in turn.
    const burstMs: number[] = [], perRequest: number[] = [];
    let errors = 0, changed = 0;
    for (let b = 0; b < bursts; b++) {
      const t = now();
      const results = await Promise.all(Array.from({ length: concurrency }, (_, i) => names[i % names.length]).map(async (n) => {
        try { return { n, ...(await sign(n)) }; } catch (e) { return { n, ms: NaN, status: 0, text: String(e) }; }
      }));
      burstMs.push(now() - t);
      for (const r of results) {
        if (r.status !== 200) { errors++; continue; }
        perRequest.push(r.ms);
        if (r.text !== reference[r.n]) changed++;
      }
    }
    say(`load: ${bursts} bursts of ${concurrency}: ${errors} errors, ${changed} changed`);
    const all = Object.values(byName).flat();
    const seq = latency(all);
    const under = latency(perRequest);
    return {
      command: `node ${[cli, "serve", ...serveArgs].join(" ")}`, node: process.version, loadavg: os.loadavg().map(round), reps,
      startMs: round(startMs),
      firstOrderSignMs: round(first.ms),
      orderSign: { ...seq, byRequest: Object.fromEntries(names.map((n) => [n, latency(byName[n])])) },
      nextQuestion: { ...latency(calls), loops, callsPerLoop: round(calls.length / loops), firstCallMs: latency(firstCalls) },
      load: {
        concurrency, bursts, requests: concurrency * bursts, errors, changed, burstMs: burstMs.map(round), perRequest: under,
        vsSequential: round(under.medianMs / seq.medianMs), requestsPerSec: Math.round((concurrency * bursts) / (burstMs.reduce((a, b) => a + b, 0) / 1000)),
      },
    };
  } finally {
    child.kill("SIGTERM");
    const code = await exited;
    if (code !== 0 && code !== null) say(`guide serve exited ${code}: ${stderr()}`);
  }
}

/** The service's rows of the benchmark table: measure, result, note. */
export function serveRows(r: ServeResult): string[][] {
  const ok = (met: boolean): string => (met ? "met" : "**missed**");
  const byReq = Object.entries(r.orderSign.byRequest).map(([n, l]) => `${n} ${l.medianMs} ms`).join(", ");
  return [
    ["CRD `order-sign` over HTTP (`guide serve`, 127.0.0.1)", `${r.orderSign.medianMs} ms median (p90 ${r.orderSign.p90Ms} ms)`, `${times(r.orderSign.medianMs / ORDER_SIGN_TARGET_MS)} the ${ORDER_SIGN_TARGET_MS} ms target: ${ok(r.orderSign.medianMs < ORDER_SIGN_TARGET_MS)}; ${byReq}; first call ${r.firstOrderSignMs} ms; ${r.orderSign.n} calls`],
    ["DTR `$next-question` over HTTP", `${r.nextQuestion.medianMs} ms median (p90 ${r.nextQuestion.p90Ms} ms)`, `${times(r.nextQuestion.medianMs / NEXT_QUESTION_TARGET_MS)} the ${NEXT_QUESTION_TARGET_MS} ms target: ${ok(r.nextQuestion.medianMs < NEXT_QUESTION_TARGET_MS)}; ${r.nextQuestion.n} calls in ${r.nextQuestion.loops} adaptive loops of the gallery (${r.nextQuestion.callsPerLoop} calls each); a loop's first call ${r.nextQuestion.firstCallMs.medianMs} ms`],
    [`${r.load.concurrency} concurrent \`order-sign\` requests`, `${r.load.errors} errors, ${r.load.changed} changed determinations of ${r.load.requests}`, `${ok(r.load.errors === 0 && r.load.changed === 0)}; ${r.load.bursts} bursts of ${median(r.load.burstMs).toFixed(0)} ms (median), ${r.load.requestsPerSec} requests/s; latency under load ${r.load.perRequest.medianMs} ms median (${times(r.load.vsSequential)} one at a time), max ${r.load.perRequest.maxMs} ms`],
  ];
}

export function serveTargets(r: ServeResult): { target: string; value: string; met: boolean }[] {
  return [
    { target: `order-sign median < ${ORDER_SIGN_TARGET_MS} ms (guide serve, loopback)`, value: `${r.orderSign.medianMs} ms`, met: r.orderSign.medianMs < ORDER_SIGN_TARGET_MS },
    { target: `$next-question median < ${NEXT_QUESTION_TARGET_MS} ms (guide serve, loopback)`, value: `${r.nextQuestion.medianMs} ms`, met: r.nextQuestion.medianMs < NEXT_QUESTION_TARGET_MS },
    { target: `${r.load.concurrency} concurrent order-sign: no error, no changed determination`, value: `${r.load.errors} errors, ${r.load.changed} changed of ${r.load.requests}`, met: r.load.errors === 0 && r.load.changed === 0 },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = (flag: string): string | undefined => { const i = process.argv.indexOf(flag); return i >= 0 ? process.argv[i + 1] : undefined; };
  const reps = Number(at("--reps") ?? 51);
  const r = await measureServe({ reps, cli: at("--cli") });
  const rows = serveRows(r);
  process.stdout.write(`Node ${r.node}, load ${r.loadavg.join(" ")}; \`${r.command}\`, started in ${r.startMs} ms.\n\n| measure | result | note |\n|---|---|---|\n${rows.map((x) => `| ${x.join(" | ")} |`).join("\n")}\n`);
  writeFileSync("bench/serve-results.json", JSON.stringify(r, null, 2) + "\n");
  process.stderr.write("[serve] wrote bench/serve-results.json\n");
  const missed = serveTargets(r).filter((t) => !t.met);
  process.exitCode = missed.length ? 1 : 0;
}
