// The source of the module that replaces src/render/bundled-templates.ts in the
// published bundle: every template, with each Handlebars template precompiled,
// so the CLI neither reads templates/ nor loads the Handlebars compiler.
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** src/render/handlebars.ts, so the build precompiles with the very options the CLI compiles with. */
async function loadCompiler() {
  const outfile = "node_modules/.cache/create-backend/handlebars.mjs";
  await mkdir("node_modules/.cache/create-backend", { recursive: true });
  await build({
    entryPoints: ["src/render/handlebars.ts"],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

export async function templatesModule(root = "templates") {
  const { precompileTemplate } = await loadCompiler();
  const files = [];
  const compiled = [];
  for (const file of (await walk(root)).sort()) {
    const key = relative(root, file).split(sep).join("/");
    const source = await readFile(file, "utf8");
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
