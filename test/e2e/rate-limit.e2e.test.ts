import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { stackFlags } from "../helpers/matrix.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";
import { stack } from "../helpers/stacks.js";

/**
 * The login limit under gunicorn with 2 workers. Each worker in turn answers a series of
 * attempts on one account while the other is paused (SIGSTOP), so which worker answers
 * is known rather than left to the kernel. In memory each worker counts on its own and
 * lets the limit through; with REDIS_URL (a real Redis, started by .ci/redis.sh) they
 * share one count and exactly the limit gets through in all.
 */
const LIMIT = 5;
const ATTEMPTS_PER_WORKER = LIMIT + 3;
const redisUrl = process.env.TEST_REDIS_URL;
const stacks = [stack({ features: [] }), stack({ framework: "flask", orm: "none", features: [] })];

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-ratelimit-");
});
afterAll(async () => {
  await root.cleanup();
});

function login(url: string, email: string): Promise<{ status: number; retryAfter?: string }> {
  const body = JSON.stringify({ email, password: "wrong password" });
  return new Promise((resolve, reject) => {
    // A connection of its own per attempt: a kept-alive one would stay with one worker.
    const req = request(
      `${url}/api/v1/auth/login`,
      { method: "POST", agent: false, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * gunicorn's worker processes. It forks them one after the other, and the first can
 * answer before the second exists on a busy machine: wait (up to 30 s) for both.
 */
async function workersOf(server: RunningServer): Promise<number[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { stdout } = await execa("pgrep", ["-P", String(server.pid)], { reject: false });
    const pids = stdout.split("\n").filter(Boolean).map(Number);
    if (pids.length >= 2 || Date.now() > deadline) return pids;
    await delay(100);
  }
}

/** How many attempts each worker let through (401: wrong password) before answering 429. */
async function allowedPerWorker(server: RunningServer, email: string): Promise<number[]> {
  const workers = await workersOf(server);
  expect(workers).toHaveLength(2);
  const allowed: number[] = [];
  for (const worker of workers) {
    const others = workers.filter((w) => w !== worker);
    for (const other of others) process.kill(other, "SIGSTOP");
    try {
      const statuses: number[] = [];
      for (let i = 0; i < ATTEMPTS_PER_WORKER; i++) {
        const reply = await login(server.url, email);
        statuses.push(reply.status);
        if (reply.status === 429) expect(Number(reply.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      expect(
        statuses.every((s) => s === 401 || s === 429),
        statuses.join(","),
      ).toBe(true);
      allowed.push(statuses.filter((s) => s === 401).length);
    } finally {
      for (const other of others) process.kill(other, "SIGCONT");
    }
  }
  return allowed;
}

function redisDatabase(url: string, index: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${index}`;
  return parsed.toString();
}

describe.each(stacks.map((s, i) => [s.id, s, i] as const))(
  "%s: login limit under 2 workers",
  (id, s, index) => {
    let project: string;
    let server: RunningServer | undefined;

    const serve = async (extra: Record<string, string>): Promise<RunningServer> => {
      const port = await freePort();
      server = await startServer(".venv/bin/gunicorn", ["app.main:app"], {
        cwd: project,
        port,
        env: {
          ENVIRONMENT: "production",
          BCRYPT_ROUNDS: "4",
          WEB_CONCURRENCY: "2",
          BIND: `127.0.0.1:${port}`,
          RATE_LIMIT_LOGIN: `${LIMIT}/minute`,
          ...extra,
        },
        timeoutMs: 60_000,
      });
      return server;
    };

    beforeAll(async () => {
      const made = await runCli([id, "--json", "--no-install", "--no-git", ...stackFlags(s)], {
        cwd: root.path,
      });
      expect(made.exitCode, made.stdout).toBe(0);
      project = join(root.path, id);
      await execa("uv", ["sync", "--quiet"], { cwd: project });
      const migrate: [string, string[]] =
        s.answers.orm === "sqlalchemy"
          ? [".venv/bin/alembic", ["upgrade", "head"]]
          : [".venv/bin/python", ["-m", "app.core.migrate"]];
      await execa(...migrate, { cwd: project });
    });

    afterAll(async () => {
      await server?.stop();
    });

    it("in memory, each worker counts on its own and lets the limit through", async () => {
      const live = await serve({});
      const allowed = await allowedPerWorker(live, `memory-${id}@example.com`);
      await live.stop();
      expect(allowed).toEqual([LIMIT, LIMIT]);
    });

    it.skipIf(!redisUrl && !process.env.CI)(
      "with REDIS_URL, the workers share one count: exactly the limit gets through in all",
      async () => {
        expect(redisUrl, "TEST_REDIS_URL must name a Redis server (.ci/run starts one)").toBeTruthy();
        // A database of its own per stack: the client address (127.0.0.1) is one key for all.
        const url = redisDatabase(redisUrl as string, index + 1);
        await execa("redis-cli", ["-u", url, "FLUSHDB"]);
        const live = await serve({ REDIS_URL: url });
        const allowed = await allowedPerWorker(live, `redis-${id}@example.com`);
        await live.stop();
        expect(allowed).toEqual([LIMIT, 0]);
        expect(live.output()).not.toMatch(/Traceback/);
      },
    );
  },
);
