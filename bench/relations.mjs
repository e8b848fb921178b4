// The relations figure (issue 16): a generated list with a filter, a sort and
// `?expand=`, over 100,000 rows, on the default stack (SQLite, SQLAlchemy, JWT) with
// FastAPI and with Flask. Two resources are generated (a product, and a review that
// refers to it), the database is seeded with 1,000 products and 100,000 reviews, and
//   GET /api/v1/reviews?rating__gte=3&sort=-rating&expand=product&limit=10
// is measured against a minimal hand-written app that runs the very statements the
// generated app runs for that request (relations/relations_data.py), served the same
// way (gunicorn, the project's gunicorn.conf.py, one worker). Also reported: the number of
// statements at page sizes 10 and 100 (it must not grow with the page) and SQLite's
// plan of each statement. With --postgres (an admin URL, or TEST_DATABASE_URL) the same
// project on PostgreSQL is seeded too, and PostgreSQL's plans are reported
// (relations/postgres_plans.py); its throughput is not measured.
//
//   node bench/relations.mjs [--quick] [--workdir DIR] [--postgres URL]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { median, run } from "./lib/measure.mjs";
import { ensureWrk, guardSignals, running, startServer, stopServer, wrk } from "./throughput/processes.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const HERE = join(ROOT, "bench/relations");
const ROWS = 100_000;
const TARGET = 0.8;
const PATH = "/api/v1/reviews?rating__gte=3&sort=-rating&expand=product&limit=10";
const RESOURCES = [
  ["product", "name:string", "price:decimal"],
  ["review", "product:ref(product)", "rating:int:index", "body:text?"],
];

/**
 * @typedef {{ sql: string, params: unknown[], plan?: string[] }} Statement
 * @typedef {{ limit: number, total: number, ids: number[], embedded: number[], statements: Statement[] }} Page
 * @typedef {{ rows: number, pages: Page[], nested: { statements: Statement[] } }} Report
 * @typedef {import("./lib/measure.mjs").Figure} Figure
 */

/**
 * Generates the project and its two resources, migrates, seeds and describes the list.
 * @param {string} parent
 * @param {(line: string) => void} log
 * @param {"fastapi" | "flask"} framework
 */
