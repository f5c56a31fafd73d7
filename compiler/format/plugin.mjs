// Entry for prettier's own CLI, which cannot load TypeScript: registers tsx, then re-exports plugin.ts.
//   npx prettier --plugin ./compiler/format/plugin.mjs FILE.guide
import { register } from "tsx/esm/api";

register();
const plugin = await import("./plugin.ts");
export const { languages, parsers, printers, defaultOptions } = plugin;
export default plugin.default;
