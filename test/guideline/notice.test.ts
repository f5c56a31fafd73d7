// Determinations people can read: golden notices for one gallery case of every outcome (text, Markdown, JSON),
// and a scan of every reason and notice of the PEDSP examples and gallery for identifiers of the guideline.
import { describe, it, expect, beforeAll } from "vitest";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { loadGuide } from "../../compiler/cli/io.ts";
import { interpret, notice, noticeMarkdown, noticeText, runExamples, type Determination, type Model } from "../../compiler/index.ts";
import type { Criterion } from "../../runtime/criteria.ts";
import { expectGolden } from "../golden/golden.ts";
import { main } from "../../compiler/cli/main.ts";

const file = "guidelines/pedsp/pedsp.guide";
const GOLDEN = "test/golden/notice";
let model: Model;

beforeAll(() => {
  const g = loadGuide(file);
  expect(g.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  model = g.model!;
  mkdirSync(GOLDEN, { recursive: true });
});

const gallery = (name: string): Determination => interpret(model, JSON.parse(readFileSync(`examples/cases/${name}`, "utf8")).case, { whyNot: true });

describe("the determination notice", () => {
  const cases: [string, string, Determination["outcome"]][] = [
    ["approve", "01-back-pain-night-pain-mri.json", "approve"],
    ["deny", "03-back-pain-short-trial-deny.json", "deny"],
    ["pend", "05-back-pain-stale-evaluation.json", "pend"],
    ["review", "11-scoliosis-mri-and-ct-review.json", "review"],
    ["not-applicable", "15-adult-back-pain-not-applicable.json", "not-applicable"],
  ];
  for (const [name, caseFile, outcome] of cases) {
    it(`of a ${name} case is the golden text`, () => {
      const d = gallery(caseFile);
      expect(d.outcome).toBe(outcome);
      expectGolden(`${GOLDEN}/${name}.txt`, noticeText(notice(d, model.plan)));
    });
  }
  it("in Markdown and as JSON is golden too", () => {
    expectGolden(`${GOLDEN}/deny.md`, noticeMarkdown(notice(gallery("03-back-pain-short-trial-deny.json"), model.plan)));
    expectGolden(`${GOLDEN}/pend.json`, JSON.stringify(notice(gallery("05-back-pain-stale-evaluation.json"), model.plan), null, 2) + "\n");
  });
  it("names the red flag that was met, in the guideline's words, with the answer", () => {
    const d = gallery("01-back-pain-night-pain-mri.json");
    expect(d.reasons[0].text).toContain("“Pain which is extremely severe or worse at night”: met (answer: yes)");
    // The reason quotes the rule's own sentence, not every red flag joined together.
    expect(d.reasons[0].cite).not.toContain("Early morning stiffness");
  });
  it("says which criteria were not met and which answers would decide", () => {
    const deny = notice(gallery("03-back-pain-short-trial-deny.json"), model.plan);
    expect(deny.denial[0].text).toMatch(/4 week trial .*: not met \(answer: no, from conservative treatment 2 weeks\)/);
    expect(deny.whyNot.length).toBeGreaterThan(0);
    const pend = notice(gallery("05-back-pain-stale-evaluation.json"), model.plan);
    expect(pend.prerequisites[0].text).toMatch(/within the 60 days before this request\?: not met \(answer: no, from face to face evaluation 2026-08-27\)/);
  });
});

describe("guide eval --notice", () => {
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [], err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join("\n") + "\n", err: err.join("\n") };
  };
  const c = "examples/cases/03-back-pain-short-trial-deny.json";
  it("prints the golden notice as text, Markdown and JSON", async () => {
    expect((await run("eval", file, "--case", c, "--notice")).out).toBe(readFileSync(`${GOLDEN}/deny.txt`, "utf8"));
    expect((await run("eval", file, "--case", c, "--notice", "--format", "markdown")).out).toBe(readFileSync(`${GOLDEN}/deny.md`, "utf8"));
    const j = await run("eval", file, "--case", c, "--notice", "--format", "json");
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ decision: "deny", service: { cpt: "72148" } });
  });
  it("refuses --format markdown without --notice (a usage error, exit 2)", async () => {
    const r = await run("eval", file, "--case", c, "--format", "markdown");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--notice");
  });
});

describe("no identifier of the guideline in text meant for people", () => {
  /** Every name a .guide file declares that people should never read: with an underscore, or a rule id. */
  function identifiers(m: Model): RegExp {
    const names = new Set<string>();
    for (const f of m.plan.facts) names.add(f.name);
    for (const i of m.plan.indications) names.add(i.name);
    for (const f of m.plan.facts) if (f.type.kind === "enum" || f.type.kind === "set") for (const v of f.type.values) names.add(v);
    for (const d of m.ast.definitions) names.add(d.name.text);
    for (const s of m.ast.sections) for (const d of s.definitions) names.add(d.name.text);
    for (const s of m.plan.sections) for (const r of s.rules) names.add(r.id.slice(r.id.indexOf("/") + 1));
    const snake = [...names].filter((n) => n.includes("_") || /\d/.test(n));
    return new RegExp(`\\b(?:${snake.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b|[A-Z]+-[\\d.]+/\\w|>=|<=|\\bany of \\{|\\ball of \\{`);
  }
  const textsOf = (d: Determination): string[] => {
    const out: string[] = [];
    const crit = (cs: readonly Criterion[] | undefined): void => { for (const c of cs ?? []) { out.push(c.text, c.answer ?? ""); crit(c.within); } };
    for (const r of [...d.reasons, ...d.needed]) { out.push(r.text); crit(r.criteria); }
    for (const w of d.whyNot ?? []) { out.push(w.text, w.studies); crit(w.criteria); }
    for (const m of d.missing) out.push(m.question);
    out.push(noticeText(notice(d, model.plan)), noticeMarkdown(notice(d, model.plan)));
    return out;
  };
  it("in the reasons, criteria and notices of every example and gallery case", () => {
    const id = identifiers(model);
    const found: string[] = [];
    const scan = (where: string, d: Determination): void => {
      for (const t of textsOf(d)) { const m = id.exec(t); if (m) found.push(`${where}: '${m[0]}' in ${t.slice(Math.max(0, m.index - 60), m.index + 60)}`); }
    };
    const { results } = runExamples(model, (c, o) => interpret(model, c, { ...o, whyNot: true }));
    expect(results.length).toBeGreaterThan(300);
    for (const r of results) scan(`${r.example.section} "${r.example.title}"`, r.actual);
    for (const f of readdirSync("examples/cases").filter((x) => x.endsWith(".json")).sort()) scan(f, gallery(f));
    expect(found.slice(0, 20)).toEqual([]);
  });
});
