import { execa } from "execa";

export interface RunResult {
  ok: boolean;
  exitCode: number | undefined;
  /** stdout and stderr interleaved, as a user would have seen them. */
  output: string;
  missing: boolean;
}

/**
 * Runs a command to completion without throwing: callers decide what a
 * failure means. execa's cleanup stops the child when we are interrupted.
 */
export async function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  const result = await execa(file, args, {
    cwd,
    all: true,
    reject: false,
    stdin: "ignore",
    env: { NO_COLOR: "1", ...env },
    cleanup: true,
  });
  const missing = (result as { code?: string }).code === "ENOENT";
  return {
    ok: result.exitCode === 0 && !result.failed,
    exitCode: result.exitCode,
    output: typeof result.all === "string" ? result.all : "",
    missing,
  };
}

/** The last lines of a command's output: enough to see why, not a wall of text. */
export function tail(output: string, lines = 25): string[] {
  const all = output.trimEnd().split(/\r?\n/);
  return all.slice(Math.max(0, all.length - lines));
}
