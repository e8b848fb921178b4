/**
 * The static analysis every generated project passes (issue 7), as commands to run
 * in the project after `uv sync`:
 * - the `lint` dependency group installed (mypy, bandit): `uv sync` leaves it out so
 *   users get to green quickly, so it is added here, once per project;
 * - `mypy --strict app`: the flag as well as the pyproject setting, so loosening the
 *   template's config cannot quietly weaken the test;
 * - `bandit -r app -ll`: findings of medium or high severity, at any confidence, fail.
 *   Low severity is left out (the generated CI does the same): it is mostly false
 *   positives such as messages that mention "password".
 * ruff (check and format, S and B rules selected in the template) runs beside these.
 *
 * mypy's cache is shared between the projects of one test file (`mypyCache`): the
 * third-party modules are the same, and a cold check of FastAPI or SQLAlchemy takes
 * far longer than the app itself. mypy revalidates every cached module by content
 * hash, so sharing it changes speed, not results.
 */
export function staticChecks(mypyCache: string): [file: string, args: string[]][] {
  return [
    ["uv", ["sync", "--quiet", "--group", "lint"]],
    ["uv", ["run", "--no-sync", "mypy", "--strict", "--cache-dir", mypyCache, "app"]],
    ["uv", ["run", "--no-sync", "bandit", "--quiet", "--recursive", "app", "-ll"]],
  ];
}
