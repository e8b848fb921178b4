import { describe, expect, it } from "vitest";
import { nextSteps } from "../../src/next-steps.js";
import { DEFAULT_ANSWERS, type Options } from "../../src/options.js";
import type { ScaffoldResult } from "../../src/scaffold.js";

const options = (over: Partial<Options> = {}): Options => ({
  ...DEFAULT_ANSWERS,
  projectName: "api",
  install: true,
  git: true,
  ...over,
});

const result = (install: ScaffoldResult["install"]): ScaffoldResult => ({
  path: "api",
  options: options(),
  files: [],
  dryRun: false,
  install,
  git: "skipped",
});

const NOT_INSTALLED = { tool: null, installed: false, tests: "not-run" } as const;

describe("next steps", () => {
  it("after --no-install: install, migrate, test, then the framework's dev server", () => {
    expect(nextSteps("api", options(), result(NOT_INSTALLED))).toEqual([
      "cd api",
      "uv sync",
      "uv run alembic upgrade head",
      "uv run pytest",
      "uv run uvicorn app.main:app --reload",
    ]);
  });

  it("on Flask with raw SQL: flask's own dev server and the raw-SQL migration runner", () => {
    expect(nextSteps(".", options({ framework: "flask", orm: "none" }), result(NOT_INSTALLED))).toEqual([
      "uv sync",
      "uv run python -m app.core.migrate",
      "uv run pytest",
      "uv run flask --app app.main:create_app run --debug",
    ]);
  });

  it("after an install that migrated: no migrate step", () => {
    const installed = { tool: "uv", installed: true, migratedTo: "0001", tests: "passed" } as const;
    expect(nextSteps("api", options(), result(installed))).toEqual([
      "cd api",
      "uv run pytest",
      "uv run uvicorn app.main:app --reload",
    ]);
  });

  it("through pip: the virtual environment's own commands, and the migration when no database answered", () => {
    const installed = { tool: "pip", installed: true, tests: "not-run" } as const;
    expect(nextSteps("api", options({ database: "postgres" }), result(installed))).toEqual([
      "cd api",
      ".venv/bin/alembic upgrade head",
      ".venv/bin/python -m pytest",
      ".venv/bin/uvicorn app.main:app --reload",
    ]);
  });
});
