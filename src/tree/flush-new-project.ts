import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { chmod, link, lstat, mkdir, mkdtemp, readdir, rename, rm, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "../errors.js";
import { onInterrupt } from "../interrupts.js";

/**
 * Writes every file into a temporary directory beside the target, then moves
 * it into place with one rename: a failure or Ctrl-C part-way leaves nothing.
 */
export async function writeNewProject(target: string, files: ReadonlyMap<string, string>): Promise<void> {
  const absolute = resolve(target);
  // "." is staged inside itself: its parent may be another file system (a
  // mounted volume), where moving the entries in would fail with EXDEV.
  const parent = absolute === process.cwd() ? absolute : dirname(absolute);
  let staging: string;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(absolute)}.create-backend-`));
  } catch (error) {
    throw writeError(parent, error);
  }
  const forget = onInterrupt(() => rmSync(staging, { recursive: true, force: true }));
  try {
    writeAll(staging, files);
    await chmod(staging, 0o755);
    await moveIntoPlace(staging, absolute);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error instanceof CliError ? error : writeError(absolute, error);
  } finally {
    forget();
  }
}

/**
 * Synchronous on purpose: a hundred small files take a few milliseconds this
 * way, where concurrent fs/promises writes queue on libuv's four threads and
 * measured ten times slower on a busy machine (bench/README.md).
 */
function writeAll(root: string, files: ReadonlyMap<string, string>): void {
  const dirs = new Set<string>();
  for (const path of files.keys()) dirs.add(dirname(join(root, path)));
  for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
  for (const [path, contents] of files) writeFileSync(join(root, path), contents);
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
    if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR") throw createdMeanwhile(target);
    throw error;
  }
}

function createdMeanwhile(target: string): CliError {
  if (target === process.cwd()) {
    return new CliError(`something else put files in ${target} while the project was being written`, {
      hint: "nothing of the project was left there, and their files were kept",
    });
  }
  return new CliError(`${target} was created by something else while the project was being written`, {
    hint: "nothing was written; run the command again with another name",
  });
}

/**
 * Moves the staged entries into "." (where the staging directory also is).
 * rename(2) would silently replace a file someone put there since our check,
 * so files are linked (which refuses an existing name) and the staged name
 * unlinked; a directory's rename refuses a non-empty one or a file.
 */
async function moveEntries(staging: string, target: string): Promise<void> {
  const moved: string[] = [];
  const undo = () => {
    for (const entry of moved) rmSync(join(target, entry), { recursive: true, force: true });
  };
  const forget = onInterrupt(undo);
  try {
    const others = (await readdir(target)).filter((entry) => entry !== basename(staging));
    if (others.length > 0) throw createdMeanwhile(target);
    for (const entry of await readdir(staging)) {
      const from = join(staging, entry);
      const to = join(target, entry);
      if ((await lstat(from)).isDirectory()) await rename(from, to);
      else await moveFileNoReplace(from, to);
      moved.push(entry);
    }
  } catch (error) {
    undo();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR") throw createdMeanwhile(target);
    throw error;
  } finally {
    forget();
  }
}

async function moveFileNoReplace(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw error;
    // A file system without hard links (FAT, some network mounts): check, then rename.
    const taken = await lstat(to).then(
      () => true,
      () => false,
    );
    if (taken) throw Object.assign(new Error(`${to} exists`), { code: "EEXIST" });
    await rename(from, to);
    return;
  }
  await unlink(from);
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
