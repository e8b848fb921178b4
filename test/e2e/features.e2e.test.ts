import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { inProject } from "../helpers/project-shell.js";

/**
 * `add <feature>` and `remove <feature>` on installed projects (issue 18): the feature's
 * migration applies in place on the database the project already had, the migrations
 * still build a database from scratch, and the project stays green (ruff, mypy --strict,
 * bandit, its tests).
 */
let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-features-");
});
afterAll(async () => {
  await root.cleanup();
});

describe("add and remove a feature, end to end", () => {
  it("add tasks to a FastAPI + SQLite project made without features", async () => {
    const made = await runCli(["api", "--no-install", "--features", "none", "--yes"], { cwd: root.path });
    expect(made.exitCode, made.stderr).toBe(0);
    const project = join(root.path, "api");
    const { sh, commit, green } = inProject(project, root.path);
    const inPlace = { DATABASE_URL: `sqlite:///${join(project, "in-place.db")}` };
    await sh("uv", ["sync", "--quiet"]);
    await sh("uv", ["run", "--no-sync", "alembic", "upgrade", "head"], inPlace);
    await commit();

    const added = await runCli(["add", "tasks", "--no-install"], { cwd: project });
    expect(added.exitCode, added.stdout + added.stderr).toBe(0);
    await sh("uv", ["sync", "--quiet"]);
    expect(await sh("uv", ["run", "--no-sync", "alembic", "upgrade", "head"], inPlace)).toContain("0003");
    const scratch = { DATABASE_URL: `sqlite:///${join(project, "scratch.db")}` };
    await sh("uv", ["run", "--no-sync", "alembic", "upgrade", "head"], scratch);
    const tables = await sh("uv", [
      "run",
      "--no-sync",
      "python",
      "-c",
      "import sqlite3; print(sqlite3.connect('in-place.db').execute(\"select name from sqlite_master where name='tasks'\").fetchall())",
    ]);
    expect(tables).toContain("tasks");
    await green();
  });

  it("remove uploads from a Flask + PostgreSQL raw-SQL project made with every feature", async () => {
    const url = process.env.TEST_DATABASE_URL;
    expect(url, "TEST_DATABASE_URL must be set (.ci/run starts PostgreSQL)").toBeTruthy();
    const flags = ["--framework", "flask", "--db", "postgres", "--orm", "none"];
    const made = await runCli(["full", "--no-install", "--yes", ...flags], { cwd: root.path });
    expect(made.exitCode, made.stderr).toBe(0);
    const project = join(root.path, "full");
    const { sh, commit, green } = inProject(project, root.path, { TEST_DATABASE_URL: url as string });
    await sh("uv", ["sync", "--quiet"]);
    // A database of its own, migrated before the feature goes and again after.
    const name = `cb_features_${process.pid}`;
    const create = `import psycopg; c = psycopg.connect(${JSON.stringify(url)}, autocommit=True); c.execute('DROP DATABASE IF EXISTS ${name}'); c.execute('CREATE DATABASE ${name}')`;
    await sh("uv", ["run", "--no-sync", "python", "-c", create]);
    const inPlace = { DATABASE_URL: (url as string).replace(/\/[^/?]*(\?|$)/, `/${name}$1`) };
    await sh("uv", ["run", "--no-sync", "python", "-m", "app.core.migrate"], inPlace);
    await commit();

    const removed = await runCli(["remove", "uploads", "--no-install"], { cwd: project });
    expect(removed.exitCode, removed.stdout + removed.stderr).toBe(0);
    await sh("uv", ["sync", "--quiet"]);
    await sh("uv", ["run", "--no-sync", "python", "-m", "app.core.migrate"], inPlace);
    const left = `import psycopg; print(psycopg.connect(${JSON.stringify(inPlace.DATABASE_URL)}).execute("select to_regclass('uploads')").fetchone())`;
    expect(await sh("uv", ["run", "--no-sync", "python", "-c", left])).toContain("(None,)");
    await green();
    const drop = `import psycopg; psycopg.connect(${JSON.stringify(url)}, autocommit=True).execute('DROP DATABASE ${name}')`;
    await sh("uv", ["run", "--no-sync", "python", "-c", drop]);
  });
});
