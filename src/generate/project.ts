import { dirname, join } from "node:path";
import { CliError } from "../errors.js";
import { fileHash, MANIFEST_PATH, type Manifest, parseManifest, serialiseManifest } from "../manifest.js";
import { diskSource } from "../tree/disk-source.js";
import { Tree } from "../tree/tree.js";

/** A project found on disk: where it is, and the tree a plan reads and writes. */
export interface FoundProject {
  root: string;
  tree: Tree;
}

/** Walks up from `cwd` to the directory holding `.create-backend.json`. */
export function findProject(cwd: string): FoundProject {
  let dir = cwd;
  for (;;) {
    const tree = new Tree(diskSource(dir));
    if (tree.exists(MANIFEST_PATH)) {
      // Checked here, so a broken manifest is named by its full path.
      readManifest(tree, join(dir, MANIFEST_PATH));
      return { root: dir, tree };
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new CliError(
        `not inside a create-backend project: no ${MANIFEST_PATH} in ${cwd} or any folder above it`,
        {
          hint: "run this inside a project made by create-backend",
        },
      );
    }
    dir = parent;
  }
}

/** The manifest as the tree holds it now, validated. */
export function readManifest(tree: Tree, where: string = MANIFEST_PATH): Manifest {
  const text = tree.read(MANIFEST_PATH);
  if (text === undefined) throw new CliError(`${where} is missing`);
  try {
    return parseManifest(text, where);
  } catch (error) {
    throw new CliError((error as Error).message, {
      hint: "restore it from git: git checkout -- .create-backend.json",
    });
  }
}

/**
 * Writes the manifest a plan ends with: `next`'s resource log, and a fresh
 * hash of every file the plan changed so far (the manifest is written last).
 */
export function writeManifest(tree: Tree, next: Manifest): void {
  const files = { ...next.files };
  for (const c of tree.listChanges()) {
    if (c.path === MANIFEST_PATH) continue;
    if (c.kind === "delete") delete files[c.path];
    else files[c.path] = fileHash(c.after);
  }
  tree.write(MANIFEST_PATH, serialiseManifest({ ...next, files }));
}
