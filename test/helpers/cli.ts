import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

export const BIN = resolve(import.meta.dirname, "../../bin/create-backend.js");

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, never interactively (no TTY, CI set). */
export async function runCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; timeout?: number },
): Promise<CliRun> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { CI: "true", NO_COLOR: "1", ...opts.env },
    extendEnv: true,
    reject: false,
    stdin: "ignore",
    timeout: opts.timeout ?? 60_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export async function tempDir(prefix = "cb-"): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
