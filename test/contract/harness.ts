import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { runCli } from "../helpers/cli.js";
import { stackFlags } from "../helpers/matrix.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";
import type { Stack } from "../helpers/stacks.js";

export interface LiveStack {
  stack: Stack;
  dir: string;
  url: string;
  api: string;
  /** The project's own SECRET_KEY (from its .env), to forge tokens the way an attacker with it could. */
  secret: string;
  server: RunningServer;
  /** The environment the server runs with, for another server on the same project. */
  env: Record<string, string>;
  /** JWT stacks: the file the SMTP sink (SMTP_URL) appends each email to, a JSON line each. */
  mailbox?: string;
  stop: () => Promise<void>;
}

/**
 * Login and register limits far above what the checks, schemathesis and the 50
 * concurrent writers send from one address; the rate-limit check lowers them on a
 * server of its own (`serveAgain`).
 */
export const UNLIMITED_RATE = "100000/minute";

/** What a generated resource adds to every contract project. */
export const CONTRACT_RESOURCE = [
  "product",
  "name:string(120)",
  "price:decimal",
  "stock:int?",
  "sku:string(40):unique",
];
/** A second resource, referring to the first: expand, nested lists and delete rules. */
export const CONTRACT_CHILD_RESOURCE = ["review", "product:ref(product)", "rating:int"];

/**
 * Generates a stack's project, installs it, gives it a fresh database, and
 * starts it under its production server (gunicorn; uvicorn workers for FastAPI)
 * on 127.0.0.1.
 */
export async function launch(
  stack: Stack,
  root: string,
  opts: {
    workers?: number;
    resource?: boolean;
    name?: string;
    /** Settings on top of the contract's own. */
    env?: Record<string, string>;
    /** Runs on the installed project before its server starts (a task kind of a test's own). */
    prepare?: (dir: string) => Promise<void>;
    /** false: no task worker beside the server; the test runs its own. */
    taskWorker?: boolean;
  } = {},
): Promise<LiveStack> {
  const name = opts.name ?? stack.id;
  const scaffold = await runCli([name, "--json", "--no-install", "--no-git", ...stackFlags(stack)], {
    cwd: root,
  });
  if (scaffold.exitCode !== 0) throw new Error(`scaffold failed: ${scaffold.stdout}${scaffold.stderr}`);
  const dir = join(root, name);
  await execa("uv", ["sync", "--quiet"], { cwd: dir });
  if (opts.resource) {
    for (const resource of [CONTRACT_RESOURCE, CONTRACT_CHILD_RESOURCE]) {
      const generated = await runCli(["generate", "resource", ...resource], { cwd: dir });
      if (generated.exitCode !== 0)
        throw new Error(`generate failed: ${generated.stdout}${generated.stderr}`);
    }
  }
  const env: Record<string, string> = {
    ENVIRONMENT: "production",
    // The contract is about behaviour, not hashing cost; 4 keeps the run short.
    BCRYPT_ROUNDS: "4",
    UPLOAD_DIR: join(dir, "data", "uploads"),
    LOG_LEVEL: "INFO",
    WEB_CONCURRENCY: String(opts.workers ?? 2),
    RATE_LIMIT_LOGIN: UNLIMITED_RATE,
    RATE_LIMIT_REFRESH: UNLIMITED_RATE,
    RATE_LIMIT_PASSWORD_RESET: UNLIMITED_RATE,
    RATE_LIMIT_REGISTER: UNLIMITED_RATE,
    // A failing task's retries wait ~0.1 s, 0.2 s... instead of 10 s, 20 s: same path, short run.
    TASK_RETRY_BACKOFF_SECONDS: "0.1",
    ...opts.env,
  };
  await opts.prepare?.(dir);
  const mail = stack.answers.auth === "jwt" ? await startSmtpSink(dir) : undefined;
  if (mail) env.SMTP_URL = mail.url;
  const dropDatabase = await freshDatabase(stack, dir, env);
  await execa(...migrateCommand(stack), { cwd: dir, env });
  const port = await freePort();
  env.BIND = `127.0.0.1:${port}`;
  const server = await startServer(".venv/bin/gunicorn", ["app.main:app"], {
    cwd: dir,
    port,
    env,
    timeoutMs: 60_000,
  });
  // Tasks run in the worker process, as in production (compose's worker service).
  const runsTasks = stack.answers.features.includes("tasks") && opts.taskWorker !== false;
  const worker = runsTasks ? startWorker(dir, env) : undefined;
  const secret = /^SECRET_KEY=(.*)$/m.exec(await readFile(join(dir, ".env"), "utf8"))?.[1] ?? "";
  return {
    stack,
    dir,
    url: server.url,
    api: `${server.url}/api/v1`,
    secret,
    server,
    env,
    mailbox: mail?.mailbox,
    stop: async () => {
      await server.stop();
      await worker?.stop();
      await mail?.stop();
      await dropDatabase();
    },
  };
}

/** smtp-sink.py on a free loopback port, with the project's Python (aiosmtpd is a dev dependency). */
async function startSmtpSink(
  dir: string,
): Promise<{ url: string; mailbox: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const mailbox = join(dir, "mailbox.jsonl");
  const sink = fileURLToPath(new URL("./smtp-sink.py", import.meta.url));
  const child = execa(".venv/bin/python", [sink, String(port), mailbox], {
    cwd: dir,
    reject: false,
    cleanup: true,
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.then((result) => reject(new Error(`the SMTP sink exited: ${result.stderr}`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mailbox,
    stop: async () => {
      child.kill("SIGTERM");
      await child;
    },
  };
}

export interface TaskWorker {
  pid: number | undefined;
  stop: () => Promise<void>;
}

/** `python -m app.worker` beside the server; stop() is SIGTERM, then SIGKILL after 30 s. */
export function startWorker(dir: string, env: Record<string, string>): TaskWorker {
  const child = execa(".venv/bin/python", ["-m", "app.worker"], {
    cwd: dir,
    env,
    reject: false,
    cleanup: true,
    // Our own SIGKILL, 30 s after the SIGTERM: running tasks get their graceful stop.
    forceKillAfterDelay: false,
  });
  return {
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await child;
      clearTimeout(timer);
    },
  };
}

/** Another server on an already launched project (same database), with some settings changed. */
export async function serveAgain(live: LiveStack, changes: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  return startServer(".venv/bin/gunicorn", ["app.main:app"], {
    cwd: live.dir,
    port,
    env: { ...live.env, ...changes, BIND: `127.0.0.1:${port}` },
    timeoutMs: 60_000,
  });
}

function migrateCommand(stack: Stack): [string, string[]] {
  return stack.answers.orm === "sqlalchemy"
    ? [".venv/bin/alembic", ["upgrade", "head"]]
    : [".venv/bin/python", ["-m", "app.core.migrate"]];
}

/** SQLite: a file of its own. PostgreSQL: a database of its own, dropped at the end. */
async function freshDatabase(
  stack: Stack,
  dir: string,
  env: Record<string, string>,
): Promise<() => Promise<void>> {
  if (stack.answers.database === "sqlite") {
    env.DATABASE_URL = `sqlite:///${join(dir, "data", "contract.db")}`;
    await execa("mkdir", ["-p", join(dir, "data")]);
    return async () => {};
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL must point at a PostgreSQL server (.ci/run starts one)");
  const name = `contract_${dir
    .split("/")
    .pop()
    ?.replace(/[^a-z0-9]/g, "_")}_${Date.now()}`;
  await execa("psql", [admin, "-qc", `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  return async () => {
    await execa("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { reject: false });
  };
}
