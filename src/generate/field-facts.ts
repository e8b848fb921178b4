import type { Database } from "../options.js";
import { BUILT_IN, isBuiltIn } from "./builtin-resources.js";
import { spelling } from "./field-spelling.js";
import { FIELD_TYPES, type Field, type FieldType, type Literal } from "./fields.js";
import { pythonLiteral } from "./literals.js";
import { type ResourceNames, resourceNames } from "./names.js";

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
  /** The default as the API returns it, a Python expression (tests), or "None". */
  defaultOut: string;
  /** The referenced resource, for `ref` fields. */
  ref: ResourceNames | null;
  refIsUser: boolean;
  /** A reference to the resource itself (a tree); its sample is None. */
  selfRef: boolean;
  /**
   * The foreign key's action on delete of the referenced row. Unless chosen, NO ACTION:
   * the delete is refused while rows refer to it, checked at the end of the statement
   * (RESTRICT would check each row at once, and refuse to empty a self-referencing table).
   */
  onDelete: "NO ACTION" | "CASCADE" | "SET NULL";
  deleteRule: { restrict: boolean; cascade: boolean; setNull: boolean };
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
  /** Python expressions the API accepts but stores otherwise, with what it answers (tests). */
  normalised: [sent: string, answered: string][];
  /** The field's line in the SQLAlchemy model, formatted as ruff would. */
  modelLine: string;
  /** The field's `sa.Column(...)` line in Alembic migrations. */
  migrationLine: string;
  /** What the user typed. */
  source: string;
}

export function fieldFacts(field: Field, database: Database = "sqlite"): FieldFacts {
  const is = Object.fromEntries(FIELD_TYPES.map((t) => [t, t === field.type])) as Record<FieldType, boolean>;
  const spelt = spelling(field);
  const ref = field.ref ? refNames(field.ref) : null;
  const refIsUser = ref?.singular === BUILT_IN.user.singular;
  const refSample = refIsUser ? "me(client, headers)" : `create_${ref?.singular}(client, headers)`;
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
    defaultOut: field.default ? outputLiteral(field.type, field.default) : "None",
    ref,
    refIsUser,
    selfRef: false,
    onDelete:
      field.onDelete === "cascade" ? "CASCADE" : field.onDelete === "set-null" ? "SET NULL" : "NO ACTION",
    deleteRule: {
      restrict: field.type === "ref" && field.onDelete === undefined,
      cascade: field.onDelete === "cascade",
      setNull: field.onDelete === "set-null",
    },
    schemaType: spelt.schema,
    pyType: spelt.py,
    columnType: spelt.column,
    migrationType: spelt.migration,
    sqlType: spelt.sql[database],
    sample: ref ? `${refSample}["id"]` : spelt.sample,
    invalid: spelt.invalid,
    edge: spelt.edge,
    normalised: spelt.normalised ?? [],
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
  return isBuiltIn(singular) ? { ...BUILT_IN[singular] } : resourceNames(singular);
}
