import type { Database } from "../options.js";
import type { Field, FieldType } from "./fields.js";

/** `decimal` is NUMERIC(12, 2): at most 12 significant digits survive a JSON number (binary64) exactly. */
export const DECIMAL = {
  precision: 12,
  scale: 2,
  /** The largest value NUMERIC(12, 2) holds, and its step: what the OpenAPI document states. */
  max: "9999999999.99",
  step: "0.01",
} as const;

/** How one field type is spelt in each file. Fixed strings or built from validated numbers, never user text. */
export interface TypeSpelling {
  schema: string;
  py: string;
  column: string;
  migration: string;
  /** Keyed by every database, so a new one cannot render without its own spelling. */
  sql: Record<Database, string>;
  sample: string;
  invalid: string[];
  edge: string[];
  /** Python expressions the API accepts but stores otherwise, with what it answers. */
  normalised?: [sent: string, answered: string][];
}

export function spelling(field: Field): TypeSpelling {
  const n = field.length ?? 0;
  const { precision: p, scale: s } = DECIMAL;
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
      normalised: [["-0.0", "0.0"]],
    },
    decimal: {
      schema: "DecimalNumber",
      py: "Decimal",
      column: `Numeric(${p}, ${s})`,
      migration: `sa.Numeric(precision=${p}, scale=${s})`,
      sql: { sqlite: `NUMERIC(${p}, ${s})`, postgres: `NUMERIC(${p}, ${s})` },
      sample: "n + 0.25",
      invalid: [`10**${p - s}`, "9999999999.991", `"9.99"`, "True"],
      edge: ["9999999999.99", "-9999999999.99", "0.01"],
      // Rounded half to even to the scale, as the document says.
      normalised: [
        ["0.125", "0.12"],
        ["0.135", "0.14"],
        ["-1.9100000000000001", "-1.91"],
        ["-0.001", "0.0"],
      ],
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
      // json, not jsonb, like tasks' columns: jsonb would reorder keys and drop duplicates.
      column: "JSON(none_as_null=True)",
      migration: "sa.JSON(none_as_null=True)",
      sql: { sqlite: "TEXT", postgres: "JSON" },
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
