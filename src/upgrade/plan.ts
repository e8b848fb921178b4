import { fileHash } from "../manifest.js";
import type { Merge3, MergeLabels } from "./three-way.js";

/**
 * What `upgrade` (and `add`/`remove`) will do to each file, decided from three versions
 * of it (issue 18):
 * - C, the file on disk;
 * - B, the base: what the recorded version rendered for the recorded answers;
 * - N, what this version renders for them (or for the new answers).
 *
 * Pure: the versions come in as maps, the decisions go out, and nothing is written.
 */
export interface DiskFile {
  text: string;
  executable: boolean;
  /** Not text (a NUL byte, or not UTF-8): never merged line by line. */
  binary: boolean;
}

export interface PlanInput {
  /** C: the project's files, at least every path B or N names. */
  current: ReadonlyMap<string, DiskFile>;
  /**
   * B, when it is known exactly (the pristine render). Undefined: hash-only mode, where
   * a file is as the tool left it only when its hash is the manifest's.
   */
  base: ReadonlyMap<string, string> | undefined;
  /** N. */
  next: ReadonlyMap<string, string>;
  /** The manifest's hash of each file the tool wrote (hash-only mode). */
  recorded: ReadonlyMap<string, string>;
  /** Paths upgrade never writes: `.env`, applied migrations, lock files. */
  untouchable: (path: string) => boolean;
  /** `--restore`: bring back files the user deleted. */
  restore: boolean;
  merge: Merge3;
  labels: MergeLabels;
  /**
   * Files this version moved (new path → old path), declared in src/upgrade/declared.ts:
   * the owner's file is merged as the old path's and written at the new one.
   */
  renames?: ReadonlyMap<string, string>;
}

export type Decision =
  /** Nothing to do: C is N already, or this version did not change what B was. */
  | { path: string; action: "unchanged" }
  /** C was B, untouched by its owner: it becomes N. */
  | ({ path: string; action: "update"; text: string; executable: boolean } & Moved)
  /** New in N and absent from disk (or deleted by the user, and `--restore`). */
  | ({ path: string; action: "add"; text: string; executable: boolean } & Moved)
  /** Both changed it, in separate places: the merge. */
  | ({ path: string; action: "merge"; text: string; executable: boolean } & Moved)
  /** Both changed the same lines: the merge with conflict markers, or C as it is if binary. */
  | ({ path: string; action: "conflict"; text: string; executable: boolean; conflicts: number } & Moved)
  /** N dropped it and C was B; or this version moved it (`movedTo`). */
  | { path: string; action: "delete"; movedTo?: string }
  /** Left as it is on disk, for the reason given (reported, never silent). */
  | { path: string; action: "keep"; why: KeepReason };

/** A file written at the new path of a declared rename: `from` is where it was. */
interface Moved {
  from?: string;
}

export type KeepReason =
  /** N dropped it, but its owner changed it. */
  | "changed-and-dropped"
  /** Its owner deleted it: it stays deleted (`--restore` brings it back). */
  | "deleted-by-you"
  /** `.env`, an applied migration, a lock file. */
  | "never-touched";

/** Paths where a conflict stops the run (exit 1) until the markers are resolved. */
export const isConflict = (d: Decision) => d.action === "conflict";
/** Paths whose contents change on disk. */
export const writes = (d: Decision): d is Extract<Decision, { text: string }> =>
  d.action === "update" || d.action === "add" || d.action === "merge" || d.action === "conflict";

export function planUpgrade(input: PlanInput): Decision[] {
  const moves = applicableMoves(input);
  const movedAway = new Map([...moves].map(([to, from]) => [from, to]));
  const paths = new Set([...(input.base?.keys() ?? []), ...input.recorded.keys(), ...input.next.keys()]);
  return [...paths].sort().map((path): Decision => {
    const from = moves.get(path);
    if (from !== undefined) return decideMoved(path, from, input);
    const movedTo = movedAway.get(path);
    if (movedTo !== undefined) return { path, action: "delete", movedTo };
    return decide(path, input);
  });
}

