// The package as users get it: `npm pack`, then `npm install <tarball>` into an
// empty directory with an empty npm cache. create-vite goes through the same steps.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { run } from "./measure.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;

/** @typedef {{ packages: number, bytes: number }} Footprint what an install put under node_modules */

/**
 * Packs a package (a directory, or a registry spec) into `dest`; returns the tarball's path.
 * @param {string} spec
 * @param {string} dest
 */
export function pack(spec, dest) {
  /** @type {{ filename: string }[]} what `npm pack --json` prints, one entry per package packed */
  const out = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dest, spec], { cwd: ROOT }));
  const [packed] = out;
  if (!packed) throw new Error(`npm pack ${spec} reported no tarball`);
  return join(dest, packed.filename);
}

/**
 * Our package, and create-vite as published at the version pinned in our dev
 * dependencies (its registry tarball: packing its node_modules copy drops files).
 * @param {string} workdir
 */
export function packBoth(workdir) {
  const dest = mkdtempSync(join(workdir, "tarballs-"));
  /** @type {{ version: string }} */
  const vite = JSON.parse(readFileSync(join(ROOT, "node_modules/create-vite/package.json"), "utf8"));
  const viteVersion = vite.version;
  return { ours: pack(ROOT, dest), createVite: pack(`create-vite@${viteVersion}`, dest) };
}

/**
 * Installs a tarball into a fresh directory with a fresh, empty npm cache, as
 * `npx` on a new machine would; returns where it went.
 * @param {string} tarball
 * @param {string} workdir
 */
export function coldInstall(tarball, workdir) {
  const dir = mkdtempSync(join(workdir, "install-"));
  writeFileSync(join(dir, "package.json"), "{}\n");
  const cache = join(dir, ".npm-cache");
  mkdirSync(cache);
  run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--cache", cache, tarball], {
    cwd: dir,
  });
  return dir;
}

/**
 * Packages under node_modules, nested ones included, and their size on disk in bytes.
 * @param {string} dir
 * @returns {Footprint}
 */
export function installedFootprint(dir) {
  const modules = join(dir, "node_modules");
  return { packages: countPackages(modules), bytes: diskSize(modules) };
}

/** @param {string} modules a node_modules directory */
function countPackages(modules) {
  let count = 0;
  for (const name of readdirSync(modules)) {
    if (name.startsWith(".")) continue;
    const dirs = name.startsWith("@")
      ? readdirSync(join(modules, name)).map((scoped) => join(modules, name, scoped))
      : [join(modules, name)];
    for (const pkg of dirs) {
      count += 1;
      const nested = join(pkg, "node_modules");
      if (existsSync(nested)) count += countPackages(nested);
    }
  }
  return count;
}

/** @param {string} path */
function diskSize(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.blocks * 512;
  let total = stat.blocks * 512;
  for (const name of readdirSync(path)) total += diskSize(join(path, name));
  return total;
}
