// Bundle the `guide` command line with esbuild: compiler/cli/main.ts -> bench/tmp/guide-cli.mjs (node, esm).
// main.ts runs itself when started as a file named guide-cli.mjs. Run alone: `npx tsx bench/build-cli.ts`.
import { build } from "esbuild";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI_OUT = "bench/tmp/guide-cli.mjs";

export async function buildCli(outfile = CLI_OUT): Promise<{ outfile: string; bytes: number; ms: number }> {
  const t = performance.now();
  await build({
    entryPoints: ["compiler/cli/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Some bundled CommonJS code calls require(); an ES module has none, so make one.
    banner: { js: 'import { createRequire as __guideCreateRequire } from "node:module"; const require = __guideCreateRequire(import.meta.url);' },
    // prettier is loaded lazily (only `compile` formats): leave it in node_modules so `check` does not parse it.
    external: ["prettier"],
    logLevel: "warning",
  });
  return { outfile, bytes: statSync(outfile).size, ms: performance.now() - t };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  console.log(`${r.outfile}: ${(r.bytes / 1024).toFixed(0)} KiB in ${r.ms.toFixed(0)} ms`);
}
