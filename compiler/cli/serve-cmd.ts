// `guide serve FILE [--port N] [--host H] [--insurer NAME] [--base-url URL] [--as-of DATE]`: the guideline as a Da Vinci CRD service
// (CDS Hooks order-sign) with DTR's $next-question, on 127.0.0.1 by default. Prints the URL it listens on (the port
// chosen when --port 0), then serves until interrupted; exit 0 on SIGINT/SIGTERM, 1 when the guideline has errors.
import { loadChecked } from "./io.ts";
import { UsageError } from "./usage-error.ts";
import type { Out } from "./main.ts";
import { serve } from "../interop/server.ts";
import { serviceIdOf, type ServiceConfig } from "../interop/crd.ts";
import { serviceExtras } from "../interop/dtr.ts";

export interface ServeCmdOptions { port?: number; host?: string; insurer?: string; baseUrl?: string; asOf?: string }

export async function runServe(file: string, opts: ServeCmdOptions, out: Out, signal?: AbortSignal): Promise<number> {
  const port = opts.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, not ${opts.port}.`);
  if (opts.baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(opts.baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, not ${JSON.stringify(opts.baseUrl)}.`);
  if (opts.asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf) || Number.isNaN(Date.parse(`${opts.asOf}T00:00:00Z`)) || new Date(`${opts.asOf}T00:00:00Z`).toISOString().slice(0, 10) !== opts.asOf)) {
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not ${JSON.stringify(opts.asOf)}.`);
  }
  const g = loadChecked(file, "cannot serve", out.stderr);
  if (!g) return 1;
  const model = g.model;
  let config: ServiceConfig | undefined;
  const running = await serve({
    host: opts.host ?? "127.0.0.1",
    port,
    ...(opts.asOf ? { today: () => opts.asOf! } : {}),
    config: (url) => (config = { model, insurer: opts.insurer ?? "Guideline DSL example payer", baseUrl: opts.baseUrl ?? url }),
    extras: serviceExtras(() => config!),
  }).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(e.code === "EADDRINUSE" ? `port ${port} is in use on ${opts.host ?? "127.0.0.1"}; pick another with --port (0 picks a free one).`
      : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" ? `cannot listen on ${opts.host}: no such address on this machine.`
      : `cannot listen: ${e.message}`);
  });
  const g2 = model.plan.guideline;
  out.stdout(`guide serve: ${g2.id}${g2.version ? ` ${g2.version}` : ""} listening on ${running.url}${opts.asOf ? ` (deciding as of ${opts.asOf})` : ""}`);
  out.stdout(`  GET  ${running.url}/cds-services`);
  out.stdout(`  POST ${running.url}/cds-services/${serviceIdOf(config!)}   (order-sign)`);
  out.stdout(`  POST ${running.url}/Questionnaire/$next-question`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { process.off("SIGINT", stop).off("SIGTERM", stop); resolve(); };
    process.once("SIGINT", stop).once("SIGTERM", stop);
    signal?.addEventListener("abort", stop, { once: true });
  });
  await running.close();
  return 0;
}
