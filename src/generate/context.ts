import type { TemplateContext } from "../render/context.js";
import { FIELD_TYPES, type Field, type FieldType, type Literal } from "./fields.js";
import { pythonLiteral, sqlLiteral } from "./literals.js";
import type { NextMigration } from "./migrations.js";
import { type ResourceNames, resourceNames } from "./names.js";

/** `decimal` is NUMERIC(12, 2): at most 12 significant digits survive a JSON number (binary64) exactly. */
export const DECIMAL = { precision: 12, scale: 2 } as const;

/**
 * What resource templates see about one field: flags for {{#if}}, every
 * literal already escaped for the language it lands in, and the spelling of
 * its type in each file (so templates hold no type logic). Type spellings are
 * fixed strings or built from validated numbers, never from user text.
 */
export interface FieldFacts {
  name: string;
  type: FieldType;
  /** One flag per type: isString, isInt, ... */
  is: Record<FieldType, boolean>;
  optional: boolean;
  /** Must be sent on create: not optional and no default. */
  required: boolean;
  unique: boolean;
  index: boolean;
  maxLength: number | null;
  hasDefault: boolean;
  /** Python expression of the default, or "None". */
  defaultPython: string;
  /** SQL literal of the default, or "NULL". */
  defaultSql: string;
  /** The default as the API returns it, a Python expression (tests), or "None". */
  defaultOut: string;
  /** The default is text the schema must parse (dates, uuids, decimals). */
  parseDefault: boolean;
  /** The referenced resource, for `ref` fields. */
  ref: ResourceNames | null;
  refIsUser: boolean;
  /** On delete of the referenced row: CASCADE (required ref) or SET NULL (optional). */
  onDelete: string;
  /** Pydantic annotation (request and response) in app/schemas/<resource>.py. */
  schemaType: string;
  /** Python annotation in models and repositories. */
  pyType: string;
  /** SQLAlchemy column type in the model ("" for ref: ForeignKey gives it). */
  columnType: string;
  /** Alembic column type in the migration. */
  migrationType: string;
  /** SQL column type for this project's database (raw SQL migrations). */
  sqlType: string;
  /** Python expression of a valid value, unique per `n` (tests). */
  sample: string;
  /** Python expressions the API must refuse with a 400 on this field (tests). */
  invalid: string[];
  /** Python expressions of valid extreme values the API must store and return as sent (tests). */
  edge: string[];
  /** The field's line in the SQLAlchemy model, formatted as ruff would. */
  modelLine: string;
  /** The field's `sa.Column(...)` line in Alembic migrations. */
  migrationLine: string;
  /** What the user typed. */
  source: string;
}

export interface ResourceContext extends TemplateContext {
  resource: ResourceNames;
  fields: FieldFacts[];
  migration: NextMigration;
  hasRefs: boolean;
  hasUnique: boolean;
  /** Types in use, for imports: uses.decimal, uses.date, ... */
  uses: Record<FieldType, boolean>;
  /** Fields that may not be null (PATCH refuses an explicit null). */
  notNullFields: FieldFacts[];
  requiredFields: FieldFacts[];
  /** Fields a create may leave out (optional, or with a default). */
  optionalFields: FieldFacts[];
  nullableFields: FieldFacts[];
  /** float and decimal fields: NaN and Infinity are a 400. */
  finiteFields: FieldFacts[];
  /** Test cases, flattened: one {name, value} per case. */
  edgeCases: { name: string; value: string }[];
  invalidCases: { name: string; value: string }[];
  /** Refs whose target rows the API can delete (not users). */
  deletableRefs: FieldFacts[];
  samplesUseSerial: boolean;
  firstField: FieldFacts;
  schemaImports: { stdlib: string[]; pydantic: string; types: string };
  /** Standard-library imports for the Python types of models and repositories. */
  typeImports: string[];
  /** The same, with `Any` (the repository's `changes: dict[str, Any]`). */
  repositoryImports: string[];
  /** One `String<N>` alias per length in use. */
  stringLengths: number[];
  sqlalchemyImport: string;
  /** `from app.models.x import X` for the resource and the models it references, sorted. */
  modelImports: string[];
  migrationExtras: { constraints: string[]; indexes: string[] };
  /** The test support module's imports, sorted as ruff's isort does. */
  supportImports: string[];
  refFields: FieldFacts[];
  uniqueFields: FieldFacts[];
  /** Refs to generated resources (their tests' helpers are imported). */
  generatedRefs: ResourceNames[];
  usesPythonDates: boolean;
  usesItemRef: boolean;
  usesUserRef: boolean;
  /** A string or text field for the "stored verbatim" test, if any. */
  textField: FieldFacts | null;
  /** Python ", "-joined quoted names of the unique fields, for messages. */
  uniqueNames: string;
  decimal: typeof DECIMAL;
}

