// The version `guide --version` prints: the `version` of the guideline-dsl package.json above this module,
// found from the source (compiler/cli/) and from the bundle (dist/) alike.
import { readFileSync } from "node:fs";

export function guideVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "guideline-dsl" && pkg.version) return pkg.version;
    } catch { /* not here */ }
  }
  return "unknown";
}
