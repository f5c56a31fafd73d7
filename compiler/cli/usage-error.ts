// A problem with how the command was called or with a file it names: exit code 2, one line, no stack trace.
// Its own module so that main.ts (and `guide --version`) can refuse an argument without loading the parser.
export class UsageError extends Error {}
