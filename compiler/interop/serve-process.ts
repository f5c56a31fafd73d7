// `guide serve` as a child process, for the bench and the tests: in the CLI's arguments, out the URL it prints
// ("listening on http://127.0.0.1:PORT"), the child and its exit, or an error with everything it printed.
import { spawn, type ChildProcess } from "node:child_process";

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/** Start `node CLI serve …args` and wait (at most `timeoutMs`) until it says where it listens. */
export async function startServe(cli: string, args: string[], timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stderr!.on("data", (b: Buffer) => { err += b; });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (b: Buffer) => { out += b; const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]); });
      void exited.then((code) => reject(new Error(`guide serve exited ${code} before listening: ${out}${err}`)));
      timer = setTimeout(() => reject(new Error(`guide serve did not listen within ${timeoutMs / 1000} s: ${out}${err}`)), timeoutMs);
    });
    return { url, child, exited, stderr: () => err };
  } catch (e) {
    child.kill("SIGTERM");
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
