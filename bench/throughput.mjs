// Figure 5, app throughput: `GET /api/v1/items?limit=10` over 1,000 rows, the
// generated FastAPI and Flask apps (default stack: SQLite, SQLAlchemy, JWT auth,
// every feature) against a minimal hand-written app on the same framework
// (bench/throughput/minimal_*.py: same SQLite file, same SQL, same JSON body). The
// minimal app runs twice: on SQLAlchemy's ORM, the data-access choice of the default
// stack (the baseline of the target), and on the stdlib sqlite3 driver (the floor:
// what the ORM itself costs). All are served the same way: gunicorn with the
// generated gunicorn.conf.py (uvicorn_worker / gthread) and the same worker count.
//
// One worker by default (--workers to change it). With two uvicorn workers on a
// 2-core machine the split of wrk's connections between them is left to whichever
// worker wakes first (asyncio accepts every pending connection at once), so one
// worker often serves them all: identical runs then differed by 2× in req/s and the
// ratio swung between 0.75× and 1.45×. One worker removes that lottery and leaves a
// core to wrk and the rest of the machine.
//
// Load generator: wrk (Debian's `wrk` package; installed here when missing). It is
// C on one event loop, so on a 2-core machine it takes far less CPU away from the
// servers than autocannon (Node) would, and it reports latency percentiles
// (--latency) directly; oha would do too but is not packaged by Debian. wrk is a
// closed loop (a connection sends its next request when the previous answer
// arrives), so p99 here is the latency under saturation, queueing included.
//
// Shared machines are noisy, so every figure is the median of several bounded
// runs, the apps taking turns (who goes first rotates each round).
// Besides req/s and p99 the servers' own CPU time per request is reported (from
// /proc): it depends much less on what else the machine is doing than req/s does.
//
//   node bench/throughput.mjs [--quick] [--framework fastapi|flask] [--workdir DIR]
//                             [--workers N] [--connections N]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";

import { median, run } from "./lib/measure.mjs";
import {
  ensureWrk,
  guardSignals,
  PATH,
  running,
  startServer,
  stopServer,
  wrk,
} from "./throughput/processes.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const HERE = join(ROOT, "bench/throughput");
const ROWS = 1000;
const TARGET = 0.8;
/** @type {Load} */
const DEFAULT_LOAD = { workers: 1, connections: 16 };

/**
 * @typedef {import("./lib/measure.mjs").Figure} Figure
 * @typedef {import("./throughput/processes.mjs").Run} Run
 * @typedef {import("./throughput/processes.mjs").Server} Server
 * @typedef {{ workers: number, connections: number }} Load gunicorn workers per app, wrk connections
 * @typedef {{ sql: string, params: unknown[], plan?: string[], us_per_call?: number }} Statement
 * @typedef {{ service_list_items_us: number, session_us: number, repo_list_page_us: number,
 *   repo_count_us: number, response_models_and_json_us: number }} Timings per call, µs (prepare.py)
 * @typedef {{ rows: number, statements: Statement[], timings: Timings }} QueryReport
 * @typedef {{ data?: unknown[], pagination?: { total?: number } }} ListBody what checkSameBody reads of a list
 */

/**
 * Generates the default project for `framework`, installs it, migrates and seeds its database.
 * @param {string} framework
 * @param {string} parent
 * @param {(line: string) => void} log
 */