interface TypeSpelling {
  schema: string;
  py: string;
  column: string;
  migration: string;
  sql: { sqlite: string; postgres: string };
  sample: string;
  invalid: string[];
  edge: string[];
}

function spelling(field: Field, postgres: boolean): TypeSpelling {
  const n = field.length ?? 0;
  const { precision: p, scale: s } = DECIMAL;
  const json = postgres ? "postgresql.JSONB(none_as_null=True)" : "sa.JSON(none_as_null=True)";
  const table: Record<FieldType, TypeSpelling> = {
    string: {
      schema: `String${n}`,
      py: "str",
      column: `String(${n})`,
      migration: `sa.String(length=${n})`,
      sql: { sqlite: `VARCHAR(${n})`, postgres: `VARCHAR(${n})` },
      // The serial keeps unique fields unique; cut to the length from the left.
      sample: n >= 16 ? `f"text {n}"` : `str(n)[-${n}:]`,
      invalid: [`"x" * ${n + 1}`, "123", `"\\x00"`],
      edge: [`"é" * ${n}`],
    },
    text: {
      schema: "Text",
      py: "str",
      column: "Text",
      migration: "sa.Text()",
      sql: { sqlite: "TEXT", postgres: "TEXT" },
      sample: `f"text {n}"`,
      invalid: ["123", `"nul\\x00byte"`],
      edge: [`"🎉" * 5000`],
    },
    int: {
      schema: "Int32",
      py: "int",
      column: "Integer",
      migration: "sa.Integer()",
      sql: { sqlite: "INTEGER", postgres: "INTEGER" },
      sample: "n",
      invalid: ["2**31", "-(2**31) - 1", "1.5", "True", `"1"`],
      edge: ["2**31 - 1", "-(2**31)"],
    },
    float: {
      schema: "FiniteFloat",
      py: "float",
      column: "Float",
      migration: "sa.Float()",
      sql: { sqlite: "REAL", postgres: "DOUBLE PRECISION" },
      sample: "n + 0.5",
      invalid: ["10**400", `"1.5"`, "True"],
      edge: ["1e308", "-2.5"],
    },
    decimal: {
      schema: "DecimalNumber",
      py: "Decimal",
      column: `Numeric(${p}, ${s})`,
      migration: `sa.Numeric(precision=${p}, scale=${s})`,
      sql: { sqlite: `NUMERIC(${p}, ${s})`, postgres: `NUMERIC(${p}, ${s})` },
      sample: "n + 0.25",
      invalid: ["0.125", `10**${p - s}`, `"9.99"`, "True"],
      edge: ["9999999999.99", "-9999999999.99", "0.01"],
    },
    bool: {
      schema: "bool",
      py: "bool",
      column: "Boolean",
      migration: "sa.Boolean()",
      sql: { sqlite: "BOOLEAN", postgres: "BOOLEAN" },
      sample: "n % 2 == 0",
      invalid: ["1", `"true"`],
      edge: [],
    },
    date: {
      schema: "IsoDate",
      py: "dt.date",
      column: "Date",
      migration: "sa.Date()",
      sql: { sqlite: "TEXT", postgres: "DATE" },
      sample: "day(n)",
      invalid: [`"2024-02-30"`, `"2024-01-01T00:00:00"`, "20240101"],
      edge: [`"2024-02-29"`, `"9999-12-31"`],
    },
    datetime: {
      schema: "IsoDatetime",
      py: "dt.datetime",
      column: "UTCDateTime()",
      migration: "sa.DateTime(timezone=True)",
      sql: { sqlite: "TEXT", postgres: "TIMESTAMPTZ" },
      sample: "moment(n)",
      invalid: [`"2024-01-01T00:00:00"`, `"2024-13-01T00:00:00+00:00"`, "1700000000"],
      edge: [`"2024-02-29T23:59:59.999999+00:00"`],
    },
    uuid: {
      schema: "UuidText",
      py: "UUID",
      column: "Uuid",
      migration: "sa.Uuid()",
      sql: { sqlite: "CHAR(36)", postgres: "UUID" },
      sample: `f"00000000-0000-4000-8000-{n:012d}"`,
      invalid: [`"not-a-uuid"`, "123"],
      edge: [`"ffffffff-ffff-4fff-bfff-ffffffffffff"`],
    },
    email: {
      schema: "EmailAddress",
      py: "str",
      column: "String(320)",
      migration: "sa.String(length=320)",
      sql: { sqlite: "VARCHAR(320)", postgres: "VARCHAR(320)" },
      sample: `f"user{n}@example.com"`,
      invalid: [`"not-an-email"`, `"a@b"`, "123", `"x" * 310 + "@example.com"`],
      edge: [],
    },
    json: {
      schema: "JsonDocument",
      py: "Any",
      column: postgres ? "JSONB(none_as_null=True)" : "JSON(none_as_null=True)",
      migration: json,
      sql: { sqlite: "TEXT", postgres: "JSONB" },
      sample: `{"n": n}`,
      invalid: [`"text"`, "1", `{"x": "nul\\x00"}`],
      edge: ["[]", `{"nested": [1, 2.5, None, True, "é"]}`],
    },
    ref: {
      schema: "RowId",
      py: "int",
      column: "",
      migration: "sa.Integer()",
      sql: { sqlite: "INTEGER", postgres: "INTEGER" },
      sample: "",
      invalid: ["0", "2**31", `"1"`, "2**31 - 1"],
      edge: [],
    },
  };
  return table[field.type];
}

