import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as runtime from "../../runtime/index.ts";

const dir = fileURLToPath(new URL("../../runtime/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
const source = (f: string) => readFileSync(dir + f, "utf8");

describe("runtime/ stands alone", () => {
  it("imports only its own files, with .ts extensions", () => {
    for (const f of files) {
      for (const m of source(f).matchAll(/\bfrom\s+"([^"]+)"/g)) {
        expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/[a-z0-9-]+\.ts$/);
        expect(files, `${f} imports ${m[1]}`).toContain(m[1].slice(2));
      }
      expect(source(f), f).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    }
  });

  it("never reads the clock or local time", () => {
    for (const f of files) {
      const s = source(f);
      expect(s, f).not.toMatch(/new Date\(\s*\)|Date\.now|\.get(FullYear|Month|Date|Day|Hours|TimezoneOffset)\(|toLocale/);
    }
  });

  it("opens every file with a comment on what goes in and out", () => {
    for (const f of files) expect(source(f).startsWith("// "), f).toBe(true);
  });

  it("index re-exports every module as a plain export * list", () => {
    const lines = source("index.ts").split("\n").filter((l) => l.trim() && !l.startsWith("//"));
    expect(lines.every((l) => /^export \* from "\.\/[a-z0-9-]+\.ts";$/.test(l))).toBe(true);
    const listed = lines.map((l) => l.match(/"\.\/(.+)"/)?.[1]);
    expect(listed.sort()).toEqual(files.filter((f) => f !== "index.ts").sort());
    for (const name of [
      "and3", "or3", "not3", "atLeast3", "parseIsoDate", "formatIsoDate", "dayNumber", "fromDayNumber", "addMonths", "addDays",
      "addSpan", "spanOf", "monthDayRange", "compareSpans", "formatSpan", "ageFromCase", "compareAge", "describeAge",
      "unitDimension", "convert", "compareNumbers", "CaseError", "validateCase",
    ]) {
      expect(typeof (runtime as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
