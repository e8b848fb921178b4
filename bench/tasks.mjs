// Background-task figures (issue 15): a project with tasks on Huey, its API and two
// workers on a Redis queue, against Huey alone running the same no-op in the same run;
// the latency from the POST to the task starting on Redis and on SQLite queues; and a
// worker's memory before and after 1,000 tasks. The measuring is bench/tasks/driver.py,
// run with the project's own Python.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { figure, run } from "./lib/measure.mjs";

const ROOT = new URL("..", import.meta.url).pathname;

/**
 * @param {{ workdir: string, log: (line: string) => void, quick: boolean }} options
 * @returns {import("./lib/measure.mjs").Figure[]}
 */
export function measureTasks({ workdir, log, quick }) {
  const parent = join(workdir, "tasks");
  rmSync(parent, { recursive: true, force: true });
  mkdirSync(parent, { recursive: true });
  const dir = join(parent, "tasks-bench");
  log("tasks: generating the default project without auth (the driver posts without a token)");
  run(
    process.execPath,
    [
      join(ROOT, "bin/create-backend.js"),
      "tasks-bench",
      "--yes",
      "--no-install",
      "--no-git",
      "--auth",
      "none",
    ],
    { cwd: parent },
  );
  run("uv", ["sync", "--quiet"], { cwd: dir });
  log("tasks: API + 2 workers on Redis, then on SQLite, then Huey alone");
  const tasks = quick ? 300 : 1000;
  const out = run(
    join(dir, ".venv/bin/python"),
    [join(ROOT, "bench/tasks/driver.py"), "--tasks", String(tasks)],
    {
      cwd: dir,
    },
  );
  /** @type {Record<string, number>} */
  const r = JSON.parse(out);
  const num = (/** @type {string} */ key) => {
    const value = r[key];
    if (typeof value !== "number") throw new Error(`driver.py printed no ${key}: ${out}`);
    return value;
  };
  const throughput = num("api_jobs_per_s") / num("engine_jobs_per_s");
  const growth = num("worker_rss_after_kib") / num("worker_rss_idle_kib");
  return [
    figure({
      id: "tasks-throughput",
      label: `Tasks POST → done, ${tasks} tasks, 2 workers × 2 threads, Redis`,
      unit: "jobs/s",
      ours: num("api_jobs_per_s"),
      baseline: num("engine_jobs_per_s"),
      baselineLabel: "Huey alone: the same no-op enqueued and run by 2 consumers × 2 threads, no API, no row",
      target: "≥ 0.5×",
      met: throughput >= 0.5,
      note: "each task: an INSERT by the API, then a claim and a finish by the worker (three SQLite write transactions)",
    }),
    figure({
      id: "tasks-api-ceiling",
      label: `GET /health, ${tasks} requests by the same 8 clients, same API`,
      unit: "req/s",
      ours: num("health_per_s"),
      baseline: num("engine_jobs_per_s"),
      baselineLabel: "Huey alone, as above",
      target: "—",
      met: null,
      note: "the API's own ceiling, with no database and no queue: below it no task can be accepted",
    }),
    figure({
      id: "tasks-latency-p50",
      label: "Tasks POST → running, p50, SQLite queue vs Redis queue",
      unit: "ms",
      ours: num("sqlite_latency_p50_ms"),
      baseline: num("redis_latency_p50_ms"),
      baselineLabel: "the same, Redis queue",
      target: "—",
      met: null,
      note: "100 tasks posted 20 ms apart; SQLite storage is polled (at most 1 s apart when idle), Redis blocks on the list",
    }),
    figure({
      id: "tasks-latency-p99",
      label: "Tasks POST → running, p99, SQLite queue vs Redis queue",
      unit: "ms",
      ours: num("sqlite_latency_p99_ms"),
      baseline: num("redis_latency_p99_ms"),
      baselineLabel: "the same, Redis queue",
      target: "—",
      met: null,
    }),
    figure({
      id: "tasks-worker-memory",
      label: "Worker RSS after 1,000 tasks vs idle",
      unit: "KiB",
      ours: num("worker_rss_after_kib"),
      baseline: num("worker_rss_idle_kib"),
      baselineLabel: "the same worker, idle after start-up",
      target: "≤ 1.10×",
      met: growth <= 1.1,
    }),
  ];
}
