import { stripVTControlCharacters } from "node:util";
import { execa, type ResultPromise } from "execa";
import { isCancelling, onInterrupt } from "./interrupts.js";

export interface RunResult {
  ok: boolean;
  exitCode: number | undefined;
  /** stdout and stderr interleaved, as a user would have seen them, without colour codes. */
  output: string;
  missing: boolean;
}

const WINDOWS = process.platform === "win32";

/** How long a stopped command may take to exit before it is killed outright. */
const STOP_GRACE_MS = 1500;

/**
 * Runs a command to completion without throwing: callers decide what a
 * failure means. The command gets its own process group, so that Ctrl-C or a
 * kill stops everything it started (uv's resolver, pytest, a build backend),
 * not only the direct child.
 */
export async function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  const subprocess = execa(file, args, {
    cwd,
    all: true,
    reject: false,
    stdin: "ignore",
    env: { NO_COLOR: "1", ...env },
    // Its own process group (setsid): stopGroup reaches the whole tree. On
    // Windows, detached would mean a new console window instead.
    detached: !WINDOWS,
  });
  const forget = onInterrupt(() => stopGroup(subprocess));
  // Any other way out (a crash) must not leave the command running either.
  const onExit = () => subprocess.pid !== undefined && signalGroup(subprocess.pid, "SIGTERM");
  process.once("exit", onExit);
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    forget();
    process.removeListener("exit", onExit);
  }
  // Stopped by a signal of ours: the interrupt handler reports and exits; the
  // step that ran it must not report a failure of its own meanwhile.
  if (isCancelling()) await new Promise<never>(() => undefined);
  const missing = (result as { code?: string }).code === "ENOENT";
  return {
    ok: result.exitCode === 0 && !result.failed,
    exitCode: result.exitCode,
    // A FORCE_COLOR in the environment beats NO_COLOR in some tools; what we
    // show again (an error's tail, JSON) is plain text either way.
    output: typeof result.all === "string" ? stripVTControlCharacters(result.all) : "",
    missing,
  };
}

/** SIGTERM to the command's whole group; SIGKILL to whatever of it is left after a grace period. */
async function stopGroup(subprocess: ResultPromise): Promise<void> {
  const pid = subprocess.pid;
  if (pid === undefined) return;
  signalGroup(pid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    subprocess.then(
      () => undefined,
      () => undefined,
    ),
    new Promise((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  // The group outlives its leader: a grandchild that ignored SIGTERM is still in it.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(WINDOWS ? pid : -pid, signal);
  } catch {
    // ESRCH: nothing of the group is left.
  }
}

/** The last lines of a command's output: enough to see why, not a wall of text. */
export function tail(output: string, lines = 25): string[] {
  const all = output.trimEnd().split(/\r?\n/);
  return all.slice(Math.max(0, all.length - lines));
}
