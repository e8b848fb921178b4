// The source of the module that replaces src/render/bundled-templates.ts in the
// published bundle: every template, with each Handlebars template precompiled,
// so the CLI neither reads templates/ nor loads the Handlebars compiler.
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * The CLI's own template reader and compiler (src/render/), so the build reads
 * templates/ as source mode does and precompiles with the very options it compiles with.
 * @returns {Promise<{ precompileTemplate: typeof import("../src/render/handlebars.js").precompileTemplate,
 *   loadTemplates: typeof import("../src/render/template-store.js").loadTemplates }>}
 */
async function loadRenderer() {
  const outfile = "node_modules/.cache/create-backend/render.mjs";
  await mkdir("node_modules/.cache/create-backend", { recursive: true });
  await build({
    stdin: {
      contents: [
        'export { precompileTemplate } from "./src/render/handlebars.ts";',
        'export { loadTemplates } from "./src/render/template-store.ts";',
      ].join("\n"),
      resolveDir: ".",
      loader: "ts",
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

/** @param {string} [root] the templates directory */
export async function templatesModule(root = "templates") {
  const { precompileTemplate, loadTemplates } = await loadRenderer();
  const files = [];
  const compiled = [];
  for (const [key, source] of loadTemplates(resolve(root))) {
    // Mirrors renderTemplate: text without "{{" renders as itself.
    const isTemplate = key.endsWith(".hbs") && source.includes("{{");
    if (isTemplate) compiled.push(`${JSON.stringify(key)}: ${precompileTemplate(source)}`);
    // Resource file names are templates too (render-resource.ts).
    if (key.startsWith("resource/") && key.includes("{{")) {
      const path = key.split("/").slice(3).join("/");
      compiled.push(`${JSON.stringify(`path:${key}`)}: ${precompileTemplate(path)}`);
    }
    files.push(`[${JSON.stringify(key)}, ${isTemplate ? '""' : JSON.stringify(source)}]`);
  }
  return [
    'import { existsSync } from "node:fs";',
    // This chunk lives in dist/chunks/: a checkout keeps templates/ two levels up,
    // and reads it there, so template edits show without a rebuild.
    'const checkout = existsSync(new URL("../../templates/base", import.meta.url));',
    "export const BUNDLED = checkout ? undefined : {",
    `  files: new Map([\n${files.join(",\n")}]),`,
    `  compiled: {\n${compiled.join(",\n")}},`,
    "};",
  ].join("\n");
}
