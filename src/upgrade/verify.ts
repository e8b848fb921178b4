import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MIGRATIONS_DIR } from "../generate/migrations.js";
import type { InstallOutcome } from "../install.js";
import { DATA_ACCESS_COMMANDS, type Database, type Orm } from "../options.js";
import type { Reporter } from "../report.js";
import { headMigration, postgresBlockers } from "../scaffold.js";

/**
 * After `upgrade`, `add` or `remove` wrote the project: install it again (`uv sync`
 * re-locks when pyproject.toml changed), migrate the development database and run the
 * project's tests, reported as `create` reports them. A failure names the step and the
 * commands to finish by hand; what was written stays, and is committed by nobody.
 */
export async function installAndTest(
  root: string,
  answers: { orm: Orm; database: Database },
  reporter: Reporter,
): Promise<InstallOutcome> {
  const { planInstall, installAndVerify } = await import("../install.js");
  const pyproject = await readFile(join(root, "pyproject.toml"), "utf8").catch(() => "");
  const plan = await planInstall(root, ".", pyproject, DATA_ACCESS_COMMANDS[answers.orm].migrate);
  const dir = MIGRATIONS_DIR[answers.orm];
  const migrations = (await readdir(join(root, dir)).catch(() => [])).map((name) => `${dir}/${name}`);
  return installAndVerify(root, ".", plan, reporter, {
    head: headMigration(migrations),
    ...(await postgresBlockers(answers, root)),
  });
}

/** The outcome in a few words, for the last line. */
export function installSummary(outcome: InstallOutcome): string {
  const migrated = outcome.migratedTo ? `, migrated to ${outcome.migratedTo}` : "";
  return outcome.tests === "passed"
    ? `installed${migrated}, and the tests pass`
    : `installed${migrated}; the tests did not run (${outcome.reason ?? "see above"})`;
}

/** The settings `.env.example` names that `.env` does not. */
export function missingSettings(example: string, env: string | undefined): string[] {
  if (env === undefined) return [];
  const names = (text: string) =>
    new Set(
      text
        .split("\n")
        .map((line) => /^\s*#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
        .filter((n): n is string => n !== undefined),
    );
  const set = names(env);
  return [...names(example)].filter((n) => !set.has(n));
}
