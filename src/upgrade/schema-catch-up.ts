import {
  initialMigration,
  MIGRATION_EXTENSION,
  MIGRATIONS_DIR,
  type NextMigration,
  nextMigration,
} from "../generate/migrations.js";
import type { Orm } from "../options.js";
import type { CatchUpMigration } from "../render/index.js";
import type { Tree } from "../tree/tree.js";
import { compareVersions } from "./versions.js";

/**
 * The migrations an upgrade writes (issue 18). Applied migrations are never touched, so
 * what this version's schema adds arrives as new migrations on the project's current
 * head, as Rails' `install:migrations` copies an engine's:
 *
 * - a migration a new project gets that this one lacks (matched by its name, the number
 *   aside: `0002_roles_and_sessions`) is copied, renumbered onto the head;
 * - a change to a migration every project applied already (a column `0001_initial`
 *   gained) is declared by the layer that made it, as a catch-up migration
 *   (`upgrades/<version>/<name>`), written for each release after the project's.
 *
 * Both go by name, so a second run finds them and writes nothing.
 */
export interface WrittenMigration {
  path: string;
  /** Where it came from: a new project's migration, or a release's catch-up. */
  source: string;
}

/** `0002_roles_and_sessions.py` → `roles_and_sessions`. */
export function migrationName(fileName: string): string | undefined {
  return /^\d{4,}_([a-z0-9_]+)\.(?:py|sql)$/.exec(fileName)?.[1];
}

export function writeSchemaCatchUp(
  tree: Tree,
  orm: Orm,
  /** The migrations a new project gets from this version's render (no resource's). */
  templateMigrations: ReadonlyMap<string, string>,
  catchUps: readonly CatchUpMigration[],
  /** The project's version: catch-ups of later releases, up to this one, apply. */
  from: string,
  to: string,
): { written: WrittenMigration[]; missingInitial?: string } {
  const dir = MIGRATIONS_DIR[orm];
  const extension = MIGRATION_EXTENSION[orm];
  const present = () => new Set(tree.children(dir).map(migrationName));
  const written: WrittenMigration[] = [];
  // Without the initial migration there is no history to put anything on: a later one
  // would alter tables nothing creates.
  if (!present().has("initial")) return { written, missingInitial: initialMigration(orm) };
  const place = (name: string, text: (next: NextMigration) => string, source: string) => {
    if (present().has(name)) return;
    const next = nextMigration(tree, orm);
    const path = `${dir}/${next.revision}_${name}.${extension}`;
    tree.write(path, text(next));
    written.push({ path, source });
  };
  for (const [path, text] of [...templateMigrations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = migrationName(path.slice(dir.length + 1));
    if (name === undefined || name === "initial") continue;
    place(name, (next) => (orm === "sqlalchemy" ? rechained(text, next) : text), `a new project's ${name}`);
  }
  const due = catchUps
    .filter((c) => compareVersions(c.version, from) > 0 && compareVersions(c.version, to) <= 0)
    .sort((a, b) => compareVersions(a.version, b.version) || (a.name < b.name ? -1 : 1));
  for (const catchUp of due) {
    place(
      catchUp.name,
      (next) => catchUp.render({ ...next }),
      `create-backend ${catchUp.version}'s ${catchUp.name}`,
    );
  }
  return { written };
}

/** An Alembic revision, renumbered: its id and the head it follows. */
export function rechained(text: string, next: NextMigration): string {
  const down = next.downRevision;
  const replacements: [RegExp, string][] = [
    [/^Revision ID: .*$/m, `Revision ID: ${next.revision}`],
    [/^Revises: .*$/m, `Revises: ${down ?? ""}`],
    [/^revision: str = .*$/m, `revision: str = "${next.revision}"`],
    [
      /^down_revision: str \| None = .*$/m,
      `down_revision: str | None = ${down === null ? "None" : `"${down}"`}`,
    ],
  ];
  let out = text;
  for (const [pattern, line] of replacements) {
    if (!pattern.test(out))
      throw new Error(`a migration without the line ${pattern.source} cannot be renumbered`);
    out = out.replace(pattern, line);
  }
  return out;
}
