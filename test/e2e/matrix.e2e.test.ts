import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
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
  const steps = ["scaffold", "install", "ruff", "pytest", "static"];
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
    // After the tests, so they ran in exactly what `uv sync` installs for a user.
    await timed(steps, "static", async () => {
      for (const [file, args] of staticChecks(join(root.path, ".mypy_cache"))) await sh(file, args);
    });
  });
});
