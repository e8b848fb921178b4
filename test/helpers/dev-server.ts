import { execa } from "execa";
import { freePort } from "./server.js";

export interface DevServerRun {
  health: number;
  items: number;
  /** How the server ended after Ctrl-C: its exit code, or the signal that ended it. */
  exit: number | string | undefined;
  /** Whether anything of its process group was still alive after it ended. */
  leftovers: boolean;
  output: string;
}

/**
 * Runs a printed dev-server line exactly as typed in a shell, on a free port
 * (uvicorn and flask both read their port from the environment), asks for
 * /api/v1/health and /api/v1/items, then presses Ctrl-C on its process group,
 * as a terminal would, reloader included.
 */
export async function tryDevServer(
  line: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<DevServerRun> {
  const port = await freePort();
  const child = execa("sh", ["-c", `exec ${line}`], {
    cwd,
    env: { ...env, UVICORN_PORT: String(port), FLASK_RUN_PORT: String(port) },
    detached: true,
    reject: false,
    all: true,
  });
  let output = "";
  child.all?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  let health = 0;
  let items = 0;
  try {
    for (let i = 0; i < 600 && child.exitCode === null && health === 0; i++) {
      health = await fetch(`${base}/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (health === 0) await new Promise((r) => setTimeout(r, 100));
    }
    items = await fetch(`${base}/items`).then(
      (r) => r.status,
      () => 0,
    );
  } finally {
    const group = -(child.pid as number);
    signalGroup(group, "SIGINT");
    const timer = setTimeout(() => signalGroup(group, "SIGKILL"), 15_000);
    await child;
    clearTimeout(timer);
  }
  // A reloader's children may outlive the process we started by a moment.
  const group = -(child.pid as number);
  for (let i = 0; i < 50 && signalGroup(group, 0); i++) await new Promise((r) => setTimeout(r, 100));
  const leftovers = signalGroup(group, 0);
  if (leftovers) {
    output += `\nstill running after Ctrl-C:\n${await processesOf(child.pid as number)}`;
    signalGroup(group, "SIGKILL");
  }
  return { health, items, exit: child.exitCode ?? child.signalCode ?? undefined, leftovers, output };
}

async function processesOf(group: number): Promise<string> {
  const ps = await execa("ps", ["-o", "pid,stat,args", "-g", String(group)], { reject: false });
  return ps.stdout;
}

/** Whether the signal reached anything (0 only asks). */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal);
    return true;
  } catch {
    return false;
  }
}
