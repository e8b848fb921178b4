import type { TemplateContext } from "../render/context.js";
import { BUILT_IN, isBuiltIn } from "./builtin-resources.js";
import { type ExpandFacts, expandFacts } from "./expand.js";
import { type FieldFacts, fieldFacts } from "./field-facts.js";
import { DECIMAL } from "./field-spelling.js";
import { FIELD_TYPES, type Field, type FieldType } from "./fields.js";
import { type ListQueryFacts, listQueryFacts } from "./list-query.js";
import type { NextMigration } from "./migrations.js";
import type { ResourceNames } from "./names.js";
import { type Ownership, ownershipFacts } from "./ownership.js";
import {
  fromImport,
  LINE,
  migrationExtras,
  migrationLine,
  modelLine,
  pythonTypeImports,
  schemaImports,
  sqlalchemyImport,
} from "./python-code.js";
import { type RawSqlFacts, rawSqlFacts } from "./raw-sql.js";

export type { FieldFacts } from "./field-facts.js";

function appSchemaImports(imports: [string, string][]): string[] {
  return imports.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
}

/**
 * Locals the routes, services and repositories already use: a resource named so gets
 * `<name>_row` for its rows instead, as a person would rename one of the two.
 */
const TAKEN_LOCALS = new Set([
  "changes",
  "data",
  "db",
  "expanded",
  "field",
  "location",
  "owner_id",
  "parent_id",
  "payload",
  "query",
  "response",
  "statement",
  "total",
  "user",
  "user_id",
  "value",
]);

/** What a row and a page of rows are called in the code: `product`, `products`. */
function rowLocals(resource: ResourceNames, fields: readonly Field[]) {
  const { singular, plural } = resource;
  const taken = (name: string) => TAKEN_LOCALS.has(name) || fields.some((f) => f.name === name);
  const one = taken(singular) ? `${singular}_row` : singular;
  return { one, many: plural === singular || taken(plural) ? `${plural}_page` : plural };
}

function resourceSchemaImport(resource: ResourceNames, suffixes: string[]): string {
  const module = `app.schemas.${resource.singular}`;
  return fromImport(
    module,
    suffixes.map((suffix) => `${resource.pascal}${suffix}`),
  );
}

function modelExport(r: ResourceNames): string {
  const line = `from app.models.${r.singular} import ${r.pascal} as ${r.pascal}`;
  return line.length <= LINE ? line : `${line}  # noqa: E501  # fmt: skip`;
}

/** Everything a resource template sees; field facts are in field-facts.ts. */
export interface ResourceContext extends TemplateContext {
  resource: ResourceNames;
  /** The local names of a row and of a page of rows. */
  locals: { one: string; many: string };
  /** `from app.schemas.<resource> import ...` of the service and of the routes. */
  resourceSchemaImport: { service: string; routes: string };
  /** The service's function that fetches a row its caller may change (and checks that). */
  changeable: string;
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
  normalisedCases: { name: string; sent: string; answered: string }[];
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
  /** Writes a constraint may refuse (a reference or a unique value): `constraints_decide`. */
  guarded: boolean;
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
  usesPythonDates: boolean;
  usesUserRef: boolean;
  /** A string or text field for the "stored verbatim" test, if any. */
  textField: FieldFacts | null;
  decimal: typeof DECIMAL;
  /** The raw-SQL layer's statements, converters and table (raw-sql.ts). */
  sql: RawSqlFacts;
  /** The re-export added to app/models/__init__.py: one line, so a long one opts out of ruff. */
  modelExport: string;
  /** Filters, sort keys and search of `GET` on the collection (list-query.ts). */
  listQuery: ListQueryFacts;
  /** --private / --no-owner (ownership.ts): `owned` is true when rows have an owner_id. */
  ownership: Ownership;
  owned: boolean;
  private: boolean;
  shared: boolean;
  /** `from app.schemas.* import ...` of the schema module, in ruff's order. */
  appSchemaImports: string[];
  /** What `?expand=` embeds (expand.ts). */
  expand: ExpandFacts;
  /** Where ruff's isort puts names that sort by the resource's own name. */
  importOrder: { schemaAfterCommon: boolean; bodyBeforeCreate: boolean; dbBeforeResource: boolean };
}

