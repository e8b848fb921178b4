import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { BIN, entries, runCli, tempDir } from "../helpers/cli.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

describe("informational flags", () => {
  it("--version prints the package version", async () => {
    const run = await runCli(["--version"], { cwd: dir.path });
    expect(run).toEqual({ exitCode: 0, stdout: `${pkg.version}`, stderr: "" });
  });

  it("--help lists every option with its choices and default", async () => {
    const run = await runCli(["--help"], { cwd: dir.path });
    expect(run.exitCode).toBe(0);
    for (const text of [
      "--framework <name>",
      "fastapi, flask; default: fastapi",
      "--db <name>",
      "--orm <name>",
      "--auth <name>",
      "--features <list>",
      "--no-install",
      "--no-git",
      "--yes",
      "--dry-run",
      "--json",
    ]) {
      expect(run.stdout).toContain(text);
    }
  });
});

describe("every option value the CLI offers", () => {
  it.each([
    ["--framework", "flask"],
    ["--db", "postgres"],
    ["--orm", "none"],
    ["--auth", "none"],
    ["--features", "none"],
    ["--features", "docker,cors"],
  ])("%s %s renders a project", async (flag, value) => {
    const run = await runCli(["my-api", "--json", "--dry-run", flag, value], { cwd: dir.path });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout).files).toContain("app/main.py");
  });
});

describe("--dry-run", () => {
  it("lists the files it would write and writes nothing", async () => {
    const run = await runCli(["my-api", "--yes", "--dry-run"], { cwd: dir.path });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Would write");
    expect(run.stdout).toContain("app/main.py");
    expect(run.stdout).toContain(".create-backend.json");
    expect(run.stdout).toContain("Dry run: nothing was written.");
    expect(await entries(dir.path)).toEqual([]);
  });
});

describe("a scaffold without install or git", () => {
  it("writes the project, its manifest and a private .env, and says what to do next", async () => {
    const run = await runCli(["my-api", "--yes", "--no-install", "--no-git"], { cwd: dir.path });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Next steps");
    expect(run.stdout).toContain("cd my-api");
    const project = join(dir.path, "my-api");
    expect(await entries(project)).toEqual(
      expect.arrayContaining([".create-backend.json", ".env", "app", "pyproject.toml"]),
    );
    const manifest = JSON.parse(await readFile(join(project, ".create-backend.json"), "utf8"));
    expect(manifest.answers).toEqual({
      projectName: "my-api",
      framework: "fastapi",
      database: "sqlite",
      orm: "sqlalchemy",
      auth: "jwt",
      features: ["cors", "uploads", "tasks", "docker", "ci"],
      storage: "local",
    });
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.files[".env"]).toBeUndefined();
    expect(await entries(dir.path)).toEqual(["my-api"]);
  });

  it("gives every project its own secret key, absent from .env.example", async () => {
    await runCli(["a", "--yes", "--no-install", "--no-git"], { cwd: dir.path });
    await runCli(["b", "--yes", "--no-install", "--no-git"], { cwd: dir.path });
    const secret = async (p: string) =>
      /^SECRET_KEY=(.*)$/m.exec(await readFile(join(dir.path, p), "utf8"))?.[1] ?? "";
    const [a, b, example] = [await secret("a/.env"), await secret("b/.env"), await secret("a/.env.example")];
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(a).not.toBe(b);
    expect(example).not.toBe(a);
  });

  it("--json describes the result in one object", async () => {
    const run = await runCli(["my-api", "--json", "--no-install", "--no-git", "--features", "none"], {
      cwd: dir.path,
    });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      path: join(dir.path, "my-api"),
      options: { projectName: "my-api", features: [], install: false, git: false },
      dryRun: false,
      install: { tool: null, installed: false, tests: "not-run" },
      git: "skipped",
    });
    expect(result.files).toContain("app/main.py");
    expect(result.files).not.toContain("Dockerfile");
    expect(result.nextSteps).toEqual([
      "cd my-api",
      "uv sync",
      "uv run alembic upgrade head",
      "uv run pytest",
      "uv run uvicorn app.main:app --reload",
    ]);
  });
});

describe("output into a closed pipe", () => {
  it("stops quietly when the reader is gone before it writes (create-backend ... | true)", async () => {
    const { execa } = await import("execa");
    const result = await execa("sh", ["-c", `node ${JSON.stringify(BIN)} my-api --yes --dry-run | true`], {
      cwd: dir.path,
      env: { CI: "true" },
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain("EPIPE");
  });
});
