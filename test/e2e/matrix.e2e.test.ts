import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { tryDevServer } from "../helpers/dev-server.js";
import { matrixStacks, stackFlags } from "../helpers/matrix.js";
import { staticChecks } from "../helpers/static-checks.js";

/**
 * Every stack generated, installed (uv, one shared cache), linted, format-checked,
 * tested for real, then type-checked (mypy --strict) and security-linted (bandit);
 * see test/helpers/static-checks.ts. Prints a per-stack timing table at the end.
 */
const timings: { id: string; steps: Record<string, number> }[] = [];

const stacks = matrixStacks();
const available = stacks;

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-matrix-");
});
afterAll(async () => {
  await root.cleanup();
  const steps = ["scaffold", "install", "ruff", "pytest", "next", "static"];
  const lines = [
    `matrix: ${available.length} stacks`,
    ["stack".padEnd(44), ...steps.map((s) => s.padStart(9)), "total".padStart(9)].join(""),
  ];
  for (const t of timings) {
    const total = Object.values(t.steps).reduce((a, b) => a + b, 0);
    lines.push(
      [
        t.id.padEnd(44),
        ...steps.map((s) => `${((t.steps[s] ?? 0) / 1000).toFixed(1)}s`.padStart(9)),
        `${(total / 1000).toFixed(1)}s`.padStart(9),
      ].join(""),
    );
  }
  console.log(lines.join("\n"));
});

async function timed<T>(record: Record<string, number>, step: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    record[step] = (record[step] ?? 0) + performance.now() - start;
  }
}

/**
 * A database of its own for the printed commands (the .env's DATABASE_URL names
 * a server this machine does not run): a SQLite file, or a fresh PostgreSQL one.
 */
async function devDatabase(id: string, project: string, admin: string | undefined): Promise<string> {
  if (!admin) return `sqlite:///${join(project, "dev.db")}`;
  const name = `next_${id.replace(/[^a-z0-9]/g, "_")}_${Date.now()}`;
  await execa("psql", [admin, "-qc", `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.each(available.map((s) => [s.id, s] as const))("%s", (id, s) => {
  it("is generated, installs, passes ruff, its own tests, mypy --strict and bandit", async () => {
    const steps: Record<string, number> = {};
    timings.push({ id, steps });
    const env: Record<string, string> = {};
    if (s.answers.database === "postgres") {
      const url = process.env.TEST_DATABASE_URL;
      expect(url, "TEST_DATABASE_URL must point at a PostgreSQL server (.ci/run starts one)").toBeTruthy();
      env.TEST_DATABASE_URL = url as string;
    }
    const scaffold = await timed(steps, "scaffold", () =>
      runCli([id, "--json", "--no-install", "--no-git", ...stackFlags(s)], { cwd: root.path }),
    );
    expect(scaffold.exitCode, scaffold.stdout).toBe(0);
    const project = join(root.path, id);
    const sh = (file: string, args: string[]) =>
      execa(file, args, { cwd: project, env, all: true, reject: false }).then((r) => {
        expect(r.exitCode, `${file} ${args.join(" ")}\n${r.all}`).toBe(0);
        return r;
      });
    await timed(steps, "install", () => sh("uv", ["sync", "--quiet"]));
    await timed(steps, "ruff", async () => {
      await sh("uv", ["run", "--no-sync", "ruff", "check", "."]);
      await sh("uv", ["run", "--no-sync", "ruff", "format", "--check", "."]);
    });
    const pytest = await timed(steps, "pytest", () =>
      sh("uv", ["run", "--no-sync", "pytest", "-q", "-p", "no:cacheprovider"]),
    );
    // Exit 0 with nothing collected would be exit 5; make the count explicit too.
    expect(pytest.all).toMatch(/\d+ passed/);
    // The next steps the CLI printed, run as printed: the migrate command, then the
    // dev server, which must answer and stop cleanly on Ctrl-C.
    await timed(steps, "next", async () => {
      const printed: string[] = JSON.parse(scaffold.stdout).nextSteps;
      const devServer = printed.at(-1) as string;
      const migrate = printed.filter((line) => /alembic|app\.core\.migrate/.test(line));
      expect(migrate, printed.join("\n")).toHaveLength(1);
      const postgres = s.answers.database === "postgres";
      const devEnv = {
        ...env,
        DATABASE_URL: await devDatabase(id, project, postgres ? env.TEST_DATABASE_URL : undefined),
      };
      const migrated = await execa("sh", ["-c", migrate[0] as string], {
        cwd: project,
        env: devEnv,
        all: true,
        reject: false,
      });
      expect(migrated.exitCode, migrated.all).toBe(0);
      const served = await tryDevServer(devServer, project, devEnv);
      expect(
        { health: served.health, items: served.items, leftovers: served.leftovers },
        `${devServer}\n${served.output}`,
      ).toEqual({
        health: 200,
        items: 200,
        leftovers: false,
      });
    });
    // After the tests, so they ran in exactly what `uv sync` installs for a user.
    await timed(steps, "static", async () => {
      for (const [file, args] of staticChecks(join(root.path, ".mypy_cache"))) await sh(file, args);
    });
  });
});