export function fieldFacts(field: Field, postgres = false): FieldFacts {
  const is = Object.fromEntries(FIELD_TYPES.map((t) => [t, t === field.type])) as Record<FieldType, boolean>;
  const spelt = spelling(field, postgres);
  const ref = field.ref ? refNames(field.ref) : null;
  const refSample =
    ref?.singular === "user" ? "me(client, headers)" : `create_${ref?.singular}(client, headers)`;
  return {
    name: field.name,
    type: field.type,
    is,
    optional: field.optional,
    required: !field.optional && field.default === undefined,
    unique: field.unique,
    index: field.index || field.type === "ref",
    maxLength: field.length ?? null,
    hasDefault: field.default !== undefined,
    defaultPython: field.default ? pythonLiteral(field.default) : "None",
    defaultSql: field.default ? sqlLiteral(field.default) : "NULL",
    defaultOut: field.default ? outputLiteral(field.type, field.default) : "None",
    parseDefault: ["decimal", "date", "datetime", "uuid"].includes(field.type),
    ref,
    refIsUser: ref?.singular === "user",
    onDelete: field.optional ? "SET NULL" : "CASCADE",
    schemaType: spelt.schema,
    pyType: spelt.py,
    columnType: spelt.column,
    migrationType: spelt.migration,
    sqlType: postgres ? spelt.sql.postgres : spelt.sql.sqlite,
    sample: ref ? `${refSample}["id"]` : spelt.sample,
    invalid: spelt.invalid,
    edge: spelt.edge,
    modelLine: "",
    migrationLine: "",
    source: field.source,
  };
}

/** The default as the API answers it: decimals as numbers, datetimes in UTC. */
function outputLiteral(type: FieldType, literal: Literal): string {
  if (type === "datetime" && literal.kind === "string") return JSON.stringify(utcIso(literal.value));
  return pythonLiteral(literal);
}

/** `2024-01-31T14:00:00.5+02:00` → `2024-01-31T12:00:00.500000+00:00`, as Python's isoformat() writes it. */
export function utcIso(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac = "", , sign, oh = "0", om = "0"] = m;
  const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const t = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi) - offset, Number(s)),
  );
  const micro = frac.padEnd(6, "0");
  const pad = (v: number, w = 2) => String(v).padStart(w, "0");
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return `${date}T${time}${/^0+$/.test(micro) ? "" : `.${micro}`}+00:00`;
}

