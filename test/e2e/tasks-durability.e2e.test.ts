import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveStack, launch, serveAgain, startWorker, type TaskWorker } from "../contract/harness.js";
import { tempDir } from "../helpers/cli.js";
import type { RunningServer } from "../helpers/server.js";
import { type Stack, stack } from "../helpers/stacks.js";

/**
 * Background tasks survive what a deploy or a crash does to their processes: real
 * gunicorn servers and `python -m app.worker` processes, killed with SIGKILL, on the
 * queue each stack uses by default (a SQLite file). A task kind of this test's own
 * sleeps, then appends its number to a file: its side effect.
 */
// Longer than any task here: a task outliving its lease is taken as lost and run again.
const LEASE_SECONDS = 15;
const SLOW_KIND = `import os
import time
from pathlib import Path
from typing import Any

from app.tasks.registry import task


@task("e2e-slow")
def slow(payload: dict[str, Any]) -> dict[str, Any]:
    time.sleep(float(payload["seconds"]))
    with Path(os.environ["E2E_SIDE_EFFECTS"]).open("a") as log:
        log.write(f"{payload['n']}\\n")
    return {"n": payload["n"]}
`;

const postgres = Boolean(process.env.TEST_DATABASE_URL);
const stacks: Stack[] = [
  stack({ auth: "none" }),
  stack({ framework: "flask", orm: "none", auth: "none" }),
  ...(postgres
    ? [
        stack({ database: "postgres", orm: "none", auth: "none" }),
        stack({ framework: "flask", database: "postgres", auth: "none" }),
      ]
    : []),
];

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-tasks-");
});
afterAll(async () => {
  await root.cleanup();
});

async function addSlowKind(dir: string): Promise<void> {
  await writeFile(join(dir, "app/tasks/e2e_slow.py"), SLOW_KIND);
  await appendFile(join(dir, "app/tasks/registry.py"), "    from app.tasks import e2e_slow  # noqa: F401\n");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, n: number, seconds: number): Promise<number> {
  const reply = await fetch(`${url}/api/v1/tasks`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "e2e-slow", payload: { n, seconds } }),
  });
  expect(reply.status).toBe(202);
  return ((await reply.json()) as { data: { id: number } }).data.id;
}

interface TaskState {
  id: number;
  status: string;
  attempts: number;
  result: unknown;
  error: string | null;
}

async function state(url: string, id: number): Promise<TaskState> {
  const reply = await fetch(`${url}/api/v1/tasks/${id}`);
  const body = (await reply.json()) as { data?: TaskState };
  if (reply.status !== 200 || !body.data)
    throw new Error(`GET /tasks/${id}: ${reply.status} ${JSON.stringify(body)}`);
  return body.data;
}

/** A few at a time: the server's database pool, not this test, should set the pace. */
async function states(url: string, ids: number[]): Promise<TaskState[]> {
  const all: TaskState[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    all.push(...(await Promise.all(ids.slice(i, i + 8).map((id) => state(url, id)))));
  }
  return all;
}

async function waitForRunning(url: string, ids: number[], count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await states(url, ids)).filter((t) => t.status === "running").length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} tasks running after 60 s`);
    await sleep(200);
  }
}

async function settled(url: string, ids: number[], timeoutMs: number): Promise<TaskState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await states(url, ids);
    if (now.every((t) => t.status === "done" || t.status === "failed") || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** SIGKILL to gunicorn's master and its workers at once: nothing gets to clean up. */
async function killServer(server: RunningServer): Promise<void> {
  const { stdout } = await execa("pgrep", ["-P", String(server.pid)], { reject: false });
  for (const pid of [server.pid, ...stdout.split("\n").filter(Boolean).map(Number)]) {
    if (pid !== undefined) process.kill(pid, "SIGKILL");
  }
  await server.stop();
}

describe.each(stacks.map((s) => [s.id, s] as const))("%s: tasks on a queue, run by workers", (id, s) => {
  let live: LiveStack;
  let server: RunningServer;
  let sideEffects: string;
  const workers: TaskWorker[] = [];

  beforeAll(async () => {
    sideEffects = join(root.path, `${id}.side-effects`);
    await writeFile(sideEffects, "");
    live = await launch(s, root.path, {
      name: id,
      taskWorker: false,
      prepare: addSlowKind,
      env: { TASK_LEASE_SECONDS: String(LEASE_SECONDS), E2E_SIDE_EFFECTS: sideEffects },
    });
    server = live.server;
  }, 240_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await server?.stop();
    await live?.stop();
  });

  it("requests stay fast while 40 long tasks run", async () => {
    const worker = startWorker(live.dir, { ...live.env, TASK_WORKERS: "40" });
    workers.push(worker);
    const ids: number[] = [];
    for (let n = 0; n < 40; n++) ids.push(await post(server.url, n, 10));
    await waitForRunning(server.url, ids, 40);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const reply = await fetch(`${server.url}/api/v1/health`);
      times.push(performance.now() - started);
      expect(reply.status).toBe(200);
    }
    // Still running while /health was measured: they share no thread with requests.
    expect((await states(server.url, ids)).filter((t) => t.status === "running").length).toBe(40);
    times.sort((a, b) => a - b);
    const p99 = times[Math.ceil(times.length * 0.99) - 1] ?? Number.POSITIVE_INFINITY;
    expect(p99, `p99 of /health: ${p99.toFixed(1)} ms`).toBeLessThan(200);
    await worker.stop(); // SIGTERM: running tasks finish first (TASKS_SHUTDOWN_TIMEOUT)
    const after = await states(server.url, ids);
    expect(after.map((t) => t.status)).toEqual(ids.map(() => "done"));
  }, 120_000);

  it("every task ends done, whatever is killed mid-run, and none is left pending or running", async () => {
    const first = startWorker(live.dir, { ...live.env, TASK_WORKERS: "4" });
    workers.push(first);
    const ids: number[] = [];
    for (let n = 100; n < 160; n++) ids.push(await post(server.url, n, 2));
    await waitForRunning(server.url, ids, 1);
    // The worker dies with tasks running (their leases will expire) and others queued.
    if (first.pid !== undefined) process.kill(first.pid, "SIGKILL");
    await first.stop();
    const runningWhenKilled = (await states(server.url, ids)).filter((t) => t.status === "running").length;
    expect(runningWhenKilled).toBeGreaterThan(0);
    // The API dies right after some 202s: what it accepted is already queued.
    for (let n = 160; n < 170; n++) ids.push(await post(server.url, n, 2));
    await killServer(server);

    server = await serveAgain(live, {});
    workers.push(startWorker(live.dir, { ...live.env, TASK_WORKERS: "4" }));
    // 70 tasks of 2 s on 4 threads, plus the lease and the sweep (once a minute).
    const final = await settled(server.url, ids, 180_000);
    const stuck = final.filter((t) => t.status !== "done");
    expect(stuck, JSON.stringify(stuck)).toEqual([]);
    expect(final.every((t) => t.attempts >= 1 && t.attempts <= 3)).toBe(true);
    // The tasks that were running when their worker died ran again.
    expect(final.filter((t) => t.attempts >= 2).length).toBeGreaterThanOrEqual(runningWhenKilled);
    const done = (await readFile(sideEffects, "utf8")).split("\n").filter(Boolean).map(Number);
    for (let n = 100; n < 170; n++) expect(done, `side effect of task ${n}`).toContain(n);
  }, 300_000);
});
