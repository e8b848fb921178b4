import { type Database, SQL_DIALECTS } from "../options.js";
import { BUILT_IN } from "./builtin-resources.js";
import type { FieldFacts } from "./field-facts.js";
import type { FieldType } from "./fields.js";
import type { ResourceNames } from "./names.js";
import { fromImport, LINE } from "./python-code.js";

/** What the raw-SQL templates (dataclass model, repository, numbered migration) need. */
export interface RawSqlFacts {
  /** `from app.core.db import ...` of the repository. */
  dbImport: string;
  modelImports: string[];
  repositoryImports: string[];
  /** The database's constraints decide on conflicts and dangling refs (unique or ref fields). */
  guarded: boolean;
  /** Python string literals of each statement, indented for their place in the repository. */
  select: string;
  /** `_SELECT = "SELECT ... FROM <table>"`: the list's statement, before its WHERE. */
  selectAll: string;
  insert: string;
  /** `("a", "b")`, one name a line when there are several. */
  writable: string;
  /** Values the driver cannot take or give as they are: { name, fn } (Python callables). */
  encoders: { name: string; fn: string }[];
  decoders: { name: string; fn: string }[];
  /** Decimals come back from SQLite as int or float. */
  decimalFromSqlite: boolean;
  /** CREATE TABLE body lines (without commas) and the CREATE INDEX statements. */
  definitions: string[];
  indexes: string[];
  references: { name: string; query: string }[];
}

/** Converters for the SQLite driver, which knows only int, float, str, bytes and None. */
const SQLITE: Partial<Record<FieldType, { encode: string; decode: string }>> = {
  decimal: { encode: "str", decode: "_decimal" },
  bool: { encode: "", decode: "bool" },
  date: { encode: "dt.date.isoformat", decode: "dt.date.fromisoformat" },
  datetime: { encode: "encode_time", decode: "decode_time" },
  uuid: { encode: "str", decode: "UUID" },
  json: { encode: "encode_json", decode: "decode_json" },
};
/** psycopg adapts the rest itself (Decimal, date, UUID, bool). */
const POSTGRES: Partial<Record<FieldType, { encode: string; decode: string }>> = {
  datetime: { encode: "encode_time", decode: "decode_time" },
  json: { encode: "encode_json", decode: "decode_json" },
};

/** Keyed by every database: a new one cannot generate without its own. */
const CONVERTERS: Record<Database, Partial<Record<FieldType, { encode: string; decode: string }>>> = {
  sqlite: SQLITE,
  postgres: POSTGRES,
};

/**
 * A SQL statement as Python string literals: one line when it fits, else one
 * clause a line, a long clause cut after its commas (as the items repository does).
 */
export function pySql(indent: number, clauses: readonly string[]): string {
  const pad = " ".repeat(indent);
  const one = `${pad}"${clauses.join(" ")}",`;
  if (one.length <= LINE) return one;
  const width = LINE - indent - 3;
  const lines: string[] = [];
  clauses.forEach((clause, i) => {
    let line = i === 0 ? "" : " ";
    for (const [j, word] of clause.split(", ").entries()) {
      const piece = j === 0 ? word : `, ${word}`;
      if (line.trim() !== "" && (line + piece).length > width) {
        lines.push(`${line},`);
        line = ` ${word}`;
      } else line += piece;
    }
    lines.push(line);
  });
  return lines.map((l, i) => `${pad}"${l}"${i === lines.length - 1 ? "," : ""}`).join("\n");
}

function definitions(
  table: string,
  fields: FieldFacts[],
  auth: boolean,
  database: Database,
): { definitions: string[]; indexes: string[] } {
  const { id, time } = SQL_DIALECTS[database];
  const defs = [
    `id ${id}`,
    ...fields.map((f) => `${f.name} ${f.sqlType}${f.optional ? "" : " NOT NULL"}`),
    ...(auth ? ["owner_id INTEGER NOT NULL"] : []),
    `created_at ${time} NOT NULL`,
    `updated_at ${time} NOT NULL`,
  ];
  // Named as the SQLAlchemy models name them, so both paths build the same schema.
  for (const f of fields) {
    if (f.unique && !f.index) defs.push(`CONSTRAINT uq_${table}_${f.name} UNIQUE (${f.name})`);
  }
  const fk = (column: string, target: string, onDelete: string) =>
    defs.push(
      `CONSTRAINT fk_${table}_${column}_${target} FOREIGN KEY (${column}) REFERENCES ${target} (id) ON DELETE ${onDelete}`,
    );
  for (const f of fields) if (f.ref) fk(f.name, f.ref.plural, f.onDelete);
  if (auth) fk("owner_id", BUILT_IN.user.plural, "CASCADE");
  const index = (column: string, unique: boolean) =>
    `CREATE ${unique ? "UNIQUE " : ""}INDEX ix_${table}_${column} ON ${table} (${column});`;
  const indexes = fields.filter((f) => f.index).map((f) => index(f.name, f.unique));
  if (auth) indexes.push(index("owner_id", false));
  return { definitions: defs, indexes };
}