function prepareProject(framework, parent, log) {
  const name = `tp-${framework}`;
  const dir = join(parent, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(parent, { recursive: true });
  if (!existsSync(join(ROOT, "dist/cli.js"))) run("npm", ["run", "build"], { cwd: ROOT });
  log(`${framework}: generating ${dir}`);
  const frameworkArgs = framework === "fastapi" ? [] : ["--framework", framework];
  run(
    process.execPath,
    [join(ROOT, "bin/create-backend.js"), name, "--yes", "--no-install", "--no-git", ...frameworkArgs],
    {
      cwd: parent,
    },
  );
  log(`${framework}: uv sync`);
  run("uv", ["sync", "--quiet", "--python", "3.11"], { cwd: dir });
  const db = join(dir, "bench.db");
  const env = { ...process.env, DATABASE_URL: `sqlite:///${db}` };
  run(join(dir, ".venv/bin/alembic"), ["upgrade", "head"], { cwd: dir, env });
  log(`${framework}: seeding ${ROWS} items, reading the list queries' plans`);
  const out = run(
    join(dir, ".venv/bin/python"),
    [join(HERE, "prepare.py"), "--db", db, "--rows", String(ROWS)],
    {
      cwd: dir,
      env,
    },
  );
  /** @type {QueryReport} */
  const queries = JSON.parse(out);
  return { dir, db, queries };
}

async function checkSameBody(/** @type {Server} */ ours, /** @type {Server} */ baseline) {
  const body = async (/** @type {Server} */ server) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${PATH}`);
    return /** @type {ListBody} */ (await response.json());
  };
  const [a, b] = await Promise.all([body(ours), body(baseline)]);
  if (!isDeepStrictEqual(a, b)) {
    throw new Error(
      `the minimal app's body differs from the generated app's:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`,
    );
  }
  if (a.data?.length !== 10 || a.pagination?.total !== ROWS)
    throw new Error(`unexpected body: ${JSON.stringify(a)}`);
}

/** @param {number} value */
const round = (value) => Math.round(value * 100) / 100;

/**
 * The SECRET_KEY the CLI wrote to the project's .env.
 * @param {string} dir
 */
function projectSecret(dir) {
  const key = /^SECRET_KEY=(.*)$/m.exec(readFileSync(join(dir, ".env"), "utf8"))?.[1];
  if (!key) throw new Error(`no SECRET_KEY in ${join(dir, ".env")}`);
  return key;
}

/** The three servers of one framework: ours and the two minimal apps. */
const APPS = /** @type {const} */ (["ours", "minimal", "floor"]);

/**
 * Measures one framework: its generated app and the matching minimal app, run with
 * SQLAlchemy (the headline baseline: same data-access library as the default stack)
 * and with the stdlib sqlite3 driver (the floor).
 * @param {{ framework: "fastapi" | "flask", workdir: string, log: (line: string) => void, quick: boolean,
 *   load: Load }} options
 * @returns {Promise<Figure[]>}
 */
async function measureFramework({ framework, workdir, log, quick, load }) {
  const parent = join(workdir, "throughput");
  const { dir, db, queries } = prepareProject(framework, parent, log);
  const python = join(dir, ".venv/bin/python");
  const conf = join(dir, "gunicorn.conf.py");
  const env = {
    DATABASE_URL: `sqlite:///${db}`,
    ENVIRONMENT: "production",
    // gunicorn.conf.py reads the project's settings, which production refuses without a
    // strong key: the minimal apps run from bench/throughput, away from the project's .env.
    SECRET_KEY: projectSecret(dir),
    BENCH_DB: db,
    // The minimal apps are imported from bench/throughput: no __pycache__ in the
    // repository. Bytecode only matters at start-up, not under load.
    PYTHONDONTWRITEBYTECODE: "1",
  };
  const { workers, connections } = load;
  const minimal = {
    python,
    cwd: HERE,
    conf,
    app: `minimal_${framework}:app`,
    logDir: parent,
    workers,
    // The generated gunicorn.conf.py names the project's own worker class
    // (app/api/gunicorn_worker.py): the minimal apps run under that same worker.
    env: { ...env, PYTHONPATH: dir },
  };
  /** @type {Record<(typeof APPS)[number], Server>} */
  const servers = {
    ours: await startServer({
      name: `${framework}-ours`,
      python,
      cwd: dir,
      conf,
      app: "app.main:app",
      env,
      logDir: parent,
      workers,
    }),
    minimal: await startServer({
      ...minimal,
      name: `${framework}-minimal`,
      env: { ...minimal.env, BENCH_DATA_ACCESS: "sqlalchemy" },
    }),
    floor: await startServer({
      ...minimal,
      name: `${framework}-minimal-sqlite3`,
      env: { ...minimal.env, BENCH_DATA_ACCESS: "sqlite3" },
    }),
  };
  try {
    await checkSameBody(servers.ours, servers.minimal);
    await checkSameBody(servers.ours, servers.floor);
    const seconds = quick ? 3 : 10;
    const rounds = quick ? 1 : 5;
    const [loadAverage = 0] = loadavg();
    log(
      `${framework}: warm-up, then ${rounds} × ${seconds} s per app (load average ${loadAverage.toFixed(1)})`,
    );
    for (const app of APPS) await wrk(servers[app], quick ? 1 : 3, connections);
    /** @type {Record<(typeof APPS)[number], Run[]>} */
    const runs = { ours: [], minimal: [], floor: [] };
    for (let i = 0; i < rounds; i++) {
      // Who goes first rotates, so a drift in machine load does not favour one app.
      const order = [...APPS.slice(i % APPS.length), ...APPS.slice(0, i % APPS.length)];
      for (const app of order) runs[app].push(await wrk(servers[app], seconds, connections));
      const summary = APPS.flatMap((app) => {
        const last = runs[app].at(-1);
        return last ? [`${app} ${last.requestsPerSec} req/s p99 ${last.p99Ms.toFixed(1)} ms`] : [];
      });
      log(`${framework}: round ${i + 1}: ${summary.join(", ")}`);
    }
    return figures({ framework, runs, queries, seconds, rounds, load, loadAverage });
  } finally {
    await Promise.all(Object.values(servers).map(stopServer));
  }
}

