import type { TemplateContext } from "../render/context.js";
import { FIELD_TYPES, type Field, type FieldType } from "./fields.js";
import { pythonLiteral, sqlLiteral } from "./literals.js";
import type { NextMigration } from "./migrations.js";
import { type ResourceNames, resourceNames } from "./names.js";

/**
 * What resource templates see about one field: flags for {{#if}}, and every
 * literal already escaped for the language it lands in.
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
  /** The referenced resource, for `ref` fields. */
  ref: ResourceNames | null;
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
}

export function fieldFacts(field: Field): FieldFacts {
  const is = Object.fromEntries(FIELD_TYPES.map((t) => [t, t === field.type])) as Record<FieldType, boolean>;
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
    ref: field.ref ? refNames(field.ref) : null,
    source: field.source,
  };
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

export function resourceContext(
  base: TemplateContext,
  resource: ResourceNames,
  fields: readonly Field[],
  migration: NextMigration,
): ResourceContext {
  const facts = fields.map(fieldFacts);
  const uses = Object.fromEntries(FIELD_TYPES.map((t) => [t, fields.some((f) => f.type === t)])) as Record<
    FieldType,
    boolean
  >;
  return {
    ...base,
    resource,
    fields: facts,
    migration,
    hasRefs: uses.ref,
    hasUnique: fields.some((f) => f.unique),
    uses,
  };
}
