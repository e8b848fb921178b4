import { BUILT_IN } from "./builtin-resources.js";
import type { FieldFacts } from "./field-facts.js";
import type { FieldType } from "./fields.js";

/** Python lines written as ruff format would write them, so generated code passes `ruff format --check`. */

export const LINE = 100;

/** A call as ruff format writes it: on one line when it fits, else one argument a line. */
export function pyCall(indent: number, head: string, args: readonly string[], tail = ""): string {
  const pad = " ".repeat(indent);
  const one = `${pad}${head}(${args.join(", ")})${tail}`;
  if (one.length <= LINE) return one;
  // The trailing comma keeps ruff from joining the lines again.
  return `${pad}${head}(\n${args.map((a) => `${argument(`${pad}    `, a)},\n`).join("")}${pad})${tail}`;
}

/** One argument a line; a call of one long string (`name=op.f("fk_...")`) split around it. */
function argument(pad: string, a: string): string {
  const call = /^([\w.=]+\()("[^"]*")\)$/.exec(a);
  if (`${pad}${a},`.length <= LINE || !call) return `${pad}${a}`;
  return `${pad}${call[1]}\n${pad}    ${call[2]}\n${pad})`;
}

export function modelLine(f: FieldFacts): string {
  const type = `Mapped[${f.pyType}${f.optional ? " | None" : ""}]`;
  const args = [f.ref ? `ForeignKey("${f.ref.plural}.id", ondelete="${f.onDelete}")` : f.columnType];
  if (f.unique) args.push("unique=True");
  if (f.index) args.push("index=True");
  return pyCall(4, `${f.name}: ${type} = mapped_column`, args);
}

export function migrationLine(f: FieldFacts): string {
  return pyCall(
    8,
    "sa.Column",
    [`"${f.name}"`, f.migrationType, `nullable=${f.optional ? "True" : "False"}`],
    ",",
  );
}

/** Constraints and indexes of the table, named by the models' naming convention. */
export function migrationExtras(table: string, fields: FieldFacts[], auth: boolean) {
  const constraints: string[] = [];
  const indexes: string[] = [];
  const fk = (column: string, target: string, onDelete: string) =>
    constraints.push(
      pyCall(
        8,
        "sa.ForeignKeyConstraint",
        [
          `["${column}"]`,
          `["${target}.id"]`,
          `name=op.f("fk_${table}_${column}_${target}")`,
          `ondelete="${onDelete}"`,
        ],
        ",",
      ),
    );
  for (const f of fields) if (f.ref) fk(f.name, f.ref.plural, f.onDelete);
  if (auth) fk("owner_id", BUILT_IN.user.plural, "CASCADE");
  constraints.push(pyCall(8, "sa.PrimaryKeyConstraint", [`"id"`, `name=op.f("pk_${table}")`], ","));
  for (const f of fields) {
    if (f.unique && !f.index)
      constraints.push(
        pyCall(8, "sa.UniqueConstraint", [`"${f.name}"`, `name=op.f("uq_${table}_${f.name}")`], ","),
      );
  }
  const index = (column: string, unique: boolean) =>
    indexes.push(
      pyCall(4, "op.create_index", [
        `op.f("ix_${table}_${column}")`,
        `"${table}"`,
        `["${column}"]`,
        `unique=${unique ? "True" : "False"}`,
      ]),
    );
  for (const f of fields) if (f.index) index(f.name, f.unique);
  if (auth) index("owner_id", false);
  return { constraints, indexes };
}

/** `from module import a, b` on one line when it fits, else one name a line (ruff's isort). */
export function fromImport(module: string, names: readonly string[]): string {
  const one = `from ${module} import ${names.join(", ")}`;
  return one.length <= LINE ? one : `from ${module} import (\n${names.map((n) => `    ${n},\n`).join("")})`;
}

export const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** Names imported from pydantic and the standard library by app/schemas/<resource>.py. */
export function schemaImports(
  fields: FieldFacts[],
  uses: Record<FieldType, boolean>,
  /** More names from `typing` (the list query's). */
  moreTyping: readonly string[] = [],
  /** pydantic's MISSING, for the fields only `?expand=` fills. */
  missing = false,
) {
  const u = uses;
  const pydantic = ["BaseModel", "ConfigDict"];
  if (u.string || u.int || u.float || u.decimal || u.email) pydantic.push("Field");
  if (u.int || u.decimal || u.date || u.datetime || u.uuid || u.email) pydantic.push("BeforeValidator");
  if (u.json || u.float) pydantic.push("AfterValidator");
  if (u.decimal || u.datetime) pydantic.push("PlainSerializer");
  if (u.decimal || u.json) pydantic.push("WithJsonSchema");
  if (u.datetime || u.uuid) pydantic.push("Strict");
  if (u.datetime) pydantic.push("AwareDatetime");
  // ruff's isort: CamelCase names first, then functions.
  // ...after the constants, such as MISSING.
  const names = [...(missing ? ["MISSING"] : []), ...sorted(pydantic)];
  const straight = [
    ...(u.date || u.datetime ? ["import datetime as dt"] : []),
    ...(u.json ? ["import math"] : []),
    ...(u.date || u.email ? ["import re"] : []),
  ];
  const typing = sorted([
    // Annotated: the constrained aliases.
    ...(fields.some((f) => !f.is.text && !f.is.bool && !f.ref) ? ["Annotated"] : []),
    ...(u.json ? ["Any"] : []),
    ...moreTyping,
  ]);
  const from = [
    ...(u.decimal ? ["from decimal import ROUND_HALF_EVEN, Decimal"] : []),
    ...(typing.length ? [`from typing import ${typing.join(", ")}`] : []),
    ...(u.uuid ? ["from uuid import UUID"] : []),
  ];
  const types = [
    ...(u.int ? ["INT32_MAX"] : []),
    // ruff's isort order: constants, then classes (NotNull), then the rest.
    ...(fields.some((f) => !f.optional) ? ["NotNull"] : []),
    ...(u.ref ? ["RowId"] : []),
    ...(u.string || u.text || u.email ? ["Text"] : []),
    "UtcDatetime",
    // -0.0 is stored, and so answered, as 0.0.
    ...(u.float ? ["positive_zero"] : []),
    // 3.0 is an integer to JSON Schema, so to the API too.
    ...(u.int ? ["whole_number"] : []),
  ];
  return {
    stdlib: [...straight, ...from],
    pydantic: fromImport("pydantic", names),
    types: fromImport("app.schemas.types", types),
  };
}

/** Imports of the SQLAlchemy model and of the repository's signatures. */
export function pythonTypeImports(
  uses: Record<FieldType, boolean>,
  any = uses.json,
  /** The repository's `get_many` takes a Collection of ids. */
  collection = false,
): string[] {
  return [
    ...(uses.date || uses.datetime ? ["import datetime as dt"] : []),
    ...(collection ? ["from collections.abc import Collection"] : []),
    ...(uses.decimal ? ["from decimal import Decimal"] : []),
    ...(any ? ["from typing import Any"] : []),
    ...(uses.uuid ? ["from uuid import UUID"] : []),
  ];
}

export function sqlalchemyImport(fields: FieldFacts[], auth: boolean): string {
  const names = new Set(["Integer"]);
  for (const f of fields) {
    if (f.ref) names.add("ForeignKey");
    else if (f.is.json) names.add("JSON");
    else if (!f.is.datetime) names.add(f.columnType.replace(/\(.*$/, ""));
  }
  if (auth) names.add("ForeignKey");
  // ruff's isort: CONSTANTS, then Classes.
  return fromImport("sqlalchemy", [
    ...(names.has("JSON") ? ["JSON"] : []),
    ...sorted([...names].filter((n) => n !== "JSON")),
  ]);
}
