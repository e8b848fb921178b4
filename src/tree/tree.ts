import type { Change } from "./change.js";
import { type FileSource, NOTHING } from "./source.js";

/**
 * A project as a plan sees it: files read from a base, with the plan's writes
 * and deletions held in memory on top. Nothing reaches the disk until
 * flushChanges (flush.ts) writes listChanges() all at once, so the same plan
 * can be shown (--dry-run), tested on a Map, or dropped when it fails.
 */
export class Tree {
  /** Written contents, or null for a deletion, in the order first touched. */
  private readonly overlay = new Map<string, string | null>();
  /** The base as first read: a change's "before" is what the plan saw. */
  private readonly original = new Map<string, string | undefined>();
  /** Paths written as executable: a file the plan moves keeps its bit at the new path. */
  private readonly executables = new Set<string>();

  constructor(private readonly base: FileSource = NOTHING) {}

  /**
   * Whether the tree stands on nothing: a new project, whose target was
   * checked missing or empty. Its flush writes one new directory.
   */
  get isNew(): boolean {
    return this.base === NOTHING;
  }

  read(path: string): string | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? undefined;
    return this.readBase(path);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  /** `executable` is for a file this creates in a project (a move); one written over keeps its mode. */
  write(path: string, contents: string, options: { executable?: boolean } = {}): void {
    this.overlay.set(path, contents);
    if (options.executable) this.executables.add(path);
    else this.executables.delete(path);
  }

  delete(path: string): void {
    this.overlay.set(path, null);
  }

  /** The names directly inside a folder ("" is the root), sorted. */
  children(dir: string): string[] {
    const prefix = dir === "" ? "" : `${dir}/`;
    const names = new Set(this.base.list(dir));
    for (const [path, contents] of this.overlay) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...below] = path.slice(prefix.length).split("/") as [string, ...string[]];
      if (contents !== null) names.add(name);
      // A deleted file goes; a folder stays while anything may be left in it.
      else if (below.length === 0) names.delete(name);
    }
    return [...names].sort();
  }

  /**
   * What flushing would do. In the order first written, not sorted: the plan
   * puts new files first, then edits, then the manifest, and the dry-run diff
   * and the report print them in that order. A file written back to what the
   * base holds, or deleted when it never existed, is no change.
   */
  listChanges(): Change[] {
    const changes: Change[] = [];
    for (const [path, after] of this.overlay) {
      const before = this.readBase(path);
      if (after === null) {
        if (before !== undefined) changes.push({ kind: "delete", path, before });
      } else if (before === undefined) {
        changes.push({
          kind: "create",
          path,
          after,
          ...(this.executables.has(path) ? { executable: true } : {}),
        });
      } else if (before !== after) changes.push({ kind: "update", path, before, after });
    }
    return changes;
  }

  private readBase(path: string): string | undefined {
    if (!this.original.has(path)) this.original.set(path, this.base.read(path));
    return this.original.get(path);
  }
}

/** A new project's tree: nothing underneath, every file written on top. */
export function newTree(files: ReadonlyMap<string, string>): Tree {
  const tree = new Tree();
  for (const [path, contents] of files) tree.write(path, contents);
  return tree;
}
