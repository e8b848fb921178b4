/**
 * Where a tree reads the files a plan has not touched: the project on disk
 * (disk-source.ts), or a map in memory, so a plan can be tested without a disk.
 * Paths are relative and use "/", as in the manifest.
 */
export interface FileSource {
  /** A file's contents, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** The names directly inside a folder ("" is the root); none when it does not exist. */
  list(dir: string): string[];
}

/** Nothing at all: what a new project starts from. */
export const NOTHING: FileSource = { read: () => undefined, list: () => [] };

export function memorySource(files: ReadonlyMap<string, string>): FileSource {
  // A copy: the caller may go on changing its map, and a base never changes.
  const own = new Map(files);
  return {
    read: (path) => own.get(path),
    list: (dir) => {
      const prefix = dir === "" ? "" : `${dir}/`;
      const names = new Set<string>();
      for (const path of own.keys()) {
        if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split("/")[0] as string);
      }
      return [...names];
    },
  };
}
