import { FieldError } from "../errors.js";
import { identifierProblem, isSnakeCase, toSnake } from "./names.js";
import { RESERVED_FIELDS } from "./reserved.js";

export const FIELD_TYPES = [
  "string",
  "text",
  "int",
  "float",
  "decimal",
  "bool",
  "date",
  "datetime",
  "uuid",
  "email",
  "json",
  "ref",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A literal default, already checked against its field's type. */
export type Literal =
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "json"; value: unknown };

export interface Field {
  /** The column / attribute name (a `ref` field always ends in `_id`). */
  name: string;
  type: FieldType;
  /** Max length in code points, for `string` (default 255). */
  length?: number;
  /** The referenced resource's singular snake name, for `ref`. */
  ref?: string;
  optional: boolean;
  unique: boolean;
  index: boolean;
  default?: Literal;
  /**
   * For `ref`: what deleting the referenced row does to this one. Unset, the delete is
   * refused (409) while this row refers to it.
   */
  onDelete?: "cascade" | "set-null";
  /** What the user typed, kept in the manifest's resource log. */
  source: string;
}

export const DEFAULT_STRING_LENGTH = 255;
const MAX_STRING_LENGTH = 10_000;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

const TYPE_PATTERN = /^(?<type>[a-z]+)(?:\((?<arg>[^()]*)\))?(?<optional>\?)?$/;

/**
 * Parses one `name:type[?][:modifier...]` argument. Modifiers: `unique`,
 * `index`, `default=<literal>`; everything after `default=` is the literal,
 * colons included.
 */
export function parseField(source: string): Field {
  const [rawName = "", rawType, ...rest] = source.split(":");
  if (rawType === undefined || rawType === "") {
    throw new FieldError(`field "${source}" needs a type: name:type, e.g. title:string or price:decimal`);
  }
  const match = TYPE_PATTERN.exec(rawType);
  const type = match?.groups?.type as FieldType | undefined;
  if (!match || !type || !(FIELD_TYPES as readonly string[]).includes(type)) {
    throw new FieldError(
      `field "${rawName}" has an unknown type "${rawType}"; types: ${FIELD_TYPES.join(", ")} (string(120), ref(resource))`,
    );
  }
  const arg = match.groups?.arg;
  const field: Field = {
    name: fieldName(rawName, type),
    type,
    optional: match.groups?.optional === "?",
    unique: false,
    index: false,
    source,
  };
  applyTypeArgument(field, arg);
  for (let i = 0; i < rest.length; i++) {
    const modifier = rest[i] as string;
    if (modifier.startsWith("default=")) {
      field.default = parseLiteral(
        field,
        [modifier.slice("default=".length), ...rest.slice(i + 1)].join(":"),
      );
      break;
    }
    if (modifier === "unique") field.unique = true;
    else if (modifier === "index") field.index = true;
    else if (modifier === "cascade" || modifier === "set-null") setOnDelete(field, modifier);
    else
      throw new FieldError(
        `field "${field.name}" has an unknown modifier "${modifier}"; modifiers: unique, index, default=<literal>, and for references cascade or set-null`,
      );
  }
  if (field.type === "json" && (field.unique || field.index)) {
    throw new FieldError(`field "${field.name}": a json field cannot be unique or indexed`);
  }
  if (field.type === "bool" && field.unique) {
    throw new FieldError(`field "${field.name}": a bool field cannot be unique (it has only two values)`);
  }
  return field;
}

/**
 * `:cascade` deletes this row with the one it refers to; `:set-null` (optional refs
 * only) clears the reference. Without either, that delete is refused.
 */
function setOnDelete(field: Field, rule: "cascade" | "set-null"): void {
  if (field.type !== "ref") {
    throw new FieldError(
      `field "${field.name}": ${rule} is for references only, e.g. product:ref(product):${rule}`,
    );
  }
  if (field.onDelete !== undefined && field.onDelete !== rule) {
    throw new FieldError(`field "${field.name}": choose cascade or set-null, not both`);
  }
  if (rule === "set-null" && !field.optional) {
    throw new FieldError(
      `field "${field.name}": set-null needs an optional reference (ref(${field.ref})?:set-null); a required one can use cascade`,
    );
  }
  field.onDelete = rule;
}

