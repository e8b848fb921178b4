import { diffLines } from "diff";
import { MIGRATIONS_DIR, type NextMigration } from "../generate/migrations.js";
import type { Orm } from "../options.js";

/**
 * The migration `add <feature>` or `remove <feature>` writes (issue 18). A feature's
 * tables are part of the initial migration a new project renders; a project that turns
 * the feature on later has applied that migration already, so its tables arrive as a new
 * one on the current head, and go with another one (the history is kept).
 *
 * The statements are the difference between the initial migration rendered with and
 * without the feature: the same ones a new project runs, so both end in one schema.
 */

export interface FeatureMigration {
  path: string;
  text: string;
}

export function featureMigration(
  orm: Orm,
  direction: "add" | "remove",
  feature: string,
  /** The initial migration rendered without the feature, and with it. */
  without: string,
  withFeature: string,
  next: NextMigration,
): FeatureMigration | undefined {
  const creates = added(upgradePart(orm, without), upgradePart(orm, withFeature));
  if (!creates.trim()) return undefined;
  const tables = [
    ...creates.matchAll(orm === "sqlalchemy" ? /op\.create_table\(\s*"(\w+)"/g : /CREATE TABLE (\w+)/g),
  ]
    .map((m) => m[1] as string)
    .reverse();
  const name = `${direction}_${feature}`;
  if (orm === "none") {
    const drops = tables.map((t) => `DROP TABLE ${t};\n`).join("");
    const body = direction === "add" ? creates : drops;
    return {
      path: `${MIGRATIONS_DIR.none}/${next.revision}_${name}.sql`,
      text: `-- ${direction === "add" ? "Adds" : "Removes"} the tables of the ${feature} feature (create-backend ${direction} ${feature}).\n${body}`,
    };
  }
  const drops = tables.map((t) => `    op.drop_table("${t}")\n`).join("");
  const [up, down] = direction === "add" ? [creates, drops] : [drops, creates];
  return {
    path: `${MIGRATIONS_DIR.sqlalchemy}/${next.revision}_${name}.py`,
    text: `"""${direction} ${feature}

Revision ID: ${next.revision}
Revises: ${next.downRevision ?? ""}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "${next.revision}"
down_revision: str | None = ${next.downRevision === null ? "None" : `"${next.downRevision}"`}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
${up}

def downgrade() -> None:
${down}`,
  };
}

/** An Alembic revision's upgrade(); a `.sql` migration whole. */
function upgradePart(orm: Orm, text: string): string {
  return orm === "sqlalchemy" ? (text.split("\ndef downgrade")[0] ?? text) : text;
}

function added(before: string, after: string): string {
  return diffLines(before, after)
    .filter((part) => part.added)
    .map((part) => part.value)
    .join("");
}