export function rawSqlFacts(
  resource: ResourceNames,
  fields: FieldFacts[],
  auth: boolean,
  database: Database,
): RawSqlFacts {
  const table = resource.plural;
  const converters = CONVERTERS[database];
  const encoders = fields.flatMap((f) => {
    const fn = converters[f.type]?.encode;
    return fn ? [{ name: f.name, fn }] : [];
  });
  const decoders = fields.flatMap((f) => {
    const fn = converters[f.type]?.decode;
    return fn ? [{ name: f.name, fn }] : [];
  });
  for (const name of ["created_at", "updated_at"]) {
    encoders.push({ name, fn: "encode_time" });
    decoders.push({ name, fn: "decode_time" });
  }
  const hasRefs = fields.some((f) => f.ref);
  const hasUnique = fields.some((f) => f.unique);
  const uses = (t: FieldType) => fields.some((f) => f.type === t);
  const usedFns = new Set([...encoders, ...decoders].map((c) => c.fn));

  const writableNames = fields.map((f) => f.name);
  const inserted = [...writableNames, ...(auth ? ["owner_id"] : []), "created_at", "updated_at"];
  const columns = ["id", ...inserted].join(", ");
  // ruff's isort: Classes sorted, then functions.
  const db = [
    "DbSession",
    "Row",
    // Every delete may meet a reference that does not let go (ON DELETE NO ACTION).
    "ForeignKeyViolation",
  ].sort();
  db.push(...["decode_json", "decode_time", "encode_json", "encode_time"].filter((fn) => usedFns.has(fn)));
  const pythonDates = uses("date") || uses("datetime");
  const guarded = hasRefs || hasUnique;
  return {
    dbImport: fromImport("app.core.db", db),
    modelImports: [
      "import datetime as dt",
      "from dataclasses import dataclass",
      ...(uses("decimal") ? ["from decimal import Decimal"] : []),
      ...(uses("json") ? ["from typing import Any"] : []),
      ...(uses("uuid") ? ["from uuid import UUID"] : []),
    ],
    repositoryImports: [
      ...(pythonDates ? ["import datetime as dt"] : []),
      "from collections.abc import Callable, Collection, Mapping",
      ...(uses("decimal") ? ["from decimal import Decimal"] : []),
      "from typing import Any",
      ...(uses("uuid") ? ["from uuid import UUID"] : []),
    ],
    guarded,
    select: pySql(8, [`SELECT ${columns}`, `FROM ${table} WHERE id = :id`]),
    selectAll: moduleConstant("_SELECT", [`SELECT ${columns}`, `FROM ${table}`]),
    insert: pySql(guarded ? 12 : 8, [
      `INSERT INTO ${table} (${inserted.join(", ")})`,
      `VALUES (${inserted.map((c) => `:${c}`).join(", ")})`,
      `RETURNING ${columns}`,
    ]),
    writable:
      writableNames.length === 1
        ? `("${writableNames[0]}",)`
        : `(\n${writableNames.map((n) => `    "${n}",\n`).join("")})`,
    encoders,
    decoders,
    decimalFromSqlite: database === "sqlite" && uses("decimal"),
    ...definitions(table, fields, auth, database),
    references: fields.flatMap((f) =>
      f.ref ? [{ name: f.name, query: `SELECT id FROM ${f.ref.plural} WHERE id = :id` }] : [],
    ),
  };
}

/**
 * `NAME = "..."` on one line when it fits, else in parentheses: one literal when that
 * fits there (ruff joins the pieces then), else one piece a line.
 */
function moduleConstant(name: string, clauses: readonly string[]): string {
  const joined = `"${clauses.join(" ")}"`;
  if (`${name} = ${joined}`.length <= LINE) return `${name} = ${joined}`;
  if (`    ${joined}`.length <= LINE) return `${name} = (\n    ${joined}\n)`;
  return `${name} = (\n${pySql(4, clauses).replace(/,$/, "")}\n)`;
}
