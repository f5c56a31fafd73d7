// The one way the browser tests open the playground: build it with vite into their own folder, serve it with
// vite preview on a free port, and drive Debian's chromium through playwright-core with the flags that work here.
import { build, preview, type PreviewServer } from "vite";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
export const shots = join(root, "test/out/screenshots");
const configFile = join(root, "editor/vite.config.ts");

/** What the harness reads of the page's test hook (each test file declares the rest it uses). */
interface CheckHook { __playground?: { lastResult(): { version: number } | undefined; editor: { getModel(): { getVersionId(): number } } } }

/** Wait until the checker has answered for the editor's current version. */
export async function checkedIn(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => {
    const p = (window as unknown as CheckHook).__playground;
    return p !== undefined && p.lastResult()?.version === p.editor.getModel().getVersionId();
  }, undefined, { timeout });
}

export interface Playground { server: PreviewServer; context: BrowserContext; page: Page; consoleErrors: string[]; close(): Promise<void> }

/** Build, serve and open the playground, and wait for its first check; `name` keeps each test file's build and
 *  browser profile apart. */
export async function openPlayground(name: string, viewport = { width: 1280, height: 800 }): Promise<Playground> {
  const outDir = join(root, `test/out/${name}-build`);
  mkdirSync(shots, { recursive: true });
  await build({ configFile, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0 } });
  const profile = mkdtempSync(join(tmpdir(), `guide-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, viewport,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview gave no URL");
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as CheckHook).__playground?.lastResult() !== undefined, undefined, { timeout: 30_000 });
  return {
    server, context, page, consoleErrors,
    async close() {
      await context.close();
      await new Promise<void>((done) => (server.httpServer ? server.httpServer.close(() => done()) : done()));
      rmSync(profile, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
