// The `guide` command line (yargs). Exit codes: 0 ok, 1 findings (errors, failed tests, unformatted
// files, an invalid case), 2 usage or I/O error. `main` is callable in-process for tests.
import yargs from "yargs";
import { UsageError } from "./io.ts";
// Each command's module is imported when the command runs: `guide check` does not load the emitter,
// the formatter or the interpreter (under tsx, bin/guide.js, that also spares compiling them).

export interface Out { stdout(s: string): void; stderr(s: string): void }
const consoleOut: Out = { stdout: (s) => process.stdout.write(s + "\n"), stderr: (s) => process.stderr.write(s + "\n") };

export async function main(argv: string[], out: Out = consoleOut): Promise<number> {
  let code = 0;
  const run = (f: () => number | Promise<number>) => async () => { code = await f(); };
  let usage: string | undefined;
  // yargs reads `--case -` as an empty string and a stray `-`: keep the `-` (standard input) as the option's value.
  argv = argv.flatMap((a, i) => (a === "-" && argv[i - 1] === "--case" ? [] : a === "--case" && argv[i + 1] === "-" ? ["--case=-"] : [a]));
  const parser = yargs(argv)
    .scriptName("guide")
    .usage("$0 <command> [options]")
    .command("check <files..>", "Check guideline files and report every mistake", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("json", { type: "boolean", describe: "print diagnostics as JSON" })
      .option("strict", { type: "boolean", describe: "also run the analyses (dead rules, conflicts, gaps, unused declarations)" })
      .option("verbose", { type: "boolean", describe: "also show findings that interpretation notes explain" }),
      (a) => run(async () => (await import("./check.ts")).runCheck(a.files as string[], a, out))())
    .command("test <files..>", "Run every example of the guidelines", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("coverage", { type: "boolean", describe: "list rules and any-of items no example exercises, and the source's actionable sentences no rule cites" })
      .option("fail-uncovered", { type: "boolean", describe: "with --coverage: exit 1 when anything is not covered" })
      .option("verbose", { type: "boolean", describe: "list passing examples too" })
      .option("json", { type: "boolean" }),
      (a) => run(async () => (await import("./test-cmd.ts")).runTest(a.files as string[], a, out))())
    .command("eval <file>", "Decide one case", (y) => y
      .positional("file", { type: "string", demandOption: true })
      .option("case", { type: "string", demandOption: true, describe: "a Case JSON file (- for standard input)" })
      .option("json", { type: "boolean", describe: "print the determination as JSON" })
      .option("explain", { type: "boolean", describe: "print a plain-language rationale" })
      .option("trace", { type: "boolean", describe: "include every condition evaluated" }),
      (a) => run(async () => (await import("./eval.ts")).runEval(a.file as string, a, out))())
    .command("compile <files..>", "Compile guidelines to TypeScript modules and JSON Schemas", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("out", { type: "string", demandOption: true, describe: "output folder" }),
      (a) => run(async () => (await import("./compile-cmd.ts")).runCompile(a.files as string[], a.out as string, out))())
    .command("schema <file>", "Print the JSON Schema of the guideline's Case", (y) => y
      .positional("file", { type: "string", demandOption: true }),
      (a) => run(async () => (await import("./schema-cmd.ts")).runSchema(a.file as string, out))())
    .command("fmt <files..>", "Print guideline files in the canonical layout", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("check", { type: "boolean", describe: "list files that are not formatted (exit 1 if any)" })
      .option("write", { type: "boolean", describe: "rewrite the files in place" })
      .conflicts("check", "write"),
      (a) => run(async () => (await import("./fmt.ts")).runFmt(a.files as string[], a, out))())
    .demandCommand(1, "Name a command: check, test, eval, compile, schema or fmt.")
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => { usage = msg ?? err?.message ?? "usage error"; });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) { out.stderr(`guide: ${e.message}`); return 2; }
    if (usage === undefined) { out.stderr(`guide: internal error: ${(e as Error).message}`); return 2; }
  }
  if (usage !== undefined) { out.stderr(`guide: ${usage}\nRun 'guide --help' for the commands.`); return 2; }
  return code;
}

const isEntry = process.argv[1] && /(?:^|[\\/])(main\.ts|guide-cli\.mjs)$/.test(process.argv[1]);
if (isEntry) main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
