// The licence text of every package the bundle contains: bundling copies their
// code into our files, and their licences (MIT, ISC, BSD) ask that the notice travels with it.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * "node_modules/@clack/core/dist/index.mjs" → "node_modules/@clack/core" (innermost package).
 * @param {string} input
 */
function packageDir(input) {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith("@");
  return parts.slice(0, at + (scoped ? 3 : 2)).join("/");
}

/** @param {string} dir a package's directory */
async function licenceText(dir) {
  const names = await readdir(dir);
  const file = names.find((name) => /^(licen[sc]e|copying)(\.|$)/i.test(name));
  return file ? (await readFile(join(dir, file), "utf8")).trim() : undefined;
}

/** @param {string[]} inputs the bundle's input paths (esbuild metafile) */
export async function thirdPartyLicenses(inputs) {
  const dirs = [...new Set(inputs.map(packageDir).filter((dir) => dir !== undefined))].sort();
  const sections = [];
  for (const dir of dirs) {
    /** @type {{ name: string, version: string, license?: string }} */
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    const text = (await licenceText(dir)) ?? `License: ${pkg.license} (no licence file shipped)`;
    sections.push(`${pkg.name}@${pkg.version} (${pkg.license})\n\n${text}`);
  }
  const rule = `\n\n${"-".repeat(72)}\n\n`;
  return `create-backend bundles the following packages.${rule}${sections.join(rule)}\n`;
}
