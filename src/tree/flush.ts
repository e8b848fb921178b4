import { lstatSync, readdirSync } from "node:fs";
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

/** Why a new project cannot be written at `target`, or undefined when it can. */
export function targetProblem(target: string): { message: string; hint?: string } | undefined {
  try {
    // A link, even to an empty folder, would be replaced by the project's one rename.
    if (lstatSync(target).isSymbolicLink()) {
      return {
        message: `${target} is a symbolic link`,
        hint: "give the directory it points to, or another name",
      };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return { message: `cannot read ${target}: ${(error as Error).message}` };
  }
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR")
      return { message: `${target} exists and is not a directory` };
    return { message: `cannot read ${target}: ${(error as Error).message}` };
  }
  if (entries.length > 0) {
    return {
      message: `${target} already exists and is not empty`,
      hint: "choose another name, or empty that directory first",
    };
  }
  return undefined;
}

/**
 * Refuses a target that holds anything: we never mix our files with someone's.
 * A new project's tree is built only once this passed; the single rename of
 * its flush refuses a target filled since.
 */
export function assertWritableTarget(target: string): void {
  const problem = targetProblem(target);
  if (problem) throw new CliError(problem.message, problem.hint === undefined ? {} : { hint: problem.hint });
}
