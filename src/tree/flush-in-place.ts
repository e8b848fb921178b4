import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CliError } from "../errors.js";
import { onInterrupt } from "../interrupts.js";
import type { Change } from "./change.js";

/**
 * Applies every change to an existing project, or none. New contents are
 * written beside their targets first; then each is renamed into place, and any
 * failure (or Ctrl-C) puts back what was there before.
 */
export async function applyInPlace(root: string, changes: readonly Change[]): Promise<void> {
  const staged = new Map<string, string>();
  const done: Change[] = [];
  const createdDirs: string[] = [];
  const undo = () => {
    for (const tmp of staged.values()) rmSync(tmp, { force: true });
    for (const c of [...done].reverse()) {
      const target = join(root, c.path);
      if (c.kind === "create") rmSync(target, { force: true });
      else writeFileSync(target, c.before);
    }
  };
  const forget = onInterrupt(undo);
  try {
    for (const c of changes) {
      if (c.kind === "delete") continue;
      const target = join(root, c.path);
      const dir = dirname(target);
      const made = await mkdir(dir, { recursive: true });
      if (made) createdDirs.push(made);
      const tmp = `${target}.cb-${randomBytes(4).toString("hex")}`;
      // A file written over keeps its mode (an executable script stays one), and a
      // moved one the mode it had (the umask still applies, as to any new file).
      const mode =
        c.kind === "update"
          ? await stat(target).then(
              (s) => s.mode & 0o777,
              () => undefined,
            )
          : c.executable
            ? 0o755
            : undefined;
      await writeFile(tmp, c.after, { flag: "wx", ...(mode === undefined ? {} : { mode }) });
      staged.set(c.path, tmp);
    }
    for (const c of changes) {
      const target = join(root, c.path);
      if (c.kind === "delete") await unlink(target);
      else {
        await rename(staged.get(c.path) as string, target);
        staged.delete(c.path);
      }
      done.push(c);
    }
  } catch (error) {
    undo();
    for (const dir of createdDirs.reverse()) await rm(dir, { recursive: true, force: true });
    throw new CliError(`could not apply the changes: ${(error as Error).message}`, {
      hint: "the project was left as it was",
    });
  } finally {
    forget();
  }
  // Folders emptied by a destroy go too, the way they came.
  for (const c of changes) {
    if (c.kind === "delete") await rmdir(dirname(join(root, c.path))).catch(() => undefined);
  }
}