/** Built-in resources may be referenced too; their names are fixed. */
function refNames(singular: string): ResourceNames {
  if (singular === "user" || singular === "item") {
    return {
      singular,
      plural: `${singular}s`,
      pascal: singular === "user" ? "User" : "Item",
      path: `${singular}s`,
      words: singular,
    };
  }
  return resourceNames(singular);
}

const LINE = 100;

/** A call as ruff format writes it: on one line when it fits, else one argument a line. */
export function pyCall(indent: number, head: string, args: readonly string[], tail = ""): string {
  const pad = " ".repeat(indent);
  const one = `${pad}${head}(${args.join(", ")})${tail}`;
  if (one.length <= LINE) return one;
  // The trailing comma keeps ruff from joining the lines again.
  return `${pad}${head}(\n${args.map((a) => `${pad}    ${a},\n`).join("")}${pad})${tail}`;
}

function modelLine(f: FieldFacts): string {
  const type = `Mapped[${f.pyType}${f.optional ? " | None" : ""}]`;
  const args = [f.ref ? `ForeignKey("${f.ref.plural}.id", ondelete="${f.onDelete}")` : f.columnType];
  if (f.unique) args.push("unique=True");
  if (f.index) args.push("index=True");
  return pyCall(4, `${f.name}: ${type} = mapped_column`, args);
}

function migrationLine(f: FieldFacts): string {
  return pyCall(
    8,
    "sa.Column",
    [`"${f.name}"`, f.migrationType, `nullable=${f.optional ? "True" : "False"}`],
    ",",
  );
}

