// Bundles the CLI into dist/: one entry plus lazily loaded chunks, so
// `--version` parses only what it needs (prompts, handlebars, execa load on use).
// Every library is bundled, so the published package has no runtime dependencies.
import { rename, rm, writeFile } from "node:fs/promises";
import { build } from "esbuild";
import { thirdPartyLicenses } from "./licenses.mjs";
import { templatesModule } from "./templates-module.mjs";

/** @type {import("esbuild").Plugin} swaps src/render/bundled-templates.ts for the precompiled templates */
const bundledTemplates = {
  name: "bundled-templates",
  setup(build) {
    build.onLoad({ filter: /[\\/]render[\\/]bundled-templates\.ts$/ }, async () => ({
      contents: await templatesModule(),
      loader: "js",
    }));
  },
};

// Built beside dist/ and swapped in, so a CLI running during a rebuild never
// sees a half-written dist/ (tests and template authors build concurrently).
const next = `dist.next-${process.pid}`;
const result = await build({
  // render-stack is a tool for template authors; it is not in the package.
  entryPoints: { cli: "src/cli.ts", "render-stack": "src/dev/render-stack.ts" },
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  // Bundled code keeps its licences in one file beside it (written below).
  legalComments: "none",
  metafile: true,
  plugins: [bundledTemplates],
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies (handlebars) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
});
await writeFile(
  `${next}/THIRD-PARTY-LICENSES.txt`,
  await thirdPartyLicenses(Object.keys(result.metafile.inputs)),
);
const old = `dist.old-${process.pid}`;
await rename("dist", old).catch(() => undefined);
await rename(next, "dist");
await rm(old, { recursive: true, force: true });
