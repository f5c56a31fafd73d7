// The error a compiled evaluator throws for an invalid Case: in the list of issues (field path and
// plain-words message), out an Error whose message lists them all.

export interface CaseIssue {
  field: string;
  message: string;
}

export class CaseError extends Error {
  issues: CaseIssue[];

  constructor(issues: CaseIssue[]) {
    super(formatIssues(issues));
    this.name = "CaseError";
    this.issues = issues;
  }
}

/** "The case is not valid:\n  request.cpt: 99999 is not a study this guideline knows". */
export function formatIssues(issues: readonly CaseIssue[]): string {
  const n = issues.length;
  const head = n === 1 ? "The case is not valid (1 problem):" : `The case is not valid (${n} problems):`;
  return [head, ...issues.map((i) => `  ${i.field ? i.field + ": " : ""}${i.message}`)].join("\n");
}
