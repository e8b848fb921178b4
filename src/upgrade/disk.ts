import { stat } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { UsageError } from "../errors.js";
import { MANIFEST_PATH } from "../manifest.js";
import type { Tree } from "../tree/tree.js";
import { type Decision, type DiskFile, writes } from "./plan.js";
import { isRepositoryRoot } from "./pristine.js";

/** C: the files of `paths` the project has, with their executable bit. The manifest is the command's to write. */
export async function readCurrent(
  root: string,
  tree: Tree,
  paths: Iterable<string>,
): Promise<Map<string, DiskFile>> {
  const current = new Map<string, DiskFile>();
  for (const path of paths) {
    if (path === MANIFEST_PATH) continue;
    const text = tree.read(path);
    if (text === undefined) continue;
    const mode = await stat(join(root, path)).then(
      (s) => s.mode,
      () => 0,
    );
    current.set(path, { text, executable: (mode & 0o111) !== 0, binary: text.includes("\0") });
  }
  return current;
}

/** The plan, onto the tree that flushes it: written files get their text, deleted ones go. */
export function applyDecisions(tree: Tree, decisions: readonly Decision[]): void {
  for (const d of decisions) {
    if (writes(d)) tree.write(d.path, d.text, { executable: d.executable });
    else if (d.action === "delete") tree.delete(d.path);
  }
}

/** Uncommitted changes would mix with what the command writes: refused, so it can be reviewed and undone. */
export async function refuseDirtyTree(root: string, command: string): Promise<void> {
  if (!(await isRepositoryRoot(root))) return;
  const status = await execa("git", ["status", "--porcelain"], { cwd: root, reject: false });
  if (status.exitCode === 0 && status.stdout.trim() !== "") {
    throw new UsageError(
      "the project has uncommitted changes: commit or stash them first, so what this writes can be reviewed and undone",
      `or run create-backend ${command} --allow-dirty`,
    );
  }
}
