// Figures 3 and 4: from nothing to a green project, and the generated suite alone.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { alternate, figure, timeCommand } from "../lib/measure.mjs";

/**
 * @typedef {import("./cli.mjs").FigureContext} FigureContext
 * @typedef {import("./cli.mjs").Installed} Installed
 */

const node = process.execPath;

/**
 * Python as on a developer's machine: some containers (this one) set
 * PYTHONDONTWRITEBYTECODE, which makes every run recompile every imported module
 * (about 800 for a FastAPI app) and would measure that instead of the project.
 */
const env = { ...process.env };
delete env.PYTHONDONTWRITEBYTECODE;

/**
 * A default project rendered once, the starting point of every hand-made run.
 * @param {Installed} installed
 * @param {string} workdir
 */
function prerender(installed, workdir) {
  const dir = mkdtempSync(join(workdir, "prerendered-"));
  timeCommand(node, [installed.ours, "my-api", "--yes", "--no-install", "--no-git"], { cwd: dir });
  return join(dir, "my-api");
}

/**
 * `uv sync`, the first migration and `uv run pytest` in `project`, as the CLI
 * runs them (the default stack migrates with Alembic); wall milliseconds.
 * @param {string} project
 */
function syncMigrateAndTest(project) {
  return (
    timeCommand("uv", ["sync"], { cwd: project, env }) +
    timeCommand("uv", ["run", "alembic", "upgrade", "head"], { cwd: project, env }) +
    timeCommand("uv", ["run", "pytest", "-q"], { cwd: project, env })
  );
}

/**
 * 3. Scaffold + install + migration + the generated tests, against the same
 * install, migration and tests done by hand on a pre-rendered copy: what the CLI adds on top of uv and
 * pytest. Both runs share uv's warm cache (the first, untimed round warms it).
 * @param {FigureContext} context
 */
export function timeToGreen({ installed, workdir, runs }) {
  const template = prerender(installed, workdir);
  const result = alternate({
    runs,
    ours: () => {
      const cwd = mkdtempSync(join(workdir, "green-"));
      const ms = timeCommand(node, [installed.ours, "my-api", "--yes", "--no-git"], { cwd, env });
      rmSync(cwd, { recursive: true, force: true });
      return ms;
    },
    baseline: () => {
      const cwd = mkdtempSync(join(workdir, "by-hand-"));
      const project = join(cwd, "my-api");
      cpSync(template, project, { recursive: true });
      const ms = syncMigrateAndTest(project);
      rmSync(cwd, { recursive: true, force: true });
      return ms;
    },
  });
  return figure({
    id: "time-to-green",
    label: "Time to green (scaffold+install+tests)",
    unit: "ms",
    ...result,
    baselineLabel: "uv sync && uv run alembic upgrade head && uv run pytest by hand",
    target: "≤ 1.1×; < 8 s",
    met: result.ours <= 1.1 * result.baseline && result.ours < 8000,
    note: `ours ${(result.ours / 1000).toFixed(1)} s absolute`,
  });
}

/**
 * 4. The default project's own suite, against starting its Python at all.
 * @param {FigureContext} context
 */
export function generatedSuite({ installed, workdir, runs }) {
  const project = prerender(installed, workdir);
  timeCommand("uv", ["sync"], { cwd: project, env });
  const result = alternate({
    runs,
    ours: () => timeCommand("uv", ["run", "pytest", "-q", "-p", "no:cacheprovider"], { cwd: project, env }),
    baseline: () => timeCommand("uv", ["run", "python", "-c", "pass"], { cwd: project, env }),
  });
  return figure({
    id: "generated-suite",
    label: "Generated test suite (uv run pytest)",
    unit: "ms",
    ...result,
    baselineLabel: "uv run python -c pass",
    target: "< 3 s absolute",
    met: result.ours < 3000,
    note: `${(result.ours / 1000).toFixed(2)} s wall`,
  });
}