export function resourceContext(
  base: TemplateContext,
  resource: ResourceNames,
  fields: readonly Field[],
  migration: NextMigration,
  ownership: Ownership,
  /** The project's private resources: a reference to one is not expanded. */
  privateResources: ReadonlySet<string> = new Set(),
): ResourceContext {
  const access = ownershipFacts(ownership, base.auth);
  const facts = fields.map((f) => fieldFacts(f, base.database));
  for (const f of facts) {
    if (f.ref?.singular === resource.singular) {
      f.selfRef = true;
      // A sample row that made its own parent would recurse; the tests set one when needed.
      f.sample = "None";
    }
    f.modelLine = modelLine(f);
    f.migrationLine = migrationLine(f);
  }
  const uses = Object.fromEntries(FIELD_TYPES.map((t) => [t, fields.some((f) => f.type === t)])) as Record<
    FieldType,
    boolean
  >;
  const refFields = facts.filter((f) => f.ref !== null);
  const expand = expandFacts(
    resource,
    facts.filter((f) => f.ref !== null),
    access.private ? new Set([...privateResources, resource.singular]) : privateResources,
  );
  const listQuery = listQueryFacts(facts, access.owned, expand.expansions.length > 0);
  const uniqueFields = facts.filter((f) => f.unique);
  const generatedRefs = new Map<string, ResourceNames>();
  for (const f of refFields) {
    if (f.ref && !isBuiltIn(f.ref.singular) && !f.selfRef) generatedRefs.set(f.ref.singular, f.ref);
  }
  const refModels = new Map<string, string>([[resource.singular, resource.pascal]]);
  for (const f of refFields) if (f.ref) refModels.set(f.ref.singular, f.ref.pascal);
  const usesItemRef = refFields.some((f) => f.ref?.singular === BUILT_IN.item.singular);
  const supportImports = [
    `from tests.support.api import API${usesItemRef ? ", create_item" : ""}`,
    ...[...generatedRefs.values()].map((r) => `from tests.support.${r.plural} import create_${r.singular}`),
  ].sort((a, b) => (a.split(" ")[1] as string).localeCompare(b.split(" ")[1] as string));
  return {
    ...base,
    ...access,
    resource,
    locals: rowLocals(resource, fields),
    resourceSchemaImport: {
      service: resourceSchemaImport(resource, ["Create", "ListQuery", "Update"]),
      routes: resourceSchemaImport(resource, ["Create", "ListQuery", "Out", "Update"]),
    },
    changeable:
      access.private || !base.auth
        ? `get_${resource.singular}`
        : `_${access.shared ? "writable" : "owned"}_${resource.singular}`,
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
    normalisedCases: facts.flatMap((f) =>
      f.normalised.map(([sent, answered]) => ({ name: f.name, sent, answered })),
    ),
    invalidCases: facts.flatMap((f) => [
      ...f.invalid.map((value) => ({ name: f.name, value })),
      ...(f.optional ? [] : [{ name: f.name, value: "None" }]),
    ]),
    refFields,
    deletableRefs: refFields.filter((f) => !f.refIsUser),
    uniqueFields,
    usesPythonDates: uses.date || uses.datetime,
    usesUserRef: refFields.some((f) => f.refIsUser),
    samplesUseSerial: facts.some((f) => !f.ref),
    textField: facts.find((f) => f.is.string || f.is.text) ?? null,
    firstField: facts[0] as FieldFacts,
    decimal: DECIMAL,
    stringLengths: [...new Set(facts.filter((f) => f.is.string).map((f) => f.maxLength as number))].sort(
      (a, b) => a - b,
    ),
    schemaImports: schemaImports(facts, uses, listQuery.typing, expand.expansions.length > 0),
    appSchemaImports: appSchemaImports([
      ["app.schemas.list_query", listQuery.import],
      ["app.schemas.types", schemaImports(facts, uses).types],
      ...expand.schemaImports,
    ]),
    expand,
    typeImports: pythonTypeImports(uses),
    repositoryImports: pythonTypeImports(uses, true, true),
    guarded: uses.ref || uniqueFields.length > 0,
    sqlalchemyImport: sqlalchemyImport(facts, access.owned),
    modelImports: [...refModels]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, cls]) => `from app.models.${module} import ${cls}`),
    migrationExtras: migrationExtras(resource.plural, facts, access.owned),
    supportImports,
    sql: rawSqlFacts(resource, facts, access.owned, base.database),
    modelExport: modelExport(resource),
    listQuery,
    importOrder: {
      schemaAfterCommon: resource.singular > "common",
      bodyBeforeCreate: `${resource.singular}_body` < `create_${resource.singular}`,
      dbBeforeResource: "db" < resource.plural,
    },
  };
}
