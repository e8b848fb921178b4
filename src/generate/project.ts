import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CliError } from "../errors.js";
import { MANIFEST_PATH, type Manifest, parseManifest } from "../manifest.js";

export interface Project {
  root: string;
  manifest: Manifest;
}

/** Walks up from `cwd` to the directory holding `.create-backend.json`. */
export async function findProject(cwd: string): Promise<Project> {
  let dir = cwd;
  for (;;) {
    const path = join(dir, MANIFEST_PATH);
    let text: string | undefined;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text !== undefined) {
      try {
        return { root: dir, manifest: parseManifest(text, path) };
      } catch (error) {
        throw new CliError((error as Error).message, {
          hint: "restore it from git: git checkout -- .create-backend.json",
        });
      }
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

/** Reads a project file, or undefined when it does not exist. */
export async function readProjectFile(root: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(join(root, path), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
