import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationName } from "../../src/upgrade/schema-catch-up.js";
import { VERSION } from "../../src/version.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { fullStacks, stackFlags } from "../helpers/matrix.js";
import { inProject } from "../helpers/project-shell.js";
import { stack } from "../helpers/stacks.js";

/**
 * `create-backend upgrade` on projects the 0.1.0 release made (issue 18). The release is
 * the packed tarball kept in test/fixtures/releases: it makes the project and generates a
 * resource in it, its owner edits a route, the README and a setting, and this version
 * upgrades it. Afterwards the edits are there, this version's files are there, the
 * database the project already had is migrated in place, and the project is green.
 */
const RELEASE = resolve(import.meta.dirname, "../fixtures/releases/create-backend-0.1.0.tgz");

let root: { path: string; cleanup: () => Promise<void> };
let oldCli: string;
beforeAll(async () => {
  root = await tempDir("cb-upgrade-");
  await execa("tar", ["-xzf", RELEASE, "-C", root.path]);
  oldCli = join(root.path, "package", "bin", "create-backend.js");
});
afterAll(async () => {
  await root.cleanup();
});

async function madeBy010(name: string, flags: string[]): Promise<string> {
  const old = (args: string[], cwd: string) =>
    execa(process.execPath, [oldCli, ...args], { cwd, env: { CI: "true" }, all: true, reject: false });
  const made = await old([name, ...flags, "--no-install", "--yes"], root.path);
  expect(made.exitCode, made.all).toBe(0);
  const project = join(root.path, name);
  expect(JSON.parse(await readFile(join(project, ".create-backend.json"), "utf8")).version).toBe("0.1.0");
  const generated = await old(
    ["generate", "resource", "product", "name:string", "price:decimal", "stock:int?"],
    project,
  );
  expect(generated.exitCode, generated.all).toBe(0);
  return project;
}

/** The owner's three edits, each in a region 0.2.0 leaves alone: a route, the README, a setting. */
const EDITS = {
  route: "# Bulk import of items comes next: see the team board.\n",
  readme: "Owned by the catalogue team: ask in #catalogue.\n",
  setting: '    support_email: str = "catalogue@example.com"\n',
};

