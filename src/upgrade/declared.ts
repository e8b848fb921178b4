import { compareVersions } from "./versions.js";

/**
 * What a release changed that a merge of each path cannot carry (issue 18), declared
 * once, here, and applied by `upgrade` for every release after the project's, up to
 * this one, in version order:
 * - a file it moved: the owner's edits follow the file to its new path;
 * - an option it renamed, added or re-spelled: the recorded answers are rewritten before
 *   anything is rendered for them.
 *
 * A schema change is not declared here: it is a migration, in the layer that made it
 * (`upgrades/<version>/`, see schema-catch-up.ts).
 */
export interface DeclaredChanges {
  version: string;
  renames?: readonly { from: string; to: string }[];
  answers?: (answers: Record<string, unknown>) => Record<string, unknown>;
}

export const DECLARED: readonly DeclaredChanges[] = [
  {
    version: "0.2.0",
    // Flask's multipart reader became the one both frameworks share.
    renames: [{ from: "app/api/multipart.py", to: "app/core/multipart.py" }],
    // Uploads gained a storage choice: a project made before it stores on the local disk.
    answers: (answers) => ({ ...answers, storage: answers.storage ?? "local" }),
  },
];

export interface Since {
  /** New path → old path. */
  renames: Map<string, string>;
  answers: (answers: Record<string, unknown>) => Record<string, unknown>;
}

/** The declared changes of the releases after `from`, up to and including `to`. */
export function declaredSince(
  from: string,
  to: string,
  declared: readonly DeclaredChanges[] = DECLARED,
): Since {
  const due = declared
    .filter((d) => compareVersions(d.version, from) > 0 && compareVersions(d.version, to) <= 0)
    .sort((a, b) => compareVersions(a.version, b.version));
  const renames = new Map<string, string>();
  for (const { renames: moved = [] } of due) {
    for (const { from: old, to: now } of moved) {
      // A file moved twice goes from where the project has it to where it ends.
      const first = renames.get(old) ?? old;
      renames.delete(old);
      renames.set(now, first);
    }
  }
  return {
    renames,
    answers: (answers) => due.reduce((a, d) => (d.answers ? d.answers(a) : a), answers),
  };
}