/** The declared renames that apply: the owner has the old path, this version only the new one. */
function applicableMoves(input: PlanInput): Map<string, string> {
  const moves = new Map<string, string>();
  for (const [to, from] of input.renames ?? []) {
    const untouched = input.untouchable(from) || input.untouchable(to);
    if (
      !untouched &&
      input.current.has(from) &&
      !input.current.has(to) &&
      input.next.has(to) &&
      !input.next.has(from)
    )
      moves.set(to, from);
  }
  return moves;
}

/** The old path's file, decided as if it were at the new one, and written there whatever the decision. */
function decideMoved(to: string, from: string, input: PlanInput): Decision {
  const current = input.current.get(from) as DiskFile;
  const recorded = input.recorded.get(from);
  const base = input.base?.get(from);
  const decision = decide(to, {
    ...input,
    current: new Map([[to, current]]),
    base: input.base && new Map(base === undefined ? [] : [[to, base]]),
    recorded: new Map(recorded === undefined ? [] : [[to, recorded]]),
  });
  if (writes(decision)) return { ...decision, from };
  // Unchanged where it was (C is N already, or N is B): it moves as the owner has it.
  return { path: to, action: "add", text: current.text, executable: current.executable, from };
}

function decide(path: string, input: PlanInput): Decision {
  const current = input.current.get(path);
  const next = input.next.get(path);
  const base = baseOf(path, current, input);
  if (input.untouchable(path)) {
    return current !== undefined && next !== undefined && !same(current.text, next)
      ? { path, action: "keep", why: "never-touched" }
      : { path, action: "unchanged" };
  }
  if (current === undefined) {
    if (next === undefined) return { path, action: "unchanged" };
    const wasThere = input.base !== undefined ? input.base.has(path) : input.recorded.has(path);
    if (wasThere && !input.restore) return { path, action: "keep", why: "deleted-by-you" };
    return { path, action: "add", text: next, executable: false };
  }
  if (next === undefined) {
    if (base === undefined || !same(current.text, base))
      return { path, action: "keep", why: "changed-and-dropped" };
    return { path, action: "delete" };
  }
  if (same(current.text, next)) return { path, action: "unchanged" };
  if (base !== undefined && same(base, next)) return { path, action: "unchanged" };
  const { executable } = current;
  const crlf = current.text.includes("\r\n");
  const written = (text: string) => (crlf ? text.replace(/\r?\n/g, "\r\n") : text);
  if (base !== undefined && same(current.text, base))
    return { path, action: "update", text: written(next), executable };
  if (current.binary || binary(next)) {
    return { path, action: "conflict", text: current.text, executable, conflicts: 1 };
  }
  // A file both sides added, or one changed with no exact base (hash-only mode), is
  // merged against an empty base: every difference is a conflict, never an overwrite.
  const merged = input.merge(lf(current.text), lf(base ?? ""), lf(next), input.labels);
  return merged.conflicts
    ? { path, action: "conflict", text: written(merged.text), executable, conflicts: merged.conflicts }
    : { path, action: "merge", text: written(merged.text), executable };
}

/** B for one path: the pristine render's, or in hash-only mode C itself when its hash is the manifest's. */
function baseOf(path: string, current: DiskFile | undefined, input: PlanInput): string | undefined {
  if (input.base !== undefined) return input.base.get(path);
  const recorded = input.recorded.get(path);
  // The manifest hashes what the CLI wrote (LF); a CRLF checkout of it is the same file.
  const asWritten =
    current !== undefined &&
    recorded !== undefined &&
    (fileHash(current.text) === recorded || fileHash(lf(current.text)) === recorded);
  return asWritten ? current.text : undefined;
}

const lf = (text: string) => text.replace(/\r\n/g, "\n");
/** Equal but for line endings: the owner's CRLF checkout is not a change. */
const same = (a: string, b: string) => a === b || lf(a) === lf(b);
const binary = (text: string) => text.includes("\0");
