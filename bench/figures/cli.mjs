// Figures 1, 2 and 6: the CLI itself, as installed from its published tarball.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { alternate, figure, run, timeCommand } from "../lib/measure.mjs";
import { coldInstall, installedFootprint, packBoth } from "../lib/packages.mjs";

/**
 * @typedef {import("../lib/packages.mjs").Footprint} Footprint
 * @typedef {{ tarballs: { ours: string, createVite: string }, ours: string, createVite: string }} Installed
 *   both packages' tarballs, and the entry file of each installed once
 * @typedef {{ installed: Installed, workdir: string, runs: number }} FigureContext what every figure is given
 */

const node = process.execPath;

/**
 * Installs both packages once (for figures 1 and 2) and returns their entry files.
 * @param {string} workdir
 * @returns {Installed}
 */
export function installBoth(workdir) {
  const tarballs = packBoth(workdir);
  return {
    tarballs,
    ours: join(coldInstall(tarballs.ours, workdir), "node_modules/create-backend/bin/create-backend.js"),
    createVite: join(coldInstall(tarballs.createVite, workdir), "node_modules/create-vite/index.js"),
  };
}

/**
 * 1. `create-backend --version` against a Node that does nothing at all.
 * @param {FigureContext} context
 */
export function cliStart({ installed, runs }) {
  const result = alternate({
    runs,
    warmup: 2,
    ours: () => timeCommand(node, [installed.ours, "--version"]),
    baseline: () => timeCommand(node, ["-e", "0"]),
  });
  const ratio = result.ours / result.baseline;
  return figure({
    id: "cli-start",
    label: "CLI start: --version",
    unit: "ms",
    ...result,
    baselineLabel: "node -e 0",
    target: "≤ 1.25×",
    met: ratio <= 1.25,
  });
}

/**
 * 2. Writing the default project (every feature) against create-vite writing react-ts.
 * @param {FigureContext} context
 */
export function scaffoldOnly({ installed, workdir, runs }) {
  const fresh = () => mkdtempSync(join(workdir, "scaffold-"));
  let ourFiles = 0;
  let viteFiles = 0;
  const result = alternate({
    runs,
    ours: () => {
      const cwd = fresh();
      const ms = timeCommand(node, [installed.ours, "my-api", "--yes", "--no-install", "--no-git"], { cwd });
      ourFiles = countFiles(join(cwd, "my-api"));
      rmSync(cwd, { recursive: true, force: true });
      return ms;
    },
    baseline: () => {
      const cwd = fresh();
      const ms = timeCommand(
        node,
        [installed.createVite, "my-app", "--template", "react-ts", "--no-interactive", "--no-immediate"],
        { cwd },
      );
      viteFiles = countFiles(join(cwd, "my-app"));
      rmSync(cwd, { recursive: true, force: true });
      return ms;
    },
  });
  return figure({
    id: "scaffold",
    label: "Scaffold only (--no-install --no-git)",
    unit: "ms",
    ...result,
    baselineLabel: "create-vite react-ts",
    target: "≤ 1.0×",
    met: result.ours <= result.baseline,
    note: `${ourFiles} files written vs create-vite's ${viteFiles}`,
  });
}

/**
 * 6. `npx` on a new machine: install from the tarball with an empty npm cache.
 * @param {FigureContext} context
 */
export function coldStart({ installed, workdir, runs }) {
  // Each install records its footprint here (the warm-up round included).
  /** @type {Record<"ours" | "createVite", Footprint>} */
  const footprints = { ours: { packages: 0, bytes: 0 }, createVite: { packages: 0, bytes: 0 } };
  const result = alternate({
    runs,
    ours: () => timedInstall(installed.tarballs.ours, workdir, footprints, "ours"),
    baseline: () => timedInstall(installed.tarballs.createVite, workdir, footprints, "createVite"),
  });
  const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return figure({
    id: "cold-install",
    label: "npx cold install (empty npm cache)",
    unit: "ms",
    ...result,
    baselineLabel: "create-vite, same way",
    target: "≤ 1.2×, 1 package",
    met: result.ours <= 1.2 * result.baseline && footprints.ours.packages === 1,
    note:
      `ours ${footprints.ours.packages} package(s), ${mb(footprints.ours.bytes)}; ` +
      `create-vite ${footprints.createVite.packages}, ${mb(footprints.createVite.bytes)}`,
  });
}

/**
 * @param {string} tarball
 * @param {string} workdir
 * @param {Record<"ours" | "createVite", Footprint>} footprints
 * @param {"ours" | "createVite"} who
 */
function timedInstall(tarball, workdir, footprints, who) {
  const started = process.hrtime.bigint();
  const dir = coldInstall(tarball, workdir);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  footprints[who] = installedFootprint(dir);
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** @param {string} dir */
function countFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * 7. `upgrade --dry-run` of a project the 0.1.0 release made (with a resource), its exact
 * base rendered by that release, against writing a new project: the plan renders this
 * version's project, replays the old release's create and generate, reads the disk and
 * merges, so it costs a few renders, not a network round.
 * @param {FigureContext & { release: string }} context
 */
export function upgradePlan({ installed, workdir, runs, release }) {
  const home = mkdtempSync(join(workdir, "upgrade-"));
  run("tar", ["-xzf", release, "-C", home]);
  const old = join(home, "package", "bin", "create-backend.js");
  const env = { ...process.env, CI: "true" };
  run(node, [old, "shop", "--no-install", "--yes"], { cwd: home, env });
  const project = join(home, "shop");
  run(node, [old, "generate", "resource", "product", "name:string", "price:decimal"], { cwd: project, env });
  run("git", ["add", "-A"], { cwd: project });
  run("git", ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "resource"], {
    cwd: project,
  });
  const fresh = () => mkdtempSync(join(workdir, "scaffold-"));
  const result = alternate({
    runs,
    ours: () =>
      timeCommand(node, [installed.ours, "upgrade", "--dry-run", "--json", "--base-release", release], {
        cwd: project,
      }),
    baseline: () => {
      const cwd = fresh();
      const ms = timeCommand(node, [installed.ours, "shop", "--yes", "--no-install", "--no-git"], { cwd });
      rmSync(cwd, { recursive: true, force: true });
      return ms;
    },
  });
  rmSync(home, { recursive: true, force: true });
  return figure({
    id: "upgrade-plan",
    label: "upgrade --dry-run of a 0.1.0 project (exact base from its release)",
    unit: "ms",
    ...result,
    baselineLabel: "scaffold only, same stack",
    target: "≤ 4×",
    met: result.ours <= 4 * result.baseline,
  });
}