/** Constraints and indexes of the table, named by the models' naming convention. */
function migrationExtras(table: string, fields: FieldFacts[], auth: boolean) {
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
  if (auth) fk("owner_id", "users", "CASCADE");
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

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** Names imported from pydantic and the standard library by app/schemas/<resource>.py. */
function schemaImports(fields: FieldFacts[], uses: Record<FieldType, boolean>) {
  const u = uses;
  const pydantic = ["BaseModel", "ConfigDict"];
  if (u.string || u.int || u.float || u.decimal || u.email || u.ref) pydantic.push("Field");
  if (u.decimal || u.date || u.datetime || u.uuid || u.email) pydantic.push("BeforeValidator");
  if (u.json) pydantic.push("AfterValidator");
  if (u.decimal || u.datetime) pydantic.push("PlainSerializer");
  if (u.decimal || u.json) pydantic.push("WithJsonSchema");
  if (u.datetime || u.uuid) pydantic.push("Strict");
  if (u.datetime) pydantic.push("AwareDatetime");
  // ruff's isort: CamelCase names first, then functions.
  const names = sorted(pydantic);
  if (fields.some((f) => !f.optional)) names.push("field_validator");
  const straight = [
    ...(u.date || u.datetime ? ["import datetime as dt"] : []),
    ...(u.json ? ["import math"] : []),
    ...(u.date || u.email ? ["import re"] : []),
  ];
  const typing = [
    ...(fields.some((f) => !f.is.text && !f.is.bool) ? ["Annotated"] : []),
    ...(u.json ? ["Any"] : []),
  ];
  const from = [
    ...(u.decimal ? ["from decimal import Decimal"] : []),
    ...(typing.length ? [`from typing import ${typing.join(", ")}`] : []),
    ...(u.uuid ? ["from uuid import UUID"] : []),
  ];
  const types = [
    ...(u.int || u.ref ? ["INT32_MAX"] : []),
    ...(u.string || u.text || u.email ? ["Text"] : []),
    "UtcDatetime",
  ];
  return { stdlib: [...straight, ...from], pydantic: fromImport("pydantic", names), types: types.join(", ") };
}

/** Imports of the SQLAlchemy model and of the repository's signatures. */
function pythonTypeImports(uses: Record<FieldType, boolean>, any = uses.json): string[] {
  return [
    ...(uses.date || uses.datetime ? ["import datetime as dt"] : []),
    ...(uses.decimal ? ["from decimal import Decimal"] : []),
    ...(any ? ["from typing import Any"] : []),
    ...(uses.uuid ? ["from uuid import UUID"] : []),
  ];
}

function sqlalchemyImport(fields: FieldFacts[], auth: boolean, postgres: boolean): string {
  const names = new Set(["Integer"]);
  for (const f of fields) {
    if (f.ref) names.add("ForeignKey");
    else if (f.is.json) {
      if (!postgres) names.add("JSON");
    } else if (!f.is.datetime) names.add(f.columnType.replace(/\(.*$/, ""));
  }
  if (auth) names.add("ForeignKey");
  // ruff's isort: CONSTANTS, then Classes.
  return fromImport("sqlalchemy", [
    ...(names.has("JSON") ? ["JSON"] : []),
    ...sorted([...names].filter((n) => n !== "JSON")),
  ]);
}

export function resourceContext(
  base: TemplateContext,
  resource: ResourceNames,
  fields: readonly Field[],
  migration: NextMigration,
): ResourceContext {
  const facts = fields.map((f) => fieldFacts(f, base.isPostgres));
  for (const f of facts) {
    f.modelLine = modelLine(f);
    f.migrationLine = migrationLine(f);
  }
  const uses = Object.fromEntries(FIELD_TYPES.map((t) => [t, fields.some((f) => f.type === t)])) as Record<
    FieldType,
    boolean
  >;
  const refFields = facts.filter((f) => f.ref !== null);
  const uniqueFields = facts.filter((f) => f.unique);
  const generatedRefs = new Map<string, ResourceNames>();
  for (const f of refFields) {
    if (f.ref && f.ref.singular !== "user" && f.ref.singular !== "item")
      generatedRefs.set(f.ref.singular, f.ref);
  }
  const refModels = new Map<string, string>([[resource.singular, resource.pascal]]);
  for (const f of refFields) if (f.ref) refModels.set(f.ref.singular, f.ref.pascal);
  const usesItemRef = refFields.some((f) => f.ref?.singular === "item");
  const supportImports = [
    `from tests.support.api import API${usesItemRef ? ", create_item" : ""}`,
    ...[...generatedRefs.values()].map((r) => `from tests.support.${r.plural} import create_${r.singular}`),
  ].sort((a, b) => (a.split(" ")[1] as string).localeCompare(b.split(" ")[1] as string));
  return {
    ...base,
    resource,
    fields: facts,
    migration,
    hasRefs: uses.ref,
    hasUnique: uniqueFields.length > 0,
    uses,
    notNullFields: facts.filter((f) => !f.optional),
    requiredFields: facts.filter((f) => f.required),
    optionalFields: facts.filter((f) => !f.required),
    nullableFields: facts.filter((f) => f.optional),
    finiteFields: facts.filter((f) => f.is.float || f.is.decimal),
    edgeCases: facts.flatMap((f) => f.edge.map((value) => ({ name: f.name, value }))),
    invalidCases: facts.flatMap((f) => [
      ...f.invalid.map((value) => ({ name: f.name, value })),
      ...(f.optional ? [] : [{ name: f.name, value: "None" }]),
    ]),
    refFields,
    deletableRefs: refFields.filter((f) => !f.refIsUser),
    uniqueFields,
    generatedRefs: [...generatedRefs.values()],
    usesPythonDates: uses.date || uses.datetime,
    usesItemRef,
    usesUserRef: refFields.some((f) => f.refIsUser),
    samplesUseSerial: facts.some((f) => !f.ref),
    textField: facts.find((f) => f.is.string || f.is.text) ?? null,
    firstField: facts[0] as FieldFacts,
    uniqueNames: uniqueFields.map((f) => f.name).join(" or "),
    decimal: DECIMAL,
    stringLengths: [...new Set(facts.filter((f) => f.is.string).map((f) => f.maxLength as number))].sort(
      (a, b) => a - b,
    ),
    schemaImports: schemaImports(facts, uses),
    typeImports: pythonTypeImports(uses),
    repositoryImports: pythonTypeImports(uses, true),
    sqlalchemyImport: sqlalchemyImport(facts, base.auth, base.isPostgres),
    modelImports: [...refModels]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, cls]) => `from app.models.${module} import ${cls}`),
    migrationExtras: migrationExtras(resource.plural, facts, base.auth),
    supportImports,
  };
}
