import { randomBytes } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveStack, launch, startWorker, type TaskWorker } from "../contract/harness.js";
import { tempDir } from "../helpers/cli.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";
import { stack } from "../helpers/stacks.js";

/**
 * A PostgreSQL stack as it runs on several machines, simulated on one: two API servers
 * and two workers, each started from its own copy of the project (no shared disk),
 * sharing only PostgreSQL, the S3 server (TEST_S3_URL) and a Redis queue (a server of
 * this test's own, so that it can be stopped and started again).
 */
const postgres = Boolean(process.env.TEST_DATABASE_URL);
const s3Url = process.env.TEST_S3_URL;
const redisServer = await execa("redis-server", ["--version"], { reject: false });
const skip = !postgres || !s3Url || redisServer.exitCode !== 0;
const s = stack({ database: "postgres", framework: "flask", orm: "none", auth: "none", storage: "s3" });

const COUNTING_KIND = `import os
from pathlib import Path
from typing import Any

from app.tasks.registry import task


@task("e2e-count")
def count(payload: dict[str, Any]) -> dict[str, Any]:
    # O_APPEND: each line lands whole, whichever machine's worker writes it.
    with Path(os.environ["E2E_SIDE_EFFECTS"]).open("a") as log:
        log.write(f"{payload['n']}\\n")
    return {"n": payload["n"]}
`;

interface Redis {
  url: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/** A Redis that keeps its data across a restart (append-only file), on a port of its own. */
async function redis(dir: string): Promise<Redis> {
  const port = await freePort();
  let child: ResultPromise | undefined;
  const start = async () => {
    child = execa(
      "redis-server",
      ["--bind", "127.0.0.1", "--port", String(port), "--dir", dir, "--appendonly", "yes", "--save", ""],
      { reject: false, cleanup: true },
    );
    for (let i = 0; i < 100; i++) {
      const ping = await execa("redis-cli", ["-p", String(port), "ping"], { reject: false });
      if (ping.stdout.trim() === "PONG") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("redis-server did not start");
  };
  const stop = async () => {
    child?.kill("SIGTERM");
    await child;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, start, stop };
}

async function post(url: string, n: number): Promise<Response> {
  return fetch(`${url}/api/v1/tasks`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "e2e-count", payload: { n } }),
  });
}

async function accepted(url: string, n: number): Promise<number> {
  const reply = await post(url, n);
  expect(reply.status).toBe(202);
  return ((await reply.json()) as { data: { id: number } }).data.id;
}

async function statuses(url: string, ids: number[]): Promise<string[]> {
  return Promise.all(
    ids.map(
      async (id) =>
        ((await (await fetch(`${url}/api/v1/tasks/${id}`)).json()) as { data: { status: string } }).data
          .status,
    ),
  );
}

async function allDone(url: string, ids: number[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await statuses(url, ids);
    if (now.every((status) => status === "done") || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(skip)(`${s.id}: two APIs and two workers sharing PostgreSQL and Redis`, () => {
  let root: { path: string; cleanup: () => Promise<void> };
  let queue: Redis;
  let live: LiveStack;
  let b: RunningServer;
  let sideEffects: string;
  const workers: TaskWorker[] = [];

  beforeAll(async () => {
    root = await tempDir("cb-machines-");
    queue = await redis(root.path);
    sideEffects = join(root.path, "side-effects");
    await writeFile(sideEffects, "");
    live = await launch(s, root.path, {
      name: "machine-a",
      taskWorker: false,
      env: {
        TASK_QUEUE_URL: queue.url,
        E2E_SIDE_EFFECTS: sideEffects,
        S3_ENDPOINT_URL: s3Url ?? "",
        S3_BUCKET: `machines-${Date.now()}`,
        S3_REGION: "us-east-1",
        S3_CREATE_BUCKET: "true",
        AWS_ACCESS_KEY_ID: "e2e",
        AWS_SECRET_ACCESS_KEY: "e2e-secret-key",
      },
      prepare: async (dir) => {
        await writeFile(join(dir, "app/tasks/e2e_count.py"), COUNTING_KIND);
        await writeFile(
          join(dir, "app/tasks/registry.py"),
          `${await readFile(join(dir, "app/tasks/registry.py"), "utf8")}    from app.tasks import e2e_count  # noqa: F401\n`,
        );
      },
    });
    const copy = join(root.path, "machine-b");
    await cp(live.dir, copy, { recursive: true, verbatimSymlinks: true });
    const port = await freePort();
    b = await startServer(".venv/bin/gunicorn", ["app.main:app"], {
      cwd: copy,
      port,
      env: { ...live.env, BIND: `127.0.0.1:${port}` },
      timeoutMs: 60_000,
    });
    workers.push(startWorker(live.dir, live.env), startWorker(copy, live.env));
  }, 300_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await b?.stop();
    await live?.stop();
    await queue?.stop();
    await root?.cleanup();
  });

  it("a file uploaded through A downloads byte-identical through B", async () => {
    // Ready, as a load balancer would ask first (S3_CREATE_BUCKET creates the bucket then).
    expect((await fetch(`${live.url}/api/v1/ready`)).status).toBe(200);
    const bytes = Buffer.from(randomBytes(3 * 1024 * 1024 + 17).toString("base64"));
    const form = new FormData();
    form.append("file", new Blob([bytes], { type: "text/plain" }), "machines.txt");
    const uploaded = await fetch(`${live.url}/api/v1/uploads`, { method: "POST", body: form });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { id } = ((await uploaded.json()) as { data: { id: number } }).data;
    const downloaded = await fetch(`${b.url}/api/v1/uploads/${id}`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
  }, 120_000);

  it("200 tasks posted alternately to A and B each run exactly once, read the same from both", async () => {
    const ids: number[] = [];
    for (let n = 0; n < 200; n++) ids.push(await accepted(n % 2 === 0 ? live.url : b.url, n));
    expect(await allDone(live.url, ids, 120_000)).toEqual(ids.map(() => "done"));
    expect(await statuses(b.url, ids)).toEqual(ids.map(() => "done"));
    const ran = (await readFile(sideEffects, "utf8")).split("\n").filter(Boolean).map(Number);
    expect(ran).toHaveLength(200);
    expect(new Set(ran).size).toBe(200);
  }, 300_000);

  it("with Redis down, POST /tasks is a 503 and /ready names the queue; queued work resumes when it returns", async () => {
    // Work queued while no worker runs, then the queue goes down with it inside.
    for (const worker of workers.splice(0)) await worker.stop();
    const waiting = [await accepted(live.url, 1000), await accepted(b.url, 1001)];
    await queue.stop();

    const refused = await post(live.url, 1002);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
    const ready = await fetch(`${b.url}/api/v1/ready`);
    expect(ready.status).toBe(503);
    const details = ((await ready.json()) as { error: { details: { field: string }[] } }).error.details;
    expect(details.map((d) => d.field)).toEqual(["queue"]);

    await queue.start();
    workers.push(startWorker(live.dir, live.env));
    expect(await allDone(b.url, waiting, 60_000)).toEqual(["done", "done"]);
    // The same servers, never restarted, accept and run tasks again.
    expect((await fetch(`${live.url}/api/v1/ready`)).status).toBe(200);
    const after = await accepted(b.url, 1003);
    expect(await allDone(live.url, [after], 60_000)).toEqual(["done"]);
  }, 300_000);
});
