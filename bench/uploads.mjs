// Upload throughput: 10 MiB files POSTed to the default FastAPI project, stored on the
// local disk (the baseline) and in an S3 bucket (`--storage s3`, on a SeaweedFS started
// by .ci/s3.sh on loopback), the two apps taking turns. Each is one gunicorn worker;
// besides the time per upload, the growth of that worker's peak RSS (VmHWM) over the
// run shows that no file is held whole in memory: it must stay under the file's size.
//
//   node bench/uploads.mjs [--quick]
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { figure, median, run } from "./lib/measure.mjs";
import { guardSignals, startServer, stopServer } from "./throughput/processes.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const MIB = 1024 * 1024;
const FILE_BYTES = 10 * MIB;
const KEYS = { AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench-secret-key" };

/** @typedef {import("./lib/measure.mjs").Figure} Figure */

/**
 * @param {string} parent
 * @param {string} name
 * @param {string[]} flags
 * @param {(line: string) => void} log
 */
function prepareProject(parent, name, flags, log) {
  const dir = join(parent, name);
  log(`${name}: generating and installing`);
  run(
    process.execPath,
    [join(ROOT, "bin/create-backend.js"), name, "--yes", "--no-install", "--no-git", ...flags],
    {
      cwd: parent,
    },
  );
  run("uv", ["sync", "--quiet"], { cwd: dir });
  const env = { ...process.env, DATABASE_URL: `sqlite:///${join(dir, "bench.db")}` };
  run(join(dir, ".venv/bin/alembic"), ["upgrade", "head"], { cwd: dir, env });
  return dir;
}

/** @param {number} pid @returns {number[]} */
function childrenOf(pid) {
  return run("pgrep", ["-P", String(pid)])
    .trim()
    .split("\n")
    .filter(Boolean)
    .map(Number);
}

/** A process's peak resident set (VmHWM), MiB. @param {number} pid */
function peakRssMib(pid) {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? Number.NaN) / 1024;
}

/** @param {number} port */
async function token(port) {
  const api = `http://127.0.0.1:${port}/api/v1`;
  const credentials = { email: "bench@example.com", password: "correct horse battery" };
  const headers = { "content-type": "application/json" };
  const user = JSON.stringify({ ...credentials, name: "Bench" });
  await fetch(`${api}/auth/register`, { method: "POST", headers, body: user });
  const login = await fetch(`${api}/auth/login`, {
    method: "POST",
    headers,
    body: JSON.stringify(credentials),
  });
  const body = /** @type {{ data?: { access_token: string } }} */ (await login.json());
  if (!body.data) throw new Error(`login answered ${login.status}: ${JSON.stringify(body)}`);
  return body.data.access_token;
}

/**
 * One upload's wall time, ms.
 * @param {{ port: number, auth: string }} app
 * @param {Uint8Array} content
 */
