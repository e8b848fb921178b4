// Bundles the CLI into dist/: one entry plus lazily loaded chunks, so
// `--version` parses only what it needs (prompts, handlebars, execa load on use).
import { rename, rm } from "node:fs/promises";
import { build } from "esbuild";

// Built beside dist/ and swapped in, so a CLI running during a rebuild never
// sees a half-written dist/ (tests and template authors build concurrently).
const next = `dist.next-${process.pid}`;
await build({
  // render-stack is a tool for template authors; it is not in the package.
  entryPoints: { cli: "src/cli.ts", "render-stack": "src/dev/render-stack.ts" },
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "linked",
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies (handlebars) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
});
const old = `dist.old-${process.pid}`;
await rename("dist", old).catch(() => undefined);
await rename(next, "dist");
await rm(old, { recursive: true, force: true });
