// `npm start`: build the playground (editor/ -> dist/playground) and serve it with vite preview on
// 127.0.0.1; prints the URL. PORT=… picks the port (default 4173; the next free one if taken).
import { build, preview } from "vite";
import { fileURLToPath } from "node:url";

const configFile = fileURLToPath(new URL("./vite.config.ts", import.meta.url));
const started = Date.now();
await build({ configFile });
console.log(`Built the playground in ${((Date.now() - started) / 1000).toFixed(1)} s (dist/playground).`);
const server = await preview({ configFile, preview: { host: "127.0.0.1", port: Number(process.env.PORT ?? 4173) } });
const url = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:4173/";
console.log(`Guideline playground: ${url}`);
console.log("Press Ctrl+C to stop.");
