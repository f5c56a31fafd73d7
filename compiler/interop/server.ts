// The HTTP edge of the CRD/DTR service (node:http): routes, bodies, errors and the clock. Everything it answers is
// made by the pure functions of crd.ts and dtr.ts from the request and today's date, which is read here and only here.
//   GET  /cds-services                     discovery
//   POST /cds-services/<id>                order-sign
//   POST /Questionnaire/$next-question     DTR adaptive questions
//   GET  /Questionnaire/<id>               the guideline's questionnaire
//   GET  /sections/<id>                    a section's sentences (the links of cards and coverage information)
// Errors are JSON `{error, message}` with a plain message, never a stack trace; CORS is open, as CDS Hooks clients in a
// browser need. No authentication: it listens on 127.0.0.1 by default and is meant for a payer's own front end.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { discovery, orderSign, sectionText, serviceIdOf, type Reply, type ServiceConfig } from "./crd.ts";

/** The most read of a request body: a CDS Hooks request with its prefetch, or a QuestionnaireResponse. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Today's date on this machine's calendar (YYYY-MM-DD): the one place the service reads the clock. */
export function localToday(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Optional endpoints made elsewhere (the questionnaire and $next-question), plugged in by the caller. */
export interface Extras {
  nextQuestion?: (body: unknown, asOf: string) => Reply;
  questionnaire?: (id: string) => Reply | undefined;
}

const json = (status: number, code: string, message: string): Reply => ({ status, body: { error: code, message } });

/** The answer to one request, without any I/O: method, path, body text and today's date in; status and JSON out. */
export function route(c: ServiceConfig, method: string, rawPath: string, text: string, asOf: string, extras: Extras = {}): Reply {
  const path = rawPath.split("?")[0].replace(/\/+$/, "") || "/";
  const parse = (): { ok: true; value: unknown } | { ok: false; reply: Reply } => {
    if (!text.trim()) return { ok: false, reply: json(400, "invalid-request", "The request has no body: send the JSON request.") };
    try { return { ok: true, value: JSON.parse(text) }; } catch (e) {
      return { ok: false, reply: json(400, "invalid-json", `The request body is not valid JSON (${(e as Error).message}).`) };
    }
  };
  if (path === "/cds-services") {
    return method === "GET" ? { status: 200, body: discovery(c) } : json(405, "method-not-allowed", "Use GET for the discovery document.");
  }
  const service = /^\/cds-services\/([^/]+)$/.exec(path);
  if (service) {
    if (decodeURIComponent(service[1]) !== serviceIdOf(c)) return json(404, "unknown-service", `There is no CDS service ${JSON.stringify(decodeURIComponent(service[1]))} here; GET /cds-services lists ${JSON.stringify(serviceIdOf(c))}.`);
    if (method !== "POST") return json(405, "method-not-allowed", "Use POST to call a CDS service.");
    const b = parse();
    return b.ok ? orderSign(c, b.value, asOf) : b.reply;
  }
  if (path === "/Questionnaire/$next-question") {
    if (method !== "POST") return json(405, "method-not-allowed", "Use POST for $next-question.");
    if (!extras.nextQuestion) return json(501, "not-implemented", "$next-question is not available on this server.");
    const b = parse();
    return b.ok ? extras.nextQuestion(b.value, asOf) : b.reply;
  }
  const q = /^\/Questionnaire\/([^/$]+)$/.exec(path);
  if (q && method === "GET") {
    const r = extras.questionnaire?.(decodeURIComponent(q[1]));
    return r ?? json(404, "not-found", `There is no Questionnaire ${JSON.stringify(decodeURIComponent(q[1]))} here.`);
  }
  const s = /^\/sections\/([^/]+)$/.exec(path);
  if (s && method === "GET") {
    const t = sectionText(c.model.plan, decodeURIComponent(s[1]));
    return t === undefined ? json(404, "not-found", `${c.model.plan.guideline.id} has no section ${JSON.stringify(decodeURIComponent(s[1]))}.`) : { status: 200, body: t, contentType: "text/plain; charset=utf-8" };
  }
  return json(404, "not-found", `Nothing is served at ${path}: try GET /cds-services.`);
}

export interface ServeOptions {
  host?: string;
  /** 0 (or absent): a free port. */
  port?: number;
  /** Today's date; the default reads the machine's clock on every request. */
  today?: () => string;
  extras?: Extras;
  /** Builds the config once the port is known (the base URL depends on it). */
  config: (baseUrl: string) => ServiceConfig;
}

export interface Running { server: Server; url: string; port: number; host: string; config: ServiceConfig; close(): Promise<void> }

/** Start the service; resolves once it listens, with its URL (the port chosen when 0 was asked). */
export function serve(o: ServeOptions): Promise<Running> {
  const host = o.host ?? "127.0.0.1";
  const today = o.today ?? (() => localToday());
  let config: ServiceConfig | undefined;
  const server = createServer((req, res) => { handle(req, res).catch(() => send(res, json(500, "internal", "Internal error: the request could not be answered."))); });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "OPTIONS") { res.writeHead(204, CORS); res.end(); return; }
    const body = await readBody(req);
    if (body === undefined) { send(res, json(413, "too-large", `The request body is larger than ${MAX_BODY_BYTES / 1048576} MB.`)); return; }
    let reply: Reply;
    try { reply = route(config!, req.method ?? "GET", req.url ?? "/", body, today(), o.extras); } catch {
      reply = json(500, "internal", "Internal error: the request could not be answered.");
    }
    send(res, reply);
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, host, () => {
      server.off("error", reject);
      const port = (server.address() as AddressInfo).port;
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      config = o.config(url);
      resolve({
        server, url, port, host, config,
        close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type, Authorization" };

function send(res: ServerResponse, r: Reply): void {
  if (res.headersSent) { res.end(); return; }
  const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, { ...CORS, "Content-Type": r.contentType ?? "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  res.end(text);
}

/** The body as UTF-8 text, or undefined when it passes the limit (the rest is not read). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0, over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) { over = true; resolve(undefined); req.resume(); return; }
      chunks.push(c);
    });
    req.on("end", () => { if (!over) resolve(Buffer.concat(chunks).toString("utf8")); });
    req.on("error", reject);
  });
}
