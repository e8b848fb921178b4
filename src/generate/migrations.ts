import { CliError } from "../errors.js";
import type { Answers, Orm } from "../options.js";
import type { Tree } from "../tree/tree.js";

/** Where the next migration goes, and what it follows. */
export interface NextMigration {
  /** Zero-padded sequence: "0002". Alembic revision id or .sql file prefix. */
  revision: string;
  /** The current head ("0001"), or null for the first migration. */
  downRevision: string | null;
}

/** Where each data layer keeps its migrations: Alembic revisions, or numbered `.sql` files. */
export const MIGRATIONS_DIR: Record<Orm, string> = { sqlalchemy: "migrations/versions", none: "migrations" };
export const MIGRATION_EXTENSION: Record<Orm, string> = { sqlalchemy: "py", none: "sql" };
/** The migration every project starts from. */
export const initialMigration = (orm: Orm) =>
  `${MIGRATIONS_DIR[orm]}/0001_initial.${MIGRATION_EXTENSION[orm]}`;
/** A migration file, applied or to be, of either data layer (not `env.py` or `script.py.mako`). */
export const isMigrationFile = (path: string) =>
  (Object.keys(MIGRATIONS_DIR) as Orm[]).some((orm) => {
    const dir = `${MIGRATIONS_DIR[orm]}/`;
    return (
      path.startsWith(dir) &&
      !path.slice(dir.length).includes("/") &&
      path.endsWith(`.${MIGRATION_EXTENSION[orm]}`)
    );
  });
const ALEMBIC_DIR = MIGRATIONS_DIR.sqlalchemy;
const SQL_DIR = MIGRATIONS_DIR.none;

/** The project's next migration, as its data access layer numbers them. */
export function nextMigration(tree: Tree, orm: Answers["orm"]): NextMigration {
  return orm === "sqlalchemy" ? nextAlembicRevision(tree) : nextSqlMigration(tree);
}

/**
 * The next Alembic revision, chained onto the single current head. Two heads
 * mean the history has branched: refuse rather than guess which to follow.
 */
export function nextAlembicRevision(tree: Tree): NextMigration {
  const revisions = new Map<string, string[]>();
  for (const name of tree.children(ALEMBIC_DIR)) {
    if (!name.endsWith(".py")) continue;
    const text = tree.read(`${ALEMBIC_DIR}/${name}`) ?? "";
    const revision = /^revision(?::[^=]+)?\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    // One head ("0001"), none (None), or several for a merge revision: ("0003", "0004").
    const down = /^down_revision(?::[^=]+)?\s*=\s*(None|["'][^"']+["']|\([^)]*\))/m.exec(text)?.[1] ?? "None";
    if (revision)
      revisions.set(
        revision,
        [...down.matchAll(/["']([^"']+)["']/g)].map((m) => m[1] as string),
      );
  }
  const pointedTo = new Set([...revisions.values()].flat());
  const heads = [...revisions.keys()].filter((r) => !pointedTo.has(r));
  if (heads.length > 1) {
    throw new CliError(`the Alembic history has ${heads.length} heads (${heads.join(", ")})`, {
      hint: "merge them first: uv run alembic merge heads -m merge",
    });
  }
  return { revision: nextNumber([...revisions.keys()]), downRevision: heads[0] ?? null };
}

/** The next numbered `.sql` migration. */
export function nextSqlMigration(tree: Tree): NextMigration {
  const numbers = tree
    .children(SQL_DIR)
    .map((name) => /^(\d{4,})_.*\.sql$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
  return { revision: nextNumber(numbers), downRevision: numbers.at(-1) ?? null };
}

function nextNumber(ids: string[]): string {
  const max = ids.map((id) => (/^\d+$/.test(id) ? Number(id) : 0)).reduce((a, b) => Math.max(a, b), 0);
  return String(max + 1).padStart(4, "0");
}
