import { randomUUID } from "node:crypto";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entries, runCli, tempDir } from "../helpers/cli.js";
import { tryDevServer } from "../helpers/dev-server.js";
import { killMarked, MARK_VARIABLE, processesMarked, startCli } from "../helpers/faults.js";
import { body } from "../helpers/http.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";

/**
 * The main job, end to end: the built CLI scaffolds the default project,
 * installs it, runs its tests, commits it; the app then serves the contract
 * under its production server.
 */
describe("create-backend my-api --yes", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let project: string;
  let server: RunningServer | undefined;
  let run: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    dir = await tempDir("cb-e2e-");
    project = join(dir.path, "my-api");
    run = await runCli(["my-api", "--yes"], { cwd: dir.path, timeout: 600_000 });
  });

  afterAll(async () => {
    await server?.stop();
    await dir.cleanup();
  });

  it("exits 0 after installing the project and passing its own tests", () => {
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Running the generated tests");
    expect(run.stdout).toContain("Done: my-api is ready.");
  });

  it("commits the project, uv.lock included, and never the .env", async () => {
    const git = (...args: string[]) => execa("git", args, { cwd: project });
    expect((await git("log", "--oneline")).stdout).toMatch(/^[0-9a-f]+ Initial commit from create-backend$/);
    const tracked = (await git("ls-files")).stdout.split("\n");
    expect(tracked).toContain("uv.lock");
    expect(tracked).toContain(".create-backend.json");
    expect(tracked).not.toContain(".env");
    expect((await git("status", "--porcelain")).stdout).toBe("");
  });

  it("passes ruff check and ruff format --check", async () => {
    await execa("uv", ["run", "ruff", "check", "."], { cwd: project });
    await execa("uv", ["run", "ruff", "format", "--check", "."], { cwd: project });
  });

  it("answers on the printed dev-server command straight away: the CLI migrated the database", async () => {
    expect(run.stdout).toContain("Database migrated to 0002");
    const printed =
      run.stdout
        .split("Next steps")[1]
        ?.split("\n")
        .map((line) => line.trim()) ?? [];
    const devServer = printed.find((line) => line.includes("uvicorn"));
    expect(devServer).toBe("uv run uvicorn app.main:app --reload");
    const served = await tryDevServer(devServer as string, project);
    expect(
      { health: served.health, items: served.items, leftovers: served.leftovers },
      served.output,
    ).toEqual({
      health: 200,
      items: 200,
      leftovers: false,
    });
  });

  it("serves the contract under gunicorn with its configured uvicorn workers", async () => {
    await execa("uv", ["run", "alembic", "upgrade", "head"], { cwd: project });
    const port = await freePort();
    server = await startServer(
      ".venv/bin/gunicorn",
      // The worker class comes from the project's gunicorn.conf.py, as in production.
      ["app.main:app", "-w", "2", "-b", `127.0.0.1:${port}`],
      // Production: the secret must come from the generated .env and pass the policy.
      { cwd: project, port, env: { ENVIRONMENT: "production", WEB_CONCURRENCY: "2" } },
    );
    const api = `${server.url}/api/v1`;
    const json = { "content-type": "application/json" };

    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await body(health)).toEqual({ success: true, data: { status: "ok", database: "ok" } });

    const credentials = { email: "Ada@Example.com", password: "correct horse battery" };
    const register = await fetch(`${api}/auth/register`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ...credentials, name: "Ada" }),
    });
    expect(register.status).toBe(201);
    const user = (await body(register)).data;
    expect(user).toMatchObject({ email: "ada@example.com", name: "Ada" });
    expect(JSON.stringify(user)).not.toMatch(/password|hash/);

    const login = await fetch(`${api}/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify(credentials),
    });
    expect(login.status).toBe(200);
    const token = (await body(login)).data;
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 900, refresh_expires_in: 1_209_600 });
    const auth = { ...json, authorization: `Bearer ${token.access_token}` };

    const create = await fetch(`${api}/items`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "Lamp 💡", price: 12.5 }),
    });
    expect(create.status).toBe(201);
    const item = (await body(create)).data;
    expect(create.headers.get("location")).toBe(`/api/v1/items/${item.id}`);
    expect(item).toMatchObject({
      name: "Lamp 💡",
      price: 12.5,
      quantity: 1,
      description: null,
      owner_id: user.id,
    });

    const list = await fetch(`${api}/items`);
    expect(list.status).toBe(200);
    expect(await body(list)).toEqual({
      success: true,
      data: [item],
      pagination: { page: 1, limit: 10, total: 1, pages: 1 },
    });

    const unknown = await fetch(`${api}/nope`);
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe("NOT_FOUND");

    await server.stop();
    expect(server.output()).not.toMatch(/Traceback|Error/);
  });
});

describe("without uv on the PATH", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir("cb-e2e-pip-");
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it("installs with python3 -m venv and pip, and runs the generated tests", async () => {
    // A PATH with node, python3 and git, but no uv.
    const bin = join(dir.path, "bin");
    await execa("mkdir", ["-p", bin]);
    // The interpreter itself, not a version manager's shim that needs its own PATH.
    const python = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    await execa("ln", ["-s", python, join(bin, "python3")]);
    await execa("ln", ["-s", (await execa("sh", ["-c", "command -v git"])).stdout.trim(), join(bin, "git")]);
    await execa("ln", ["-s", process.execPath, join(bin, "node")]);
    const run = await runCli(["via-pip", "--json", "--no-git", "--features", "none"], {
      cwd: dir.path,
      env: { PATH: bin },
      timeout: 600_000,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout).install).toEqual({
      tool: "pip",
      installed: true,
      migratedTo: "0002",
      tests: "passed",
    });
    await access(join(dir.path, "via-pip", ".venv", "bin", "pytest"));
  });
});

describe("when the install cannot finish", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir("cb-e2e-fail-");
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it("keeps the project, shows the failing command's output and how to retry, and exits 1", async () => {
    const emptyCache = join(dir.path, "empty-uv-cache");
    const run = await runCli(["offline", "--yes", "--no-git"], {
      cwd: dir.path,
      // An unreachable index and an empty cache: uv cannot download anything.
      env: { UV_INDEX_URL: "http://127.0.0.1:9/simple", UV_CACHE_DIR: emptyCache, UV_HTTP_TIMEOUT: "2" },
      timeout: 300_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: "uv sync" failed (exit code 2)');
    expect(run.stderr).toContain("  | ");
    expect(run.stderr).toContain(
      "hint: the project was kept; fix the cause, then run:\n  cd offline\n  uv sync\n  uv run alembic upgrade head\n  uv run pytest -q",
    );
    await access(join(dir.path, "offline", ".create-backend.json"));
  });

  it("treats a test run that collects nothing as a failure, not a pass", async () => {
    const run = await runCli(["empty-run", "--yes", "--no-git"], {
      cwd: dir.path,
      env: { PYTEST_ADDOPTS: "-k no_test_has_this_name" },
      timeout: 300_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('"uv run pytest -q" failed (pytest collected no tests)');
  });

  it("installs a PostgreSQL project without a server, and says the tests need one instead of failing", async () => {
    const closed = `postgresql://nobody@127.0.0.1:${await freePort()}/postgres`;
    const run = await runCli(["pg-offline", "--json", "--no-git", "--db", "postgres"], {
      cwd: dir.path,
      env: { TEST_DATABASE_URL: closed },
      timeout: 300_000,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.install).toMatchObject({ tool: "uv", installed: true, tests: "not-run" });
    expect(result.install.reason).toContain("the generated tests need PostgreSQL");
  });

  it("says clearly when neither uv nor Python 3.10+ is on the PATH", async () => {
    const bin = join(dir.path, "only-node");
    await execa("mkdir", ["-p", bin]);
    await execa("ln", ["-s", process.execPath, join(bin, "node")]);
    const run = await runCli(["no-python", "--yes", "--no-git"], { cwd: dir.path, env: { PATH: bin } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "error: Python 3.10 or newer is needed to install the project, and python3 was not found on the PATH",
    );
    expect(run.stderr).toContain("python3 -m venv .venv");
    expect(await readFile(join(dir.path, "no-python", "pyproject.toml"), "utf8")).toContain("[project]");
  });

  it.each([
    ["UV_OFFLINE and an empty cache", { UV_OFFLINE: "1" }],
    ["UV_NO_CACHE and an unreachable index", { UV_NO_CACHE: "1", UV_INDEX_URL: "http://127.0.0.1:9/simple" }],
  ])(
    "under --json, uv failing with %s is one JSON object naming the phase and the retry",
    async (what, env) => {
      const name = what.startsWith("UV_OFFLINE") ? "uv-offline" : "uv-no-cache";
      const run = await runCli([name, "--json", "--no-git", "--features", "none"], {
        cwd: dir.path,
        env: { UV_CACHE_DIR: join(dir.path, `empty-cache-${name}`), UV_HTTP_TIMEOUT: "2", ...env },
        timeout: 300_000,
      });
      expect(run.exitCode, run.stdout).toBe(1);
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout);
      expect(result.error).toMatchObject({
        message: expect.stringMatching(/^"uv sync" failed \(exit code \d+\)$/),
        exitCode: 1,
        phase: "install",
        retry: [`cd ${name}`, "uv sync", "uv run alembic upgrade head", "uv run pytest -q"],
      });
      expect(result.error.output.length).toBeGreaterThan(0);
      await access(join(dir.path, name, ".create-backend.json"));
    },
  );

  it("without uv, pip failing against an unreachable index keeps the project and says how to retry", async () => {
    const bin = join(dir.path, "pip-only");
    await mkdir(bin, { recursive: true });
    const python = (await execa("python3", ["-c", "import sys; print(sys.executable)"])).stdout.trim();
    await execa("ln", ["-s", python, join(bin, "python3")]);
    await execa("ln", ["-s", process.execPath, join(bin, "node")]);
    const noWheels = join(dir.path, "no-wheels");
    await mkdir(noWheels, { recursive: true });
    const run = await runCli(["pip-offline", "--yes", "--no-git", "--features", "none"], {
      cwd: dir.path,
      env: {
        PATH: bin,
        PIP_INDEX_URL: "http://127.0.0.1:9/simple",
        PIP_FIND_LINKS: noWheels,
        PIP_NO_CACHE_DIR: "1",
        PIP_RETRIES: "0",
        PIP_TIMEOUT: "2",
        PIP_DEFAULT_TIMEOUT: "2",
        PIP_CONFIG_FILE: "/dev/null",
      },
      timeout: 300_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/error: "\.venv\/bin\/python -m pip install [^"]+" failed \(exit code 1\)/);
    expect(run.stderr).toContain("hint: the project was kept; fix the cause, then run:\n  cd pip-offline\n");
    await access(join(dir.path, "pip-offline", ".venv", "bin", "python"));
  });

  it("reports the generated tests failing, with pytest's summary, and exits 1", async () => {
    // One extra test file, outside the project, that fails: pytest runs it alongside.
    const failing = join(dir.path, "extra", "test_extra_failure.py");
    await mkdir(join(dir.path, "extra"), { recursive: true });
    await writeFile(failing, "def test_extra_failure():\n    assert 1 + 1 == 3\n");
    const run = await runCli(["red-tests", "--json", "--no-git", "--features", "none"], {
      cwd: dir.path,
      env: { PYTEST_ADDOPTS: failing },
      timeout: 300_000,
    });
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.error).toMatchObject({ message: '"uv run pytest -q" failed (exit code 1)', phase: "test" });
    expect(result.error.output.join("\n")).toMatch(/1 failed/);
    await access(join(dir.path, "red-tests", "uv.lock"));
  });

  it("on Ctrl-C while uv waits on the network, stops uv and everything it started", async () => {
    // An index that accepts connections and never answers: uv sync hangs on it.
    const sockets = new Set<Socket>();
    let connected: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const server = createServer((socket) => {
      sockets.add(socket);
      connected();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const mark = randomUUID();
    try {
      const cli = startCli(["hung", "--yes", "--no-git", "--features", "none"], {
        cwd: dir.path,
        env: {
          UV_INDEX_URL: `http://127.0.0.1:${port}/simple`,
          UV_CACHE_DIR: join(dir.path, "empty-cache-hung"),
          UV_HTTP_TIMEOUT: "300",
          [MARK_VARIABLE]: mark,
        },
      });
      await reached;
      expect(processesMarked(mark).some((p) => /\buv\b.*\bsync\b/.test(p))).toBe(true);
      cli.kill("SIGINT");
      const run = await cli;
      expect(run.exitCode).toBe(130);
      expect(run.stderr).toContain("Cancelled: the project is kept in hung; to finish: cd hung && uv sync");
      for (let i = 0; i < 40 && processesMarked(mark).length > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(processesMarked(mark)).toEqual([]);
      expect(await entries(join(dir.path, "hung"))).toContain("pyproject.toml");
    } finally {
      killMarked(mark);
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