async function editAsAnOwner(project: string): Promise<void> {
  const edit = async (path: string, change: (text: string) => string) => {
    const before = await readFile(join(project, path), "utf8");
    const after = change(before);
    expect(after, path).not.toBe(before);
    await writeFile(join(project, path), after);
  };
  await edit("app/api/v1/routes/items.py", (text) => `${text}\n\n${EDITS.route}`);
  await edit("README.md", (text) => text.replace(/^## Layout\n/m, `${EDITS.readme}\n$&`));
  await edit("app/core/config.py", (text) =>
    text.replace(/^( {4}debug: bool = [^\n]+\n)/m, `$1${EDITS.setting}`),
  );
}

async function expectUpgraded(project: string, run: { exitCode: number; stdout: string; stderr: string }) {
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const outcome = JSON.parse(run.stdout);
  expect(outcome).toMatchObject({ from: "0.1.0", to: VERSION, base: "release", conflicts: [] });
  const action = (path: string) => outcome.files.find((f: { path: string }) => f.path === path)?.action;
  for (const path of ["app/api/v1/routes/items.py", "README.md", "app/core/config.py"])
    expect(action(path), path).toBe("merge");
  expect(await readFile(join(project, "app/api/v1/routes/items.py"), "utf8")).toContain(EDITS.route);
  expect(await readFile(join(project, "README.md"), "utf8")).toContain(EDITS.readme);
  expect(await readFile(join(project, "app/core/config.py"), "utf8")).toContain(EDITS.setting);
  // This version's changes: a new module, the generated resource in this version's words.
  expect(action("app/api/v1/routes/ready.py")).toBe("add");
  expect(await readFile(join(project, "app/services/products.py"), "utf8")).toContain("def list_products(");
  const manifest = JSON.parse(await readFile(join(project, ".create-backend.json"), "utf8"));
  expect(manifest.version).toBe(VERSION);
  return outcome as { migrations: { path: string }[] };
}

/**
 * A project this version makes with the same answers and resource, in `root/<name>`: the
 * schema its migrations build is the one the upgraded project must end in.
 */
async function madeByThisVersion(name: string, flags: string[]): Promise<string> {
  const made = await runCli([name, ...flags, "--no-install", "--no-git", "--yes"], { cwd: root.path });
  expect(made.exitCode, made.stderr).toBe(0);
  const project = join(root.path, name);
  const generated = await runCli(
    ["generate", "resource", "product", "name:string", "price:decimal", "stock:int?"],
    {
      cwd: project,
    },
  );
  expect(generated.exitCode, generated.stderr).toBe(0);
  return project;
}

/** Each table's columns (name, type, null or not), indexes and foreign keys; not their order or defaults. */
const SQLITE_SCHEMA = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
print(json.dumps({t: {
    "columns": sorted((c[1], c[2], c[3]) for c in db.execute(f"PRAGMA table_info({t})")),
    "indexes": sorted((i[1], i[2]) for i in db.execute(f"PRAGMA index_list({t})") if not i[1].startswith("sqlite_")),
    "foreign_keys": sorted((f[2], f[3], f[4], f[6]) for f in db.execute(f"PRAGMA foreign_key_list({t})")),
} for t in sorted(tables)}, sort_keys=True))
`;
const POSTGRES_SCHEMA = `
import json, sys, psycopg
db = psycopg.connect(sys.argv[1])
columns = db.execute("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name != 'schema_migrations' ORDER BY 1, 2").fetchall()
indexes = db.execute("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename != 'schema_migrations' ORDER BY 1, 2").fetchall()
checks = db.execute("SELECT conrelid::regclass::text, conname, contype FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text != 'schema_migrations' ORDER BY 1, 2").fetchall()
print(json.dumps({"columns": columns, "indexes": indexes, "constraints": checks}))
`;

const FLASK_POSTGRES_RAW = ["--framework", "flask", "--db", "postgres", "--orm", "none"];

/** Databases of their own on the test server, made and dropped through the project's psycopg. */
function postgresDatabases(url: string, sh: (file: string, args: string[]) => Promise<string>) {
  const admin = (sql: string) =>
    sh("uv", [
      "run",
      "--no-sync",
      "python",
      "-c",
      `import psycopg; c = psycopg.connect(${JSON.stringify(url)}, autocommit=True); ${sql}`,
    ]);
  return {
    async create(name: string): Promise<string> {
      await admin(`c.execute('DROP DATABASE IF EXISTS ${name}'); c.execute('CREATE DATABASE ${name}')`);
      return url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    },
    drop: (name: string) => admin(`c.execute('DROP DATABASE ${name}')`),
  };
}

describe("upgrade a project made by create-backend 0.1.0, end to end", () => {
  it("FastAPI + SQLite: merged, the development database migrated in place, tests green", async () => {
    const project = await madeBy010("shop", []);
    const { sh, commit, green } = inProject(project, root.path);
    // The project in use at 0.1.0: installed, its database holding a user and a task
    // that was running when the deploy stopped it.
    await sh("uv", ["sync", "--quiet"]);
    await sh("uv", ["run", "--no-sync", "alembic", "upgrade", "head"]);
    const seed = [
      "import sqlite3",
      "db = sqlite3.connect('app.db')",
      "db.execute(\"INSERT INTO users (email, name, password_hash, created_at, updated_at) VALUES ('old@example.com', 'Old', 'x', '2026-01-01', '2026-01-01')\")",
      "db.execute(\"INSERT INTO tasks (owner_id, kind, status, payload, created_at, updated_at) VALUES (1, 'echo', 'running', '{}', '2026-01-01', '2026-01-01')\")",
      "db.commit()",
    ].join("\n");
    await sh("uv", ["run", "--no-sync", "python", "-c", seed]);
    await editAsAnOwner(project);
    await commit("our edits");

    const run = await runCli(["upgrade", "--json", "--base-release", RELEASE], { cwd: project });
    const outcome = await expectUpgraded(project, run);
    expect(outcome.migrations.map((m) => m.path)).toEqual([
      "migrations/versions/0003_roles_and_sessions.py",
      "migrations/versions/0004_durable_tasks.py",
    ]);
    // The CLI installed, migrated app.db in place and ran the tests, as create does.
    expect(JSON.parse(run.stdout).install).toMatchObject({
      installed: true,
      migratedTo: "0004",
      tests: "passed",
    });
    const rows = await sh("uv", [
      "run",
      "--no-sync",
      "python",
      "-c",
      "import sqlite3; db = sqlite3.connect('app.db'); print(db.execute('SELECT role FROM users').fetchall(), db.execute('SELECT status, attempts FROM tasks').fetchall())",
    ]);
    expect(rows).toContain("[('user',)] [('failed', 1)]");
    // The schema migrated in place is the one a project made by this version gets.
    const fresh = await madeByThisVersion("shop-now", []);
    const freshDb = { DATABASE_URL: `sqlite:///${join(fresh, "fresh.db")}` };
    await execa("uv", ["run", "--project", project, "--no-sync", "alembic", "upgrade", "head"], {
      cwd: fresh,
      env: freshDb,
    });
    const schema = (db: string) => sh("uv", ["run", "--no-sync", "python", "-c", SQLITE_SCHEMA, db]);
    const upgraded = JSON.parse(await schema(join(project, "app.db")));
    expect(Object.keys(upgraded)).toEqual(
      expect.arrayContaining(["products", "refresh_tokens", "tasks", "users"]),
    );
    expect(upgraded).toEqual(JSON.parse(await schema(join(fresh, "fresh.db"))));
    await green();
    // A second run has nothing left to do.
    await commit("upgraded");
    expect((await runCli(["upgrade", "--check"], { cwd: project })).exitCode).toBe(0);
  });

  it("Flask + PostgreSQL raw SQL: merged, migrated in place and from scratch, tests green", async () => {
    const url = process.env.TEST_DATABASE_URL;
    expect(url, "TEST_DATABASE_URL must be set (.ci/run starts PostgreSQL)").toBeTruthy();
    const project = await madeBy010("catalogue", FLASK_POSTGRES_RAW);
    const { sh, commit, green } = inProject(project, root.path, { TEST_DATABASE_URL: url as string });
    await sh("uv", ["sync", "--quiet"]);
    const databases = postgresDatabases(url as string, sh);
    const name = `cb_upgrade_${process.pid}`;
    const inPlace = { DATABASE_URL: await databases.create(name) };
    await sh("uv", ["run", "--no-sync", "python", "-m", "app.core.migrate"], inPlace);
    await editAsAnOwner(project);
    await commit("our edits");

    const run = await runCli(["upgrade", "--json", "--no-install", "--base-release", RELEASE], {
      cwd: project,
    });
    const outcome = await expectUpgraded(project, run);
    expect(outcome.migrations.map((m) => m.path)).toEqual([
      "migrations/0003_roles_and_sessions.sql",
      "migrations/0004_durable_tasks.sql",
    ]);
    await sh("uv", ["sync", "--quiet"]);
    expect(await sh("uv", ["run", "--no-sync", "python", "-m", "app.core.migrate"], inPlace)).toMatch(/0004/);
    // The schema migrated in place is the one a project made by this version gets.
    const fresh = await madeByThisVersion("catalogue-now", FLASK_POSTGRES_RAW);
    const freshDb = { DATABASE_URL: await databases.create(`${name}_now`) };
    const migrated = await execa(
      "uv",
      ["run", "--project", project, "--no-sync", "python", "-m", "app.core.migrate"],
      {
        cwd: fresh,
        env: freshDb,
        all: true,
        reject: false,
      },
    );
    expect(migrated.exitCode, migrated.all).toBe(0);
    const schema = (url: string) => sh("uv", ["run", "--no-sync", "python", "-c", POSTGRES_SCHEMA, url]);
    const upgraded = JSON.parse(await schema(inPlace.DATABASE_URL));
    expect(upgraded.columns).toContainEqual(["tasks", "max_attempts", "integer", "NO"]);
    expect(upgraded).toEqual(JSON.parse(await schema(freshDb.DATABASE_URL)));
    await green();
    for (const db of [name, `${name}_now`]) await databases.drop(db);
  });
});

