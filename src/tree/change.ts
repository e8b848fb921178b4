import { createTwoFilesPatch } from "diff";

/** One file's change, with its old contents so it can be shown and undone. */
export type Change =
  | { kind: "create"; path: string; after: string; executable?: boolean }
  | { kind: "update"; path: string; before: string; after: string }
  | { kind: "delete"; path: string; before: string };

/** The unified diff a --dry-run prints. */
export function describe(changes: readonly Change[]): string {
  return changes
    .map((c) => {
      const before = c.kind === "create" ? "" : c.before;
      const after = c.kind === "delete" ? "" : c.after;
      return createTwoFilesPatch(
        c.kind === "create" ? "/dev/null" : `a/${c.path}`,
        c.kind === "delete" ? "/dev/null" : `b/${c.path}`,
        before,
        after,
        undefined,
        undefined,
        { context: 2 },
      );
    })
    .join("");
}
