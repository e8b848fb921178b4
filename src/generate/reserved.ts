import { BUILT_IN_NAMES } from "./builtin-resources.js";

/**
 * Words a generated name must not be. Lower-case identifiers only reach this
 * check (the DSL refuses anything else), so only lower-case words matter.
 */

/** Python keywords and soft keywords (3.10+). */
export const PYTHON_KEYWORDS = new Set(
  "and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return try type while with yield _ false none true".split(
    " ",
  ),
);

/** Lower-case builtins: a field or module named `list` or `id` would shadow them. */
export const PYTHON_BUILTINS = new Set(
  "abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple vars zip".split(
    " ",
  ),
);

/**
 * SQL words that need quoting as a column or table name in SQLite or
 * PostgreSQL (the union, so a project can move between them).
 */
export const SQL_RESERVED = new Set(
  `abort action add after all alter always analyse analyze and any array as asc asymmetric attach authorization autoincrement before begin between binary both by cascade case cast check collate collation column commit concurrently conflict constraint create cross current current_catalog current_date current_role current_schema current_time current_timestamp current_user database default deferrable deferred delete desc detach distinct do drop each else end escape except exclude exclusive exists explain fail false fetch filter first following for foreign freeze from full generated glob grant group groups having if ignore ilike immediate in index indexed initially inner insert instead intersect into is isnull join key last lateral leading left like limit localtime localtimestamp match materialized natural no not nothing notnull null nulls of offset on only or order others outer over overlaps partition placing plan pragma preceding primary query raise range recursive references regexp reindex release rename replace restrict returning right rollback row rows savepoint select session_user set similar some symmetric table temp temporary then ties to trailing transaction trigger true unbounded union unique update user using vacuum values variadic verbose view virtual when where window with without`.split(
    /\s+/,
  ),
);

/** Field names a resource cannot have, each with the reason its error gives. */
export const RESERVED_FIELDS: ReadonlyMap<string, string> = new Map(
  (
    [
      [
        "every resource already has id, owner_id, created_at and updated_at",
        ["id", "owner_id", "created_at", "updated_at"],
      ],
      ["SQLAlchemy's declarative classes use it", ["metadata", "registry"]],
      [
        "the generated code uses it for its own parameters and locals",
        ["self", "cls", "db", "data", "settings", "offset", "owner", "row", "now", "dt"],
      ],
      [
        "it is one of the list's own query parameters (page, limit, sort, q, expand)",
        ["page", "limit", "sort", "q", "expand"],
      ],
      [
        "the generated modules import that name",
        ["mapped_column", "field_validator", "annotated", "decimal"],
      ],
      [
        // pydantic BaseModel methods (v1 names kept in v2): a field would shadow them.
        "pydantic's models have a method of that name",
        [
          "copy",
          "json",
          "dict",
          "schema",
          "schema_json",
          "validate",
          "construct",
          "from_orm",
          "parse_obj",
          "parse_raw",
          "parse_file",
          "update_forward_refs",
          "fields",
        ],
      ],
    ] as const
  ).flatMap(([reason, names]) => names.map((name) => [name, reason] as const)),
);

/** Resources the project already has, or paths the framework serves itself. */
export const BUILT_IN_RESOURCES = new Set([
  ...BUILT_IN_NAMES,
  "auth",
  "health",
  "ready",
  "readiness",
  "upload",
  "task",
  "openapi",
  "doc",
  "docs",
  "api",
  "app",
  "core",
  "test",
  "migration",
  "schema",
  "model",
  "service",
  "repository",
  "route",
  "router",
  "base",
  "common",
  "type",
]);
