// Bundles the CLI into dist/: one entry plus lazily loaded chunks, so
// `--version` parses only what it needs (prompts, handlebars, execa load on use).
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
await build({
  // render-stack is a tool for template authors; it is not in the package.
  entryPoints: { cli: "src/cli.ts", "render-stack": "src/dev/render-stack.ts" },
  outdir: "dist",
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