function prepareProject(parent, log, framework) {
  const name = `relations-${framework}`;
  const dir = join(parent, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(parent, { recursive: true });
  const cli = join(ROOT, "bin/create-backend.js");
  log(`relations: generating ${dir}`);
  run(process.execPath, [cli, name, "--framework", framework, "--yes", "--no-install", "--no-git"], {
    cwd: parent,
  });
  for (const resource of RESOURCES)
    run(process.execPath, [cli, "generate", "resource", ...resource], { cwd: dir });
  run("uv", ["sync", "--quiet", "--python", "3.11"], { cwd: dir });
  const db = join(dir, "bench.db");
  const env = { ...process.env, DATABASE_URL: `sqlite:///${db}` };
  run(join(dir, ".venv/bin/alembic"), ["upgrade", "head"], { cwd: dir, env });
  log(`relations: seeding ${ROWS} reviews, reading the list's statements and plans`);
  const out = run(
    join(dir, ".venv/bin/python"),
    [join(HERE, "prepare.py"), "--db", db, "--rows", String(ROWS)],
    {
      cwd: dir,
      env,
    },
  );
  /** @type {Report} */
  const report = JSON.parse(out);
  return { dir, db, report };
}

/**
 * The PostgreSQL flavour of the project, on a fresh database of `adminUrl`'s server:
 * seeded as prepare.py seeds SQLite, then EXPLAIN of each statement.
 * @param {string} parent
 * @param {string} adminUrl
 * @param {(line: string) => void} log
 * @returns {Figure}
 */
function postgresPlans(parent, adminUrl, log) {
  const dir = join(parent, "relations-pg");
  rmSync(dir, { recursive: true, force: true });
  const cli = join(ROOT, "bin/create-backend.js");
  log("relations: the PostgreSQL project, for its plans");
  run(process.execPath, [cli, "relations-pg", "--db", "postgres", "--yes", "--no-install", "--no-git"], {
    cwd: parent,
  });
  for (const resource of RESOURCES)
    run(process.execPath, [cli, "generate", "resource", ...resource], { cwd: dir });
  run("uv", ["sync", "--quiet", "--python", "3.11"], { cwd: dir });
  const python = join(dir, ".venv/bin/python");
  const create =
    "import psycopg, sys; c = psycopg.connect(sys.argv[1], autocommit=True); " +
    "c.execute('DROP DATABASE IF EXISTS relations_bench'); c.execute('CREATE DATABASE relations_bench')";
  run(python, ["-c", create, adminUrl], { cwd: dir });
  const url = new URL(adminUrl);
  url.pathname = "/relations_bench";
  const env = { ...process.env, DATABASE_URL: url.toString() };
  run(join(dir, ".venv/bin/alembic"), ["upgrade", "head"], { cwd: dir, env });
  const out = run(python, [join(HERE, "postgres_plans.py"), "--rows", String(ROWS)], { cwd: dir, env });
  /** @type {{ pages: Record<string, Statement[]>, nested: Statement[] }} */
  const report = JSON.parse(out);
  const describe = (/** @type {Statement[]} */ statements) =>
    statements
      .filter((s) => s.plan)
      .map((s) => `${s.sql.slice(0, 40)}…: ${s.plan?.join(" ")}`)
      .join(" | ");
  const ten = report.pages["10"] ?? [];
  const hundred = report.pages["100"] ?? [];
  return {
    id: "relations-postgres-plans",
    label: "PostgreSQL: statements per request, page of 100 against page of 10",
    unit: "statements",
    ours: hundred.length,
    baseline: ten.length,
    ratio: hundred.length / ten.length,
    baselineLabel: "the same request with limit=10",
    target: "= 1×",
    met: hundred.length === ten.length,
    note: `plans, list: ${describe(ten)} || nested: ${describe(report.nested)}`,
  };
}

/**
 * Both apps list the same reviews, total and embedded products.
 * @param {import("./throughput/processes.mjs").Server[]} servers
 * @param {Page} page
 */
async function checkSameRows(servers, page) {
  for (const server of servers) {
    const response = await fetch(`http://127.0.0.1:${server.port}${PATH}`);
    const body =
      /** @type {{ data: { id: number, product: { id: number } }[], pagination: { total: number } }} */ (
        await response.json()
      );
    const ids = body.data.map((row) => row.id);
    const embedded = [...new Set(body.data.map((row) => row.product.id))].sort((a, b) => a - b);
    if (
      JSON.stringify(ids) !== JSON.stringify(page.ids) ||
      body.pagination.total !== page.total ||
      JSON.stringify(embedded) !== JSON.stringify(page.embedded)
    )
      throw new Error(`${server.name} lists other rows: ${JSON.stringify(body).slice(0, 500)}`);
  }
}

/**
 * @param {{ workdir: string, log?: (line: string) => void, quick?: boolean, postgres?: string,
 *   frameworks?: ("fastapi" | "flask")[] }} options
 * @returns {Promise<Figure[]>}
 */
export async function measureRelations({
  workdir,
  log = console.log,
  quick = false,
  postgres = process.env.TEST_DATABASE_URL,
  frameworks = ["fastapi", "flask"],
}) {
  ensureWrk(log);
  const release = guardSignals();
  const parent = join(workdir, "relations-bench");
  try {
    /** @type {Figure[]} */
    const out = [];
    for (const framework of frameworks) {
      const { figures, report } = await measureFramework(framework, parent, log, quick);
      out.push(...figures);
      // The statements and plans are the service's, the same on both frameworks: once.
      if (framework === frameworks[0]) out.push(...statementFigures(report));
    }
    if (postgres) out.push(postgresPlans(parent, postgres, log));
    return out;
  } finally {
    await Promise.all([...running].map(stopServer));
    release();
  }
}

/**
 * One framework's generated app against its minimal app, alternating.
 * @param {"fastapi" | "flask"} framework
 * @param {string} parent
 * @param {(line: string) => void} log
 * @param {boolean} quick
 * @returns {Promise<{ figures: Figure[], report: Report }>}
 */
async function measureFramework(framework, parent, log, quick) {
  const { dir, db, report } = prepareProject(parent, log, framework);
  const [ten] = report.pages;
  if (!ten) throw new Error("prepare.py described no pages");
  const statements = join(parent, `statements-${framework}.json`);
  writeFileSync(statements, JSON.stringify(ten.statements));
  const python = join(dir, ".venv/bin/python");
  const conf = join(dir, "gunicorn.conf.py");
  const secret = /^SECRET_KEY=(.*)$/m.exec(readFileSync(join(dir, ".env"), "utf8"))?.[1] ?? "";
  const env = {
    DATABASE_URL: `sqlite:///${db}`,
    ENVIRONMENT: "production",
    SECRET_KEY: secret,
    BENCH_DB: db,
    BENCH_STATEMENTS: statements,
    PYTHONDONTWRITEBYTECODE: "1",
  };
  const common = { python, conf, logDir: parent, workers: 1, path: PATH };
  const minimalApp = framework === "fastapi" ? "minimal_relations:app" : "minimal_relations_flask:app";
  const ours = await startServer({
    ...common,
    name: `${framework}-ours`,
    cwd: dir,
    app: "app.main:app",
    env,
  });
  const minimal = await startServer({
    ...common,
    name: `${framework}-minimal`,
    cwd: HERE,
    app: minimalApp,
    env: { ...env, PYTHONPATH: dir },
  });
  try {
    await checkSameRows([ours, minimal], ten);
    const seconds = quick ? 3 : 10;
    const rounds = quick ? 1 : 5;
    const [load = 0] = loadavg();
    log(`${framework}: warm-up, then ${rounds} × ${seconds} s per app (load average ${load.toFixed(1)})`);
    for (const server of [ours, minimal]) await wrk(server, quick ? 1 : 3, 16);
    /** @type {{ ours: number[], minimal: number[] }} */
    const rps = { ours: [], minimal: [] };
    for (let i = 0; i < rounds; i++) {
      const order =
        i % 2 ? /** @type {const} */ (["minimal", "ours"]) : /** @type {const} */ (["ours", "minimal"]);
      for (const app of order)
        rps[app].push((await wrk(app === "ours" ? ours : minimal, seconds, 16)).requestsPerSec);
      log(`${framework}: round ${i + 1}: ours ${rps.ours.at(-1)} req/s, minimal ${rps.minimal.at(-1)} req/s`);
    }
    const ratio = median(rps.ours) / median(rps.minimal);
    const title = framework === "fastapi" ? "FastAPI" : "Flask";
    const server = framework === "fastapi" ? "uvicorn_worker" : "gthread";
    /** @type {Figure} */
    const figure = {
      id: `relations-${framework}`,
      label: `${title} GET /reviews, filter + sort + expand (${ROWS} rows)`,
      unit: "req/s",
      ours: Math.round(median(rps.ours)),
      baseline: Math.round(median(rps.minimal)),
      ratio: Math.round(ratio * 100) / 100,
      baselineLabel: "the same statements on SQLAlchemy, same rows (relations/relations_data.py)",
      target: `≥ ${TARGET}×`,
      met: ratio >= TARGET,
      note: `gunicorn 1 × ${server}; wrk -t1 -c16, median of ${rounds} × ${seconds} s, alternating; load average ${load.toFixed(1)} at start`,
      oursRuns: rps.ours,
      baselineRuns: rps.minimal,
    };
    return { figures: [figure], report };
  } finally {
    await Promise.all([ours, minimal].map(stopServer));
  }
}

/**
 * Statements per request at both page sizes, and SQLite's plans, from prepare.py.
 * @param {Report} report
 * @returns {Figure[]}
 */
function statementFigures(report) {
  const [ten, hundred] = report.pages;
  if (!ten || !hundred) throw new Error("prepare.py described no pages");
  const describe = (/** @type {Statement[]} */ statements) =>
    statements
      .filter((s) => s.plan)
      .map((s) => `${s.sql.slice(0, 60)}…: ${s.plan?.join(", ")}`)
      .join(" | ");
  return [
    {
      id: "relations-statements",
      label: "statements per request, page of 100 against page of 10",
      unit: "statements",
      ours: hundred.statements.length,
      baseline: ten.statements.length,
      ratio: hundred.statements.length / ten.statements.length,
      baselineLabel: "the same request with limit=10 (BEGIN, page, products, total)",
      target: "= 1×",
      met: hundred.statements.length === ten.statements.length,
      note: `SQLite plans: ${describe(ten.statements)}`,
    },
    {
      id: "relations-nested-plans",
      label: "GET /products/1/reviews?sort=-rating: statements and SQLite plans",
      unit: "statements",
      ours: report.nested.statements.length,
      baseline: ten.statements.length,
      ratio: report.nested.statements.length / ten.statements.length,
      baselineLabel: "the filtered list above",
      target: "—",
      met: null,
      note: `the parent's lookup, then the list through the foreign key's index: ${describe(report.nested.statements)}`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      workdir: { type: "string" },
      postgres: { type: "string" },
    },
  });
  const workdir = values.workdir ?? mkdtempSync(join(tmpdir(), "bench-relations-"));
  try {
    const rows = await measureRelations({
      workdir,
      quick: values.quick,
      postgres: values.postgres ?? process.env.TEST_DATABASE_URL,
      log: (line) => console.error(line),
    });
    for (const row of rows)
      console.log(
        `${row.id}: ${row.ours} vs ${row.baseline} ${row.unit}, ${row.ratio}× (${row.target}, met: ${row.met})\n  ${row.note}`,
      );
  } finally {
    if (!values.workdir) rmSync(workdir, { recursive: true, force: true });
  }
}
