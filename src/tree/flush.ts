import { readdir } from "node:fs/promises";
import { CliError } from "../errors.js";
import { applyInPlace } from "./flush-in-place.js";
import { writeNewProject } from "./flush-new-project.js";
import type { Tree } from "./tree.js";

/**
 * The one writer: every project file `create`, `generate` and `destroy` put
 * on disk goes through here, all or nothing. A new project (a tree over
 * nothing) is staged whole beside its target and moved in with one rename; an
 * existing one has each file staged beside itself and renamed in, with every
 * change undone on a failure or Ctrl-C.
 */
export async function flushChanges(root: string, tree: Tree): Promise<void> {
  const changes = tree.listChanges();
  if (!tree.isNew) return applyInPlace(root, changes);
  const files = new Map<string, string>();
  // Over nothing, every change is a new file.
  for (const c of changes) if (c.kind === "create") files.set(c.path, c.after);
  return writeNewProject(root, files);
}

/**
 * Refuses a target that holds anything: we never mix our files with someone's.
 * A new project's tree is built only once this passed; the single rename of
 * its flush refuses a target filled since.
 */
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