function fieldName(raw: string, type: FieldType): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(raw)) {
    throw new FieldError(
      `field name "${raw}" must start with a letter and hold only letters, digits and "_"`,
    );
  }
  const snake = toSnake(raw);
  const name = type === "ref" && !snake.endsWith("_id") ? `${snake}_id` : snake;
  const problem = identifierProblem(name, "field name");
  if (problem) throw new FieldError(problem);
  if (type !== "ref" && name.endsWith("_id")) {
    throw new FieldError(
      `field name "${name}" ends in _id, which is kept for references (use ${name}:ref(<resource>))`,
    );
  }
  if (name === "owner_id") {
    throw new FieldError(
      `field name "owner_id" is reserved: on JWT projects owner_id is automatic, set from the token of whoever creates the row, and only that user may change or delete it`,
      "for rows only their owner may read, add --private; for rows without an owner, add --no-owner; to point at another user, name the reference otherwise, e.g. assignee:ref(user)?",
    );
  }
  const reserved = name.startsWith("model_")
    ? "pydantic keeps the model_ prefix for itself"
    : RESERVED_FIELDS.get(name);
  if (reserved) throw new FieldError(`field name "${name}" is reserved: ${reserved}`);
  return name;
}

function applyTypeArgument(field: Field, arg: string | undefined): void {
  if (arg === undefined) {
    if (field.type === "ref")
      throw new FieldError(`field "${field.name}": ref needs a resource, e.g. ref(category)`);
    if (field.type === "string") field.length = DEFAULT_STRING_LENGTH;
    return;
  }
  if (field.type === "string") {
    const length = /^[1-9][0-9]*$/.test(arg) ? Number(arg) : Number.NaN;
    if (!(length <= MAX_STRING_LENGTH)) {
      throw new FieldError(
        `field "${field.name}": string(${arg}) needs a length from 1 to ${MAX_STRING_LENGTH}`,
      );
    }
    field.length = length;
  } else if (field.type === "ref") {
    const target = toSnake(arg.trim());
    // Only its shape here: whether the project has such a resource is checked against the
    // manifest (generate.ts), which says so plainly; a name no resource may have is not one.
    if (!isSnakeCase(target)) {
      throw new FieldError(`field "${field.name}": ${identifierProblem(target, "referenced resource")}`);
    }
    field.ref = target;
  } else {
    throw new FieldError(`field "${field.name}": type ${field.type} takes no argument`);
  }
}

/** Longer defaults would not fit the generated code's 100-column lines. */
const MAX_DEFAULT_LENGTH = 60;

/** Checks a default literal against the field's type; nothing unchecked reaches the code. */
export function parseLiteral(field: Field, text: string): Literal {
  if ([...text].length > MAX_DEFAULT_LENGTH) {
    throw new FieldError(
      `field "${field.name}": a default longer than ${MAX_DEFAULT_LENGTH} characters does not belong in code`,
    );
  }
  const bad = (why: string) =>
    new FieldError(`field "${field.name}": default ${JSON.stringify(text)} ${why}`);
  if (text.includes("\0")) throw bad("holds a NUL character");
  switch (field.type) {
    case "string":
    case "text":
      if ([...text].length > (field.length ?? MAX_STRING_LENGTH)) throw bad(`is longer than ${field.length}`);
      return { kind: "string", value: text };
    case "email":
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) throw bad("is not an email address");
      return { kind: "string", value: text.trim().toLowerCase() };
    case "int": {
      if (!/^-?(0|[1-9][0-9]*)$/.test(text)) throw bad("is not an integer");
      const n = Number(text);
      if (n < INT32.min || n > INT32.max) throw bad("does not fit a 32-bit integer");
      return { kind: "number", value: String(n) };
    }
    case "float":
    case "decimal": {
      if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text))
        throw bad("is not a finite number (write it like 12.5)");
      return { kind: "number", value: text };
    }
    case "bool":
      if (text !== "true" && text !== "false") throw bad("must be true or false");
      return { kind: "bool", value: text === "true" };
    case "date":
      if (!isDate(text)) throw bad("is not a date (YYYY-MM-DD)");
      return { kind: "string", value: text };
    case "datetime":
      if (
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
        !isDate(text.slice(0, 10))
      )
        throw bad("is not an ISO 8601 date-time with an offset (2024-01-31T12:00:00Z)");
      return { kind: "string", value: text };
    case "uuid":
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text))
        throw bad("is not a UUID");
      return { kind: "string", value: text.toLowerCase() };
    case "json":
      try {
        return { kind: "json", value: JSON.parse(text) };
      } catch {
        throw bad("is not valid JSON");
      }
    case "ref":
      throw bad("is not allowed: a reference has no default");
  }
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Parses every field argument, refusing duplicates. */
export function parseFields(sources: readonly string[]): Field[] {
  const fields = sources.map(parseField);
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) throw new FieldError(`field "${field.name}" is listed twice`);
    seen.add(field.name);
  }
  if (fields.length === 0) throw new FieldError("give at least one field, e.g. name:string price:decimal");
  return fields;
}
