import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import { BIN } from "./cli.js";

/** Preloaded with `node --import` to stop the CLI at the moment it moves the project into place. */
export const STAGING_HOOK = resolve(import.meta.dirname, "hooks/staging-move.mjs");

/** Every process started by one test run carries this variable, so leftovers can be found. */
export const MARK_VARIABLE = "CB_FAULT_RUN";

/**
 * A PATH of our own: node (and git when asked), plus fake tools as shell
 * scripts. Without uv or python3 in it, the CLI only sees the fakes.
 */
export async function fakeBin(
  dir: string,
  scripts: Record<string, string>,
  opts: { git?: boolean } = {},
): Promise<string> {
  const bin = join(dir, "fake-bin");
  await mkdir(bin, { recursive: true });
  await symlink(process.execPath, join(bin, "node"));
  if (opts.git) await symlink("/usr/bin/git", join(bin, "git"));
  for (const [name, body] of Object.entries(scripts)) {
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }
  return bin;
}

/** Starts the built CLI without waiting for it, for tests that signal it part-way. */
export function startCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; preload?: string },
): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [...(opts.preload ? ["--import", opts.preload] : []), BIN, ...args], {
    cwd: opts.cwd,
    env: { CI: "true", NO_COLOR: "1", ...opts.env },
    reject: false,
    stdin: "ignore",
    timeout: 60_000,
  }) as ResultPromise<{ reject: false }>;
}

export async function waitForFile(path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      readFileSync(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${path} did not appear within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Live processes whose environment holds MARK_VARIABLE=mark (Linux /proc), as "pid command". */
export function processesMarked(mark: string): string[] {
  const needle = `${MARK_VARIABLE}=${mark}\0`;
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle)) continue;
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (state === "Z") continue; // exited, only waiting to be reaped
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Kills what processesMarked found, so a failing test does not leave sleepers behind. */
export function killMarked(mark: string): void {
  for (const line of processesMarked(mark)) {
    try {
      process.kill(Number(line.split(" ")[0]), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Whether this machine can give a test a read-only mount (root with unshare). */
export async function canMountReadOnly(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const probe = await execa("unshare", ["--mount", "--", "sh", "-c", "mount -t tmpfs none /mnt"], {
    reject: false,
  });
  return probe.exitCode === 0;
}

/** Starts every sequence a terminal would interpret: plain output holds none. */
export const ESC = "\u001b";