/**
 * @param {Run[]} runs
 * @param {"requestsPerSec" | "p99Ms" | "cpuUsPerRequest"} key
 * @returns {number[]}
 */
function pick(runs, key) {
  return runs.map((r) => r[key]).filter((v) => typeof v === "number");
}

/**
 * @param {{ framework: string, runs: Record<(typeof APPS)[number], Run[]>, queries: QueryReport, seconds: number,
 *   rounds: number, load: Load, loadAverage: number }} input
 * @returns {Figure[]}
 */
function figures({ framework, runs, queries, seconds, rounds, load, loadAverage }) {
  const title = framework === "fastapi" ? "FastAPI" : "Flask";
  const server =
    framework === "fastapi"
      ? `gunicorn ${load.workers} × uvicorn_worker`
      : `gunicorn ${load.workers} × gthread (4 threads)`;
  const setup =
    `${server}; wrk -t1 -c${load.connections}, median of ${rounds} × ${seconds} s, apps in rotating order; ` +
    `load average ${loadAverage.toFixed(1)} at start`;
  const minimalLabel = `minimal_${framework}.py, SQLAlchemy ORM (same SQL and body)`;
  const floorLabel = `minimal_${framework}.py, stdlib sqlite3 (same SQL and body)`;
  /**
   * @param {{ id: string, label: string, unit: string, key: "requestsPerSec" | "p99Ms" | "cpuUsPerRequest",
   *   against: "minimal" | "floor", higherIsBetter: boolean, target: boolean, note: string }} spec
   * @returns {Figure | null}
   */
  const compare = (spec) => {
    const a = pick(runs.ours, spec.key);
    const b = pick(runs[spec.against], spec.key);
    if (!a.length || !b.length) return null;
    const ours = median(a);
    const baseline = median(b);
    const ratio = ours / baseline;
    const bound = spec.higherIsBetter ? TARGET : 1 / TARGET;
    return {
      id: spec.id,
      label: spec.label,
      unit: spec.unit,
      ours: round(ours),
      baseline: round(baseline),
      ratio: round(ratio),
      baselineLabel: spec.against === "minimal" ? minimalLabel : floorLabel,
      target: spec.target ? `${spec.higherIsBetter ? "≥" : "≤"} ${round(bound)}×` : "—",
      met: spec.target ? (spec.higherIsBetter ? ratio >= bound : ratio <= bound) : null,
      note: spec.note,
      oursRuns: a,
      baselineRuns: b,
    };
  };
  const p99 = (/** @type {(typeof APPS)[number]} */ app) => median(pick(runs[app], "p99Ms")).toFixed(1);
  const cpu = (/** @type {(typeof APPS)[number]} */ app) => {
    const values = pick(runs[app], "cpuUsPerRequest");
    return values.length ? `${Math.round(median(values))} µs` : "n/a";
  };
  const out = [
    compare({
      id: `throughput-${framework}`,
      label: `${title} GET ${PATH} (${ROWS} rows)`,
      unit: "req/s",
      key: "requestsPerSec",
      against: "minimal",
      higherIsBetter: true,
      target: true,
      note: `${setup}; p99 ${p99("ours")} ms vs ${p99("minimal")} ms; CPU/request ${cpu("ours")} vs ${cpu("minimal")}`,
    }),
    compare({
      id: `throughput-${framework}-p99`,
      label: `${title} p99 latency, same runs`,
      unit: "ms",
      key: "p99Ms",
      against: "minimal",
      higherIsBetter: false,
      target: true,
      note: `closed loop, ${load.connections} connections: latency at saturation, queueing included`,
    }),
    compare({
      id: `throughput-${framework}-cpu`,
      label: `${title} server CPU per request, same runs`,
      unit: "µs",
      key: "cpuUsPerRequest",
      against: "minimal",
      higherIsBetter: false,
      target: true,
      note: "user + system time of gunicorn and its workers (/proc) over requests served; steadier than req/s on a busy machine",
    }),
    compare({
      id: `throughput-${framework}-floor`,
      label: `${title} GET ${PATH} vs no ORM`,
      unit: "req/s",
      key: "requestsPerSec",
      against: "floor",
      higherIsBetter: true,
      target: false,
      note: `the same runs against the minimal app on stdlib sqlite3: what SQLAlchemy's ORM costs on top; p99 ${p99("floor")} ms, CPU/request ${cpu("floor")}`,
    }),
  ];
  const selects = queries.statements.filter((s) => s.plan);
  const page = selects.find((s) => /LIMIT/.test(s.sql));
  const count = selects.find((s) => /count\(/i.test(s.sql));
  if (page?.us_per_call && count?.us_per_call) {
    const t = queries.timings;
    const plans = selects.map((s) => `${s === count ? "count" : "page"}: ${s.plan?.join(", ")}`).join("; ");
    out.push({
      id: `list-count-${framework}`,
      label: `${title} list: count(*) query, through the repository`,
      unit: "µs",
      ours: round(t.repo_count_us),
      baseline: round(count.us_per_call),
      ratio: round(t.repo_count_us / count.us_per_call),
      baselineLabel: "the same SQL on sqlite3",
      target: "—",
      met: null,
      note:
        `${plans}. Page query ${t.repo_list_page_us} µs through the repository (${page.us_per_call} µs on sqlite3); ` +
        `session open/BEGIN/ROLLBACK ${t.session_us} µs; response models + JSON ${t.response_models_and_json_us} µs`,
    });
  }
  return /** @type {Figure[]} */ (out.filter(Boolean));
}

/**
 * Figure 5. Generates both default projects under `workdir`/throughput and measures them.
 * @param {{ workdir: string, log?: (line: string) => void, quick?: boolean, frameworks?: ("fastapi" | "flask")[],
 *   workers?: number, connections?: number }} options
 * @returns {Promise<Figure[]>}
 */
export async function measureThroughput({
  workdir,
  log = console.log,
  quick = false,
  frameworks = ["fastapi", "flask"],
  workers = DEFAULT_LOAD.workers,
  connections = DEFAULT_LOAD.connections,
}) {
  ensureWrk(log);
  const release = guardSignals();
  try {
    /** @type {Figure[]} */
    const out = [];
    for (const framework of frameworks)
      out.push(
        ...(await measureFramework({ framework, workdir, log, quick, load: { workers, connections } })),
      );
    return out;
  } finally {
    await Promise.all([...running].map(stopServer));
    release();
  }
}

/** @param {Figure[]} rows */
function printTable(rows) {
  const header = ["figure", "unit", "ours", "minimal", "ratio", "target", "met"];
  const lines = [header];
  for (const row of rows) {
    lines.push([
      row.label,
      row.unit,
      String(row.ours),
      String(row.baseline),
      `${row.ratio}×`,
      row.target,
      row.met === null ? "" : row.met ? "yes" : "NO",
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? "").length)));
  for (const line of lines) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
  console.log("");
  for (const row of rows) console.log(`${row.id}: ${row.note}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      framework: { type: "string", multiple: true },
      workdir: { type: "string" },
      workers: { type: "string" },
      connections: { type: "string" },
    },
  });
  const workdir = values.workdir ?? mkdtempSync(join(tmpdir(), "bench-throughput-"));
  const frameworks = /** @type {("fastapi" | "flask")[]} */ (values.framework ?? ["fastapi", "flask"]);
  try {
    printTable(
      await measureThroughput({
        workdir,
        quick: values.quick,
        frameworks,
        workers: Number(values.workers ?? DEFAULT_LOAD.workers),
        connections: Number(values.connections ?? DEFAULT_LOAD.connections),
        log: (line) => console.error(line),
      }),
    );
  } finally {
    if (!values.workdir) rmSync(workdir, { recursive: true, force: true });
  }
}
