import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../src/manifest.js";
import { runCli, tempDir } from "../helpers/cli.js";

/**
 * `create-backend add <feature>` and `remove <feature>` (issue 18): the project as if made
 * with (or without) the feature, merged with its owner's edits, the feature's tables in a
 * new migration. Running the result (install, migrate, tests) is the features e2e's job.
 */
let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd });
const commitAll = async (cwd: string) => {
  await git(cwd, "add", "-A");
  await git(cwd, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "work");
};
/** A new project `api` (every one has that name, so renders compare byte for byte) under `folder`. */
async function project(folder: string, flags: string[]): Promise<string> {
  const cwd = join(dir.path, folder);
  await mkdir(cwd);
  const made = await runCli(["api", "--no-install", "--yes", ...flags], { cwd });
  expect(made.exitCode, made.stderr).toBe(0);
  return join(cwd, "api");
}

describe("add and remove a feature", () => {
  it("add cors keeps the owner's edits, and remove cors gives back the project made without it", async () => {
    const api = await project("api", ["--features", "none"]);
    const bare = await project("bare", ["--features", "none"]);
    const withCors = await project("cors", ["--features", "cors"]);
    const main = join(api, "app/main.py");
    await writeFile(main, `# my note\n${await readFile(main, "utf8")}`);
    await commitAll(api);

    const add = await runCli(["add", "cors", "--json", "--no-install"], { cwd: api });
    expect(add.exitCode, add.stdout).toBe(0);
    const added = JSON.parse(add.stdout);
    expect(added).toMatchObject({
      ok: true,
      feature: "cors",
      direction: "add",
      migration: null,
      conflicts: [],
    });
    expect(added.files).toContainEqual({ path: "app/main.py", action: "merge" });
    expect(await readFile(main, "utf8")).toBe(
      `# my note\n${await readFile(join(withCors, "app/main.py"), "utf8")}`,
    );
    expect(JSON.parse(await readFile(join(api, MANIFEST_PATH), "utf8")).answers.features).toEqual(["cors"]);
    // The project is now what this version renders for its answers.
    await commitAll(api);
    expect((await runCli(["upgrade", "--check"], { cwd: api })).exitCode).toBe(0);
    expect((await runCli(["add", "cors"], { cwd: api })).stdout).toContain("Nothing to do");

    const remove = await runCli(["remove", "cors", "--no-install"], { cwd: api });
    expect(remove.exitCode, remove.stderr).toBe(0);
    expect(await readFile(main, "utf8")).toBe(
      `# my note\n${await readFile(join(bare, "app/main.py"), "utf8")}`,
    );
    for (const path of ["app/core/config.py", "pyproject.toml", ".env.example"])
      expect(await readFile(join(api, path), "utf8"), path).toBe(await readFile(join(bare, path), "utf8"));
  });

  it("add tasks brings its tables as a new migration on the current head, on both data layers", async () => {
    const orm = await project("orm", ["--features", "none"]);
    const add = await runCli(["add", "tasks", "--json", "--no-install"], { cwd: orm });
    expect(add.exitCode, add.stdout).toBe(0);
    const { migration } = JSON.parse(add.stdout);
    expect(migration).toBe("migrations/versions/0003_add_tasks.py");
    const revision = await readFile(join(orm, migration), "utf8");
    expect(revision).toContain('down_revision: str | None = "0002"');
    expect(revision).toContain('op.create_table(\n        "tasks",');
    expect(revision).toContain('def downgrade() -> None:\n    op.drop_table("tasks")');

    const raw = await project("raw", ["--features", "none", "--orm", "none"]);
    const addRaw = await runCli(["add", "tasks", "--json", "--no-install"], { cwd: raw });
    expect(addRaw.exitCode, addRaw.stdout).toBe(0);
    const sql = JSON.parse(addRaw.stdout).migration;
    expect(sql).toBe("migrations/0003_add_tasks.sql");
    expect(await readFile(join(raw, sql), "utf8")).toContain("CREATE TABLE tasks (");
  });

  it("remove refuses, unless --force, when the owner changed a file the feature alone has", async () => {
    const api = await project("api", ["--features", "uploads"]);
    const own = join(api, "app/services/uploads.py");
    await writeFile(own, `${await readFile(own, "utf8")}# mine\n`);
    await commitAll(api);
    const refused = await runCli(["remove", "uploads"], { cwd: api });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("app/services/uploads.py");
    expect((await git(api, "status", "--porcelain")).stdout).toBe("");
    const forced = await runCli(["remove", "uploads", "--force", "--json", "--no-install"], { cwd: api });
    expect(forced.exitCode, forced.stdout).toBe(0);
    const result = JSON.parse(forced.stdout);
    expect(result.files).toContainEqual({ path: "app/services/uploads.py", action: "keep" });
    expect(result.migration).toBe("migrations/versions/0003_remove_uploads.py");
    expect(await readFile(join(api, result.migration), "utf8")).toContain(
      'def upgrade() -> None:\n    op.drop_table("uploads")',
    );
  });

  it("refuses an unknown feature and a dirty tree, writing nothing", async () => {
    const api = await project("api", ["--features", "none"]);
    const unknown = await runCli(["add", "graphql"], { cwd: api });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown feature "graphql"');
    // Without a terminal to ask on, a missing feature is a usage error naming the choices.
    const which = await runCli(["add"], { cwd: api });
    expect(which.exitCode).toBe(2);
    expect(which.stderr).toContain("which feature? create-backend add <feature>");
    expect(which.stderr).toContain("this project can add: cors, uploads, tasks, docker, ci");
    const none = await runCli(["remove"], { cwd: api });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("this project has no feature to remove");
    const auth = await runCli(["remove", "auth"], { cwd: api });
    expect(auth.exitCode).toBe(2);
    expect(auth.stderr).toContain("auth cannot be added or removed later");
    await writeFile(join(api, "README.md"), "mine\n");
    const dirty = await runCli(["add", "cors"], { cwd: api });
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr).toContain("uncommitted changes");
  });

  it("refuses to move a project's uploads to another storage, rather than saying there is nothing to do", async () => {
    const api = await project("api", ["--features", "uploads", "--no-git"]);
    const moved = await runCli(["add", "uploads", "--storage", "s3", "--no-install"], { cwd: api });
    expect(moved.exitCode).toBe(2);
    expect(moved.stderr).toContain("the project has uploads already, stored on local");
    expect(JSON.parse(await readFile(join(api, MANIFEST_PATH), "utf8")).answers.storage).toBe("local");
    const same = await runCli(["add", "uploads", "--storage", "local", "--no-install"], { cwd: api });
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stdout).toContain("Nothing to do");
  });
});