async function timedUpload(app, content) {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "application/pdf" }), "big.pdf");
  const started = process.hrtime.bigint();
  const response = await fetch(`http://127.0.0.1:${app.port}/api/v1/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.auth}` },
    body: form,
  });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${text}`);
  return ms;
}

/**
 * @param {{ workdir: string, log: (line: string) => void, quick: boolean }} options
 * @returns {Promise<Figure[]>}
 */
export async function measureUploads({ workdir, log, quick }) {
  const parent = mkdtempSync(join(workdir, "uploads-"));
  const s3Dir = join(parent, "s3");
  const logDir = join(parent, "logs");
  mkdirSync(logDir);
  /** @type {import("./throughput/processes.mjs").Server[]} */
  const servers = [];
  try {
    const local = prepareProject(parent, "up-local", [], log);
    const s3 = prepareProject(parent, "up-s3", ["--storage", "s3"], log);
    log("starting SeaweedFS (.ci/s3.sh)");
    const endpoint = run("bash", [join(ROOT, ".ci/s3.sh"), "start", s3Dir]).trim();
    const common = {
      ENVIRONMENT: "production",
      BCRYPT_ROUNDS: "4",
      MAX_UPLOAD_BYTES: String(16 * MIB),
      LOG_LEVEL: "WARNING",
    };
    /** @param {string} name @param {string} dir @param {Record<string, string>} env */
    const serve = async (name, dir, env) => {
      const server = await startServer({
        name,
        python: join(dir, ".venv/bin/python"),
        cwd: dir,
        conf: join(dir, "gunicorn.conf.py"),
        app: "app.main:app",
        env: { ...common, DATABASE_URL: `sqlite:///${join(dir, "bench.db")}`, ...env },
        logDir,
        workers: 1,
      });
      servers.push(server);
      const [worker] = childrenOf(server.pid);
      if (worker === undefined) throw new Error(`${name}: no gunicorn worker`);
      return { name, port: server.port, worker, auth: await token(server.port) };
    };
    const apps = [
      await serve("local", local, { UPLOAD_DIR: join(local, "uploads") }),
      await serve("s3", s3, {
        S3_ENDPOINT_URL: endpoint,
        S3_BUCKET: "bench",
        S3_CREATE_BUCKET: "true",
        ...KEYS,
      }),
    ];
    const s3Ready = await fetch(`http://127.0.0.1:${apps[1]?.port}/api/v1/ready`);
    if (s3Ready.status !== 200) throw new Error(`the s3 app is not ready: ${await s3Ready.text()}`);
    // Warm-up with a small file (the app, boto3's client and its upload path loaded)
    // before the peak RSS the growth is counted from: a first 10 MiB upload that held
    // the file whole would raise that peak by 10 MiB, so it must come after.
    const small = new Uint8Array(randomBytes(64 * 1024));
    for (const app of apps) await timedUpload(app, small);
    const before = apps.map((app) => peakRssMib(app.worker));
    const rounds = quick ? 3 : 10;
    /** @type {number[][]} */
    const times = [[], []];
    log(`uploading ${rounds} files of 10 MiB to each, taking turns`);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const index of order) {
        const app = apps[index];
        if (app) times[index]?.push(await timedUpload(app, new Uint8Array(randomBytes(FILE_BYTES))));
      }
    }
    const peaks = apps.map((app) => peakRssMib(app.worker));
    const growth = peaks.map((peak, i) => peak - (before[i] ?? 0));
    const [localMs, s3Ms] = times.map((t) => median(t));
    const mibPerS = (/** @type {number} */ ms) => (FILE_BYTES / MIB / (ms / 1000)).toFixed(0);
    const [localGrowth = Number.NaN, s3Growth = Number.NaN] = growth;
    return [
      figure({
        id: "upload-throughput",
        label: "Upload of a 10 MiB file, S3 vs local disk",
        unit: "ms",
        ours: s3Ms ?? Number.NaN,
        baseline: localMs ?? Number.NaN,
        baselineLabel: "the same app storing on the local disk (UPLOAD_DIR)",
        target: "none (context)",
        met: null,
        note: `S3 ${mibPerS(s3Ms ?? Number.NaN)} MiB/s, local ${mibPerS(localMs ?? Number.NaN)} MiB/s`,
        oursRuns: times[1],
        baselineRuns: times[0],
      }),
      figure({
        id: "upload-peak-rss",
        label: "Worker peak RSS growth over the 10 MiB uploads",
        unit: "MiB",
        ours: s3Growth,
        baseline: localGrowth,
        baselineLabel: "the same growth storing on the local disk",
        target: "< 10 MiB each (no file held whole)",
        met: s3Growth < FILE_BYTES / MIB && localGrowth < FILE_BYTES / MIB,
        note: `peak RSS S3 ${before[1]?.toFixed(0)} → ${peaks[1]?.toFixed(0)} MiB, local ${before[0]?.toFixed(0)} → ${peaks[0]?.toFixed(0)} MiB`,
      }),
    ];
  } finally {
    for (const server of servers) await stopServer(server);
    try {
      run("bash", [join(ROOT, ".ci/s3.sh"), "stop", s3Dir]);
    } catch {
      // never started
    }
    rmSync(parent, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  guardSignals();
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const workdir = mkdtempSync(join(tmpdir(), "create-backend-uploads-"));
  try {
    const figures = await measureUploads({
      workdir,
      log: (line) => console.error(line),
      quick: values.quick,
    });
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
