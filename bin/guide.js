#!/usr/bin/env node
// The `guide` command: runs the TypeScript CLI through tsx's loader (no build step needed).
import { register } from "tsx/esm/api";
register();
// A closed pipe (guide … | head) ends the output quietly, not with a stack trace.
process.stdout.on("error", (e) => { if (e.code === "EPIPE") process.exit(process.exitCode ?? 0); throw e; });
const { main } = await import("../compiler/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
