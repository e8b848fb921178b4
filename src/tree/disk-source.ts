import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { FileSource } from "./source.js";

/**
 * The project on disk, read only when a plan asks for a file. Synchronous on
 * purpose: a plan reads a handful of small files, and the tree's API stays as
 * plain as a Map's.
 */
export function diskSource(root: string): FileSource {
  return {
    read(path) {
      try {
        return readFileSync(join(root, path), "utf8");
      } catch (error) {
        // A directory where a file would be is no file: writing there fails, and says so.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EISDIR") return undefined;
        throw error;
      }
    },
    list(dir) {
      try {
        return readdirSync(join(root, dir));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
    },
  };
}

/** Every file under `root`, keyed by its path under it (always with "/"), in no particular order. */
export function readFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        files.set(relative(root, full).split(sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return files;
}
