// The `guide` command line (yargs). Exit codes: 0 ok, 1 findings (errors, failed tests, unformatted
// files, an invalid case), 2 usage or I/O error. `main` is callable in-process for tests.
import yargs from "yargs";
import { UsageError } from "./usage-error.ts";
import { expandFiles, STDIN_TOKEN } from "./files.ts";
import { colorWanted } from "./report.ts";
import { guideVersion } from "./version.ts";
// Each command's module is imported when the command runs: `guide check` does not load the emitter,
// the formatter or the interpreter (under tsx, bin/guide.js, that also spares compiling them).

/** Where a command writes; `color` allows ANSI colour in text output (a terminal without NO_COLOR). */
export interface Out { stdout(s: string): void; stderr(s: string): void; color?: boolean }
const consoleOut: Out = { stdout: (s) => process.stdout.write(s + "\n"), stderr: (s) => process.stderr.write(s + "\n"), color: colorWanted(process.stdout) };

/** `--format` for commands whose only forms are text and JSON; `--json` stays as its short form. */
const TEXT_OR_JSON = ["text", "json"] as const;
const formatOf = (a: { format?: string; json?: boolean }): "text" | "json" => (a.format === "json" || a.json ? "json" : "text");

export async function main(argv: string[], out: Out = consoleOut): Promise<number> {
  let code = 0;
  // A handler only records its command; the command runs after yargs has validated every option (strict), so an
  // unknown or conflicting option is a usage error before anything is read or written.
  let pending: (() => number | Promise<number>) | undefined;
  const run = (f: () => number | Promise<number>) => () => { pending = f; };
  let usage: string | undefined;
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) { out.stdout(guideVersion()); return 0; }
  // yargs reads `--case -` as an empty string and a stray `-`: keep the `-` (standard input) as the option's value.
  argv = argv.flatMap((a, i) => (a === "-" && argv[i - 1] === "--case" ? [] : a === "--case" && argv[i + 1] === "-" ? ["--case=-"] : [a]));
  // yargs drops a lone `-` among positionals: carry it through as a token no path can be, and turn it back in expandFiles.
  argv = argv.map((a) => (a === "-" ? STDIN_TOKEN : a));
  const parser = yargs(argv)
    .scriptName("guide")
    .usage("$0 <command> [options]")
    .command("check <files..>", "Check guideline files (- for standard input, folders, quoted globs) and report every mistake", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("format", { choices: ["text", "json", "github", "sarif"] as const, describe: "text, JSON, GitHub workflow annotations or SARIF 2.1.0" })
      .option("json", { type: "boolean", describe: "print diagnostics as JSON (--format json)" })
      .conflicts("json", "format")
      .option("watch", { type: "boolean", describe: "check again whenever a file changes (until interrupted)" })
      .option("strict", { type: "boolean", describe: "also run the analyses (dead rules, conflicts, gaps, unused declarations)" })
      .option("verbose", { type: "boolean", describe: "also show findings that interpretation notes explain" }),
      (a) => run(async () => {
        const files = expandFiles(a.files as string[]);
        const { runCheck } = await import("./check.ts");
        const opts = { ...a, format: a.format ?? (a.json ? "json" : "text") };
        if (!a.watch) return runCheck(files, opts, out);
        if (files.includes("-")) throw new UsageError("--watch cannot watch standard input (-).");
        return (await import("./watch.ts")).watchAndRerun(files, () => runCheck(files, opts, out), out);
      })())
    .command("test <files..>", "Run every example of the guidelines", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("coverage", { type: "boolean", describe: "list rules and any-of items no example exercises, and the source's actionable sentences no rule cites" })
      .option("fail-uncovered", { type: "boolean", describe: "with --coverage: exit 1 when anything is not covered" })
      .option("verbose", { type: "boolean", describe: "list passing examples too" })
      .option("format", { choices: TEXT_OR_JSON })
      .option("json", { type: "boolean", describe: "--format json" })
      .conflicts("json", "format"),
      (a) => run(async () => (await import("./test-cmd.ts")).runTest(expandFiles(a.files as string[]), { ...a, json: formatOf(a) === "json" }, out))())
    .command("eval <file>", "Decide one case", (y) => y
      .positional("file", { type: "string", demandOption: true })
      .option("case", { type: "string", demandOption: true, describe: "a Case JSON file (- for standard input)" })
      .option("format", { choices: ["text", "json", "markdown"] as const, describe: "markdown: with --notice only" })
      .option("json", { type: "boolean", describe: "print the determination as JSON (--format json)" })
      .conflicts("json", "format")
      .option("explain", { type: "boolean", describe: "print a plain-language rationale" })
      .option("notice", { type: "boolean", describe: "print the determination notice (text, --format markdown or json)" })
      .conflicts("notice", "explain")
      .option("trace", { type: "boolean", describe: "include every condition evaluated" }),
      (a) => run(async () => {
        if (a.format === "markdown" && !a.notice) throw new UsageError("--format markdown needs --notice.");
        return (await import("./eval.ts")).runEval(a.file as string, { ...a, json: formatOf(a) === "json", markdown: a.format === "markdown" }, out);
      })())
    .command("compile <files..>", "Compile guidelines to TypeScript modules and JSON Schemas", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("out", { type: "string", demandOption: true, describe: "output folder" })
      .option("target", { choices: ["ts", "js"] as const, default: "ts" as const, describe: "ts: NAME.ts; js: NAME.js + NAME.d.ts (plain Node, tsc-built apps)" })
      .option("format", { choices: TEXT_OR_JSON, describe: "json: the files written, on standard output" }),
      (a) => run(async () => (await import("./compile-cmd.ts")).runCompile(expandFiles(a.files as string[], { stdin: false }), a.out as string, out, { target: a.target, format: formatOf(a) }))())
    .command("diff <old> <new>", "What a new version of a guideline changes: structure, and every region of cases decided differently", (y) => y
      .positional("old", { type: "string", demandOption: true })
      .positional("new", { type: "string", demandOption: true })
      .option("json", { type: "boolean", describe: "print the whole diff as JSON (every region with its cases)" })
      .option("cases", { type: "boolean", describe: "print each group's example case as JSON" }),
      (a) => run(async () => (await import("./diff-cmd.ts")).runDiff(a.old as string, a.new as string, a, out))())
    .command("schema <file>", "Print the JSON Schema of the guideline's Case", (y) => y
      .positional("file", { type: "string", demandOption: true })
      .option("format", { choices: ["json"] as const, describe: "the schema is JSON" }),
      (a) => run(async () => (await import("./schema-cmd.ts")).runSchema(a.file as string, out))())
    .command("fmt <files..>", "Print guideline files in the canonical layout", (y) => y
      .positional("files", { type: "string", array: true, demandOption: true })
      .option("check", { type: "boolean", describe: "list files that are not formatted (exit 1 if any)" })
      .option("write", { type: "boolean", describe: "rewrite the files in place" })
      .option("format", { choices: TEXT_OR_JSON, describe: "json: each file with whether it is formatted (and its text without --check/--write)" })
      .conflicts("check", "write"),
      (a) => run(async () => {
        const files = expandFiles(a.files as string[]);
        if (a.write && files.includes("-")) throw new UsageError("--write cannot rewrite standard input (-); leave --write out to print the formatted text.");
        return (await import("./fmt.ts")).runFmt(files, { ...a, format: formatOf(a) }, out);
      })())
    .command("questionnaire <file>", "Print the guideline's FHIR R4 Questionnaire (Da Vinci DTR) and CodeSystem, as a Bundle", (y) => y
      .positional("file", { type: "string", demandOption: true })
      .option("cpt", { type: "string", describe: "only the questions that can matter for this CPT code" })
      .option("adaptive", { type: "boolean", describe: "a DTR adaptive questionnaire: the indication; $next-question asks the rest" })
      .option("out", { type: "string", describe: "write NAME.questionnaire.json and NAME.codesystem.json in this folder" })
      .option("url", { type: "string", describe: "the Questionnaire's canonical URL" })
      .option("version", { type: "string", describe: "the Questionnaire's version (default: the guideline's)" }),
      (a) => run(async () => (await import("./questionnaire-cmd.ts")).runQuestionnaire(a.file as string, { cpt: a.cpt, adaptive: a.adaptive, out: a.out, url: a.url, version: a.version as string | undefined }, out))())
    .command("serve <file>", "Serve the guideline as a Da Vinci CRD service (CDS Hooks order-sign) with DTR $next-question, on 127.0.0.1", (y) => y
      .positional("file", { type: "string", demandOption: true })
      .option("port", { type: "number", default: 3000, describe: "the port (0 picks a free one and prints it)" })
      .option("host", { type: "string", default: "127.0.0.1", describe: "the address to listen on" })
      .option("insurer", { type: "string", describe: "the payer's name, shown as the source of cards" })
      .option("base-url", { type: "string", describe: "the URL clients reach the service at, for links and the questionnaire's canonical (default: the address it listens on)" })
      .option("as-of", { type: "string", describe: "decide as of this date (YYYY-MM-DD) instead of today: to replay requests, for demonstrations and benchmarks" }),
      (a) => run(async () => (await import("./serve-cmd.ts")).runServe(a.file as string, { port: a.port, host: a.host, insurer: a.insurer, baseUrl: a["base-url"] as string | undefined, asOf: a["as-of"] as string | undefined }, out))())
    .demandCommand(1, "Name a command: check, test, eval, compile, schema, fmt, questionnaire or serve.")
    .strict()
    .help()
    .epilogue("guide --version prints the version.")
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => { usage = msg ?? err?.message ?? "usage error"; });
  try {
    await parser.parseAsync();
    if (usage === undefined && pending) code = await pending();
  } catch (e) {
    if (e instanceof UsageError) { out.stderr(`guide: ${e.message}`); return 2; }
    if (usage === undefined) { out.stderr(`guide: internal error: ${(e as Error).message}`); return 2; }
  }
  if (usage !== undefined) { out.stderr(`guide: ${usage}\nRun 'guide --help' for the commands.`); return 2; }
  return code;
}

const isEntry = process.argv[1] && /(?:^|[\\/])(main\.ts|guide-cli\.mjs)$/.test(process.argv[1]);
if (isEntry) main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
