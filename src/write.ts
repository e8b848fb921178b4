import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "./errors.js";
import { onInterrupt } from "./interrupts.js";

/** Refuses a target that holds anything: we never mix our files with someone's. */
export async function assertWritableTarget(target: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CliError(`${target} exists and is not a directory`);
    throw new CliError(`cannot read ${target}: ${(error as Error).message}`);
  }
  if (entries.length > 0) {
    throw new CliError(`${target} already exists and is not empty`, {
      hint: "choose another name, or empty that directory first",
    });
  }
}

/**
 * Writes every file into a temporary directory beside the target, then moves
 * it into place with one rename: a failure or Ctrl-C part-way leaves nothing.
 */
export async function writeProjectAtomically(
  target: string,
  files: ReadonlyMap<string, string>,
): Promise<void> {
  const absolute = resolve(target);
  const parent = dirname(absolute);
  let staging: string;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(absolute)}.create-backend-`));
  } catch (error) {
    throw writeError(parent, error);
  }
  const forget = onInterrupt(() => rmSync(staging, { recursive: true, force: true }));
  try {
    await writeAll(staging, files);
    await chmod(staging, 0o755);
    await moveIntoPlace(staging, absolute);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error instanceof CliError ? error : writeError(absolute, error);
  } finally {
    forget();
  }
}

async function writeAll(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  const dirs = new Set<string>();
  for (const path of files.keys()) dirs.add(dirname(join(root, path)));
  // Parents first, then every file at once: the writes are independent.
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  await Promise.all([...files].map(([path, contents]) => writeFile(join(root, path), contents)));
}

async function moveIntoPlace(staging: string, target: string): Promise<void> {
  if (target === process.cwd()) {
    // Renaming over the shell's own working directory would strand it in a
    // deleted inode, so "." receives the entries one by one instead.
    await moveEntries(staging, target);
    await rm(staging, { recursive: true, force: true });
    return;
  }
  try {
    // rename(2) replaces a missing or empty directory atomically and refuses a
    // non-empty one, which also catches a target created since our check.
    await rename(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR") {
      throw new CliError(`${target} was created by something else while the project was being written`, {
        hint: "nothing was written; run the command again with another name",
      });
    }
    throw error;
  }
}

async function moveEntries(staging: string, target: string): Promise<void> {
  const moved: string[] = [];
  try {
    for (const entry of await readdir(staging)) {
      await rename(join(staging, entry), join(target, entry));
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved) await rm(join(target, entry), { recursive: true, force: true });
    throw error;
  }
}

function writeError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EROFS"
        ? "read-only file system"
        : code === "ENOSPC"
          ? "no space left on device"
          : (error as Error).message;
  return new CliError(`cannot write the project at ${path}: ${reason}`, {
    hint: "nothing was written",
  });
}

/** A fresh signing key for the project's `.env`: never shared, never committed. */
export function newSecretKey(): string {
  return randomBytes(48).toString("base64url");
}