/**
 * Every stack 0.1.0 made, untouched by its owner: after the upgrade it is exactly what
 * this version makes for the same answers and resource, file for file, but for what an
 * upgrade never rewrites (applied migrations, .env, the manifest's hashes). Nothing is
 * installed: this is the render, on all 17 stacks.
 */
describe("every stack 0.1.0 made, untouched, upgrades to this version's render", () => {
  const RESOURCE = ["generate", "resource", "product", "name:string", "price:decimal", "stock:int?"];
  const NEVER_REWRITTEN = (path: string) =>
    path === ".create-backend.json" ||
    path === ".env" ||
    path.startsWith("migrations/") ||
    path.startsWith(".git/");

  for (const s of [...fullStacks(), stack({ features: [] })]) {
    it(s.id, async () => {
      const flags = stackFlags(s);
      // 0.1.0 had no --storage (uploads were on the local disk).
      const storage = flags.indexOf("--storage");
      const oldFlags = storage === -1 ? flags : [...flags.slice(0, storage), ...flags.slice(storage + 2)];
      const [oldDir, newDir] = [join(root.path, "old", s.id), join(root.path, "new", s.id)];
      await mkdir(oldDir, { recursive: true });
      await mkdir(newDir, { recursive: true });

      const old = (args: string[], cwd: string) =>
        execa(process.execPath, [oldCli, ...args], { cwd, env: { CI: "true" }, all: true, reject: false });
      expect((await old(["api", ...oldFlags, "--no-install", "--yes"], oldDir)).exitCode).toBe(0);
      const project = join(oldDir, "api");
      expect((await old(RESOURCE, project)).exitCode).toBe(0);
      const { commit } = inProject(project, root.path);
      await commit("the resource");
      const upgraded = await runCli(["upgrade", "--json", "--no-install", "--base-release", RELEASE], {
        cwd: project,
      });
      expect(upgraded.exitCode, upgraded.stdout + upgraded.stderr).toBe(0);
      expect(JSON.parse(upgraded.stdout)).toMatchObject({ base: "release", conflicts: [] });

      const made = await runCli(["api", ...flags, "--no-install", "--no-git", "--yes"], { cwd: newDir });
      expect(made.exitCode, made.stderr).toBe(0);
      const fresh = join(newDir, "api");
      expect((await runCli(RESOURCE, { cwd: fresh })).exitCode).toBe(0);

      const mine = await filesOf(project, NEVER_REWRITTEN);
      const theirs = await filesOf(fresh, NEVER_REWRITTEN);
      expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
      for (const [path, text] of Object.entries(theirs)) expect(mine[path], path).toBe(text);
      // Every migration a new project has, the upgraded one has too, by name.
      const names = async (dir: string) =>
        Object.keys(await filesOf(dir, (path) => !path.startsWith("migrations/")))
          .map((path) => migrationName(path.split("/").pop() ?? ""))
          .filter((name) => name !== undefined);
      expect(await names(project)).toEqual(expect.arrayContaining(await names(fresh)));
    });
  }
});

async function filesOf(root: string, skip: (path: string) => boolean): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    if (!skip(path)) out[path] = await readFile(join(root, path), "utf8");
  }
  return out;
}
