// AUDIT.md beside a guideline: `guide test --coverage` lists the rules and prerequisites no audit row names,
// and the rows that name a rule the guideline no longer has.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { auditIds } from "../../compiler/audit.ts";
import { main } from "../../compiler/cli/main.ts";

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, { stdout: (s) => { out += s + "\n"; }, stderr: (s) => { out += s + "\n"; } });
  return { code, out };
}

describe("audit table", () => {
  it("reads ids from the first cell of table rows only", () => {
    const ids = auditIds([
      "| rule | text |",
      "|---|---|",
      "| `S-1/a` and `S-1/requires-1` | see `S-9/b` |",
      "Prose naming `S-2/c` is not a row.",
      "| `S-3/d` |",
    ].join("\n"));
    expect([...ids].sort()).toEqual(["S-1/a", "S-1/requires-1", "S-3/d"]);
  });

  it("guide test --coverage reports missing and stale rows, and fails with --fail-uncovered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    try {
      copyFileSync("test/fixtures/sample.guide", join(dir, "sample.guide"));
      copyFileSync("test/fixtures/000_f1f69f597256be6d.txt", join(dir, "000_f1f69f597256be6d.txt"));
      const all = await run("test", "--coverage", "--json", join(dir, "sample.guide"));
      const ids: string[] = JSON.parse(all.out.slice(all.out.indexOf("["), all.out.lastIndexOf("]") + 1))[0].coverage.rules.map((r: { id: string }) => r.id);
      expect(ids.length).toBeGreaterThan(2);
      writeFileSync(join(dir, "AUDIT.md"), ["| rule | verdict |", "|---|---|", ...ids.slice(1).map((id) => `| \`${id}\` | faithful |`), "| `S-0/gone` | faithful |"].join("\n"));
      const r = await run("test", "--coverage", join(dir, "sample.guide"));
      expect(r.out).toContain(`audit ${join(dir, "AUDIT.md")}: ${ids.length - 1}/${ids.length}`);
      expect(r.out).toContain(`no audit row: ${ids[0]}`);
      expect(r.out).toContain("audit row for a rule the guideline no longer has: S-0/gone");
      writeFileSync(join(dir, "AUDIT.md"), ["| rule | verdict |", "|---|---|", ...ids.map((id) => `| \`${id}\` | faithful |`)].join("\n"));
      const full = await run("test", "--coverage", join(dir, "sample.guide"));
      expect(full.out).toContain(`: ${ids.length}/${ids.length} rules and prerequisites have a row`);
      expect(full.out).not.toContain("no audit row");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
