// `npm run bench`: every performance figure of the CLI and of the projects it
// generates, each against a baseline measured in the same run. Prints a table
// and writes bench/results.json. Options: --quick (fewer runs), --only a,b.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cliStart, coldStart, installBoth, scaffoldOnly, upgradePlan } from "./figures/cli.mjs";
import { generatedSuite, timeToGreen } from "./figures/python.mjs";
import { renderTable } from "./lib/table.mjs";

/** @typedef {import("./lib/measure.mjs").Figure} Figure */

const ROOT = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const only = values.only?.split(",");
const wanted = (/** @type {string} */ id) => !only || only.includes(id);
// The issue asks for the median of at least 10 runs for the CLI figures.
const runs = values.quick ? { cli: 3, slow: 2 } : { cli: 15, slow: 10 };

/**
 * Runs `install` when `file args` does not succeed (the tool is missing).
 * @param {string} file
 * @param {string[]} args
 * @param {[string, ...string[]]} install the command and its arguments
 */
function ensure(file, args, [installer, ...installArgs]) {
  if (spawnSync(file, args, { stdio: "ignore" }).status === 0) return;
  console.log(`installing ${file}…`);
  const result = spawnSync(installer, installArgs, { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`could not install ${file}`);
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`${message}\n`);
}

async function main() {
  ensure("uv", ["--version"], ["python3", "-m", "pip", "install", "--quiet", "uv"]);
  log("building the CLI…");
  if (spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) {
    throw new Error("npm run build failed");
  }
  const workdir = mkdtempSync(join(tmpdir(), "create-backend-bench-"));
  /** @type {Figure[]} */
  const figures = [];
  /** @type {string[]} */
  const failures = [];
  // One figure failing (a tool missing, a server that would not start) still
  // leaves the others measured and printed; the run then exits 1.
  /**
   * @param {string} id
   * @param {string} label
   * @param {() => Figure | Figure[] | Promise<Figure | Figure[]>} fn
   */
  const measure = async (id, label, fn) => {
    if (!wanted(id)) return;
    log(`measuring ${label}…`);
    try {
      const result = await fn();
      figures.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      failures.push(`${id}: ${error instanceof Error ? error.message : error}`);
    }
  };
  try {
    const installed = installBoth(workdir);
    const context = { installed, workdir };
    await measure("cli-start", "CLI start", () => cliStart({ ...context, runs: runs.cli }));
    await measure("scaffold", "scaffold only", () => scaffoldOnly({ ...context, runs: runs.cli }));
    await measure("cold-install", "npx cold install", () => coldStart({ ...context, runs: runs.cli }));
    await measure("upgrade-plan", "upgrade --dry-run of a 0.1.0 project", () =>
      upgradePlan({
        ...context,
        runs: runs.cli,
        release: join(ROOT, "test/fixtures/releases/create-backend-0.1.0.tgz"),
      }),
    );
    await measure("time-to-green", "time to green", () => timeToGreen({ ...context, runs: runs.slow }));
    await measure("generated-suite", "generated suite", () =>
      generatedSuite({ ...context, runs: runs.slow }),
    );
    await measure("throughput", "app throughput", async () => {
      const { measureThroughput } = await import("./throughput.mjs");
      return measureThroughput({ workdir, log, quick: values.quick });
    });
    await measure("relations", "list with filter, sort and expand over 100,000 rows", async () => {
      const { measureRelations } = await import("./relations.mjs");
      return measureRelations({ workdir, log, quick: values.quick });
    });
    await measure("tasks", "background tasks", async () => {
      const { measureTasks } = await import("./tasks.mjs");
      return measureTasks({ workdir, log, quick: values.quick });
    });
    await measure("uploads", "upload throughput, local disk against S3", async () => {
      const { measureUploads } = await import("./uploads.mjs");
      return measureUploads({ workdir, log, quick: values.quick });
    });
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  console.log(renderTable(figures));
  const out = join(ROOT, "bench/results.json");
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), runs, figures }, null, 2)}\n`);
  log(`\nwritten to ${out}`);
  if (failures.length > 0) {
    log(`\nnot measured:\n${failures.join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
