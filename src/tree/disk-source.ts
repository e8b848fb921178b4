import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
