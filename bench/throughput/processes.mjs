// Processes for the throughput figure: the servers (gunicorn in its own process
// group, stopped on exit, error or Ctrl-C), the load generator (wrk) and the CPU
// time they use, read from /proc.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { run } from "../lib/measure.mjs";

/** The one request every app is measured on. */
export const PATH = "/api/v1/items?limit=10";

/**
 * @typedef {{ name: string, pid: number, port: number, logFile: string, exited: boolean, path: string }} Server
 * @typedef {{ requestsPerSec: number, p99Ms: number, requests: number, cpuUsPerRequest: number | null }} Run
 */

/** @type {Set<Server>} servers still running, stopped on exit, error or Ctrl-C */
export const running = new Set();
/** @type {Set<import("node:child_process").ChildProcess>} load generators still running */
export const loaders = new Set();

/** @param {string} command */
export function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/** Installs Debian's wrk when it is missing (as root, or through passwordless sudo). */
export function ensureWrk(/** @type {(line: string) => void} */ log) {
  if (onPath("wrk")) return;
  log("wrk not found: apt-get install -y wrk");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const [file, ...prefix] = [...sudo, "apt-get"];
  run(file, [...prefix, "update"]);
  run(file, [...prefix, "install", "-y", "wrk"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!onPath("wrk")) throw new Error("wrk is still not on PATH after apt-get install wrk");
}

/** @returns {Promise<number>} a TCP port free on 127.0.0.1 right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts gunicorn with the project's gunicorn.conf.py in its own process group.
 * @param {{ name: string, python: string, cwd: string, conf: string, app: string, env: Record<string, string>,
 *   logDir: string, workers: number, path?: string }} spec path: what readiness and wrk ask for (PATH)
 * @returns {Promise<Server>}
 */
export async function startServer(spec) {
  const port = await freePort();
  const logFile = join(spec.logDir, `${spec.name}.log`);
  const fd = openSync(logFile, "w");
  const child = spawn(spec.python, ["-m", "gunicorn", "-c", spec.conf, spec.app], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, WEB_CONCURRENCY: String(spec.workers), BIND: `127.0.0.1:${port}` },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${spec.name}`);
  /** @type {Server} */
  const server = { name: spec.name, pid: child.pid, port, logFile, exited: false, path: spec.path ?? PATH };
  child.once("exit", () => {
    server.exited = true;
    running.delete(server);
  });
  running.add(server);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exited) throw new Error(`${spec.name} exited at start-up:\n${tail(logFile)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${server.path}`);
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${spec.name} did not answer within 60 s:\n${tail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** @param {string} file */
export function tail(file) {
  return readFileSync(file, "utf8").trim().split("\n").slice(-20).join("\n");
}

/** SIGTERM to the server's process group, SIGKILL if it is still there after 10 s. */
export async function stopServer(/** @type {Server} */ server) {
  if (server.exited) return;
  killGroup(server, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (!server.exited && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!server.exited) killGroup(server, "SIGKILL");
  running.delete(server);
}

/**
 * @param {Server} server
 * @param {NodeJS.Signals} signal
 */
export function killGroup(server, signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
}

export function killAllNow() {
  for (const server of running) killGroup(server, "SIGKILL");
  running.clear();
  for (const child of loaders) child.kill("SIGKILL");
  loaders.clear();
}

/**
 * Runs a command without blocking the event loop (so Ctrl-C is handled at once) and
 * resolves with its stdout; rejects when it fails.
 * @param {string} file
 * @param {string[]} args
 * @returns {Promise<string>}
 */
export function runAsync(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    loaders.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", (error) => {
      loaders.delete(child);
      reject(error);
    });
    child.once("close", (code, signal) => {
      loaders.delete(child);
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(`${file} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${stdout}${stderr}`),
        );
    });
  });
}

/** Stops every server if the process is interrupted, then lets the signal do what it would have. */
export function guardSignals() {
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    killAllNow();
    release();
    process.kill(process.pid, signal);
  };
  const release = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
    process.off("exit", killAllNow);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("exit", killAllNow);
  return release;
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/**
 * CPU seconds (user + system) used so far by a process and its children, from /proc.
 * @param {number} pid
 * @returns {number | null}
 */
export function treeCpuSeconds(pid) {
  if (!existsSync("/proc/self/stat")) return null;
  /** @type {Map<number, number[]>} */
  const children = new Map();
  /** @type {Map<number, number>} */
  const ticks = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = /** @type {number} */ (stack.pop());
    total += ticks.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return total / CLOCK_TICKS;
}

/** @type {Record<string, number>} milliseconds per unit of a wrk latency */
const LATENCY_UNIT_MS = { us: 1e-3, ms: 1, s: 1e3, m: 60e3 };

/** @param {string} value e.g. "466.76ms", "812.00us", "1.02s" */
export function toMs(value) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value);
  const factor = LATENCY_UNIT_MS[match?.[2] ?? ""];
  if (!match || factor === undefined) throw new Error(`unexpected wrk latency ${value}`);
  return Number(match[1]) * factor;
}

/**
 * One bounded wrk run against a server.
 * @param {Server} server
 * @param {number} seconds
 * @param {number} connections
 * @returns {Promise<Run>}
 */
export async function wrk(server, seconds, connections) {
  const cpuBefore = treeCpuSeconds(server.pid);
  const out = await runAsync("wrk", [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--timeout",
    "10s",
    "--latency",
    `http://127.0.0.1:${server.port}${server.path}`,
  ]);
  const cpuAfter = treeCpuSeconds(server.pid);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !p99 || !total) throw new Error(`could not read wrk's output:\n${out}`);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (bad) throw new Error(`${server.name}: ${bad[1]} error responses under load:\n${tail(server.logFile)}`);
  const socketErrors = /Socket errors: (.*)/.exec(out);
  if (socketErrors && /timeout [1-9]/.test(socketErrors[1] ?? "")) {
    throw new Error(`${server.name}: requests timed out (${socketErrors[1]})`);
  }
  const requests = Number(total[1]);
  return {
    requestsPerSec: Number(rps[1]),
    p99Ms: toMs(p99[1] ?? ""),
    requests,
    cpuUsPerRequest:
      cpuBefore === null || cpuAfter === null || requests === 0
        ? null
        : ((cpuAfter - cpuBefore) / requests) * 1e6,
  };
}

/** Both apps must send the same JSON, or the comparison means nothing. */
