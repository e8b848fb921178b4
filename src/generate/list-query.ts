import type { FieldFacts } from "./field-facts.js";
import type { FieldType } from "./fields.js";
import { fromImport, LINE } from "./python-code.js";

/** What the resource's `<Resource>ListQuery` needs (api-contract.md, "List queries"). */
export interface ListQueryFacts {
  /** Names the module takes from `typing` for it. */
  typing: string[];
  /** One query-model field per filter: `price__gte: FloatValue`. */
  filters: { param: string; annotation: string }[];
  /** Module-level aliases for values read from a query string. */
  aliases: string[];
  sortKeys: string[];
  /** `SEARCH_FIELDS`'s tuple as Python, formatted as ruff would; "" without text fields. */
  searchFields: string;
  /** `from app.schemas.list_query import ...` of the schema module. */
  import: string;
  /** For the generated tests: fields by the filters they take. */
  equality: string[];
  ranged: string[];
  nullable: string[];
  selfRefs: string[];
  /** A text field long enough for the search test's marker, if any. */
  searchTest: string | null;
}

const RANGE = ["", "__gt", "__gte", "__lt", "__lte", "__in"];
/** The search test writes an 8-character marker and 4 characters of LIKE wildcards. */
const SEARCH_MARKER_LENGTH = 12;
const EQUALITY = ["", "__in"];

/**
 * Each filterable type's operators and the annotation its values are read with: the
 * body's own type where a string from the URL already suits it, else that type behind
 * a marker that refuses what int(), float() or bool() would loosely accept.
 */
const FILTERS: Partial<Record<FieldType, { operators: string[]; value: string; alias?: string }>> = {
  string: { operators: EQUALITY, value: "" },
  text: { operators: EQUALITY, value: "Text" },
  email: { operators: EQUALITY, value: "EmailAddress" },
  uuid: { operators: EQUALITY, value: "UuidText" },
  int: { operators: RANGE, value: "Int32Value", alias: "Int32Value = Annotated[Int32, Digits]" },
  float: { operators: RANGE, value: "FloatValue", alias: "FloatValue = Annotated[FiniteFloat, Numeral]" },
  decimal: {
    operators: RANGE,
    value: "DecimalValue",
    alias: "DecimalValue = Annotated[DecimalNumber, Numeral]",
  },
  date: { operators: RANGE, value: "IsoDate" },
  datetime: { operators: RANGE, value: "IsoDatetime" },
  bool: { operators: [""], value: "TrueFalse" },
  ref: { operators: EQUALITY, value: "RowIdValue" },
};

export function listQueryFacts(
  fields: readonly FieldFacts[],
  owned: boolean,
  expands: boolean,
): ListQueryFacts {
  const filters: ListQueryFacts["filters"] = [];
  const aliases = new Set<string>();
  const markers = new Set<string>(["ListQuery", "SortKeys", ...(expands ? ["Expand"] : [])]);
  for (const f of fields) {
    const rule = FILTERS[f.type];
    if (!rule) continue; // json: nothing to compare with
    const value = f.is.string ? f.schemaType : rule.value;
    if (rule.alias) aliases.add(rule.alias);
    if (rule.value === "TrueFalse" || rule.value === "RowIdValue") markers.add(rule.value);
    if (rule.alias?.includes("Digits")) markers.add("Digits");
    if (rule.alias?.includes("Numeral")) markers.add("Numeral");
    for (const op of rule.operators) {
      if (op === "__in") markers.add("InList");
      filters.push({ param: `${f.name}${op}`, annotation: op === "__in" ? `InList[${value}]` : value });
    }
    if (f.optional) {
      markers.add("TrueFalse");
      filters.push({ param: `${f.name}__isnull`, annotation: "TrueFalse" });
    }
  }
  if (owned) {
    markers.add("InList").add("RowIdValue");
    filters.push({ param: "owner_id", annotation: "RowIdValue" });
    filters.push({ param: "owner_id__in", annotation: "InList[RowIdValue]" });
  }
  const searchable = fields.filter((f) => f.is.string || f.is.text).map((f) => f.name);
  if (searchable.length) markers.add("Search");
  const keys = ["id", ...fields.filter((f) => !f.is.json).map((f) => f.name), "created_at", "updated_at"];
  // A self-reference's sample is None, so it has a test of its own.
  const filterable = fields.filter((f) => FILTERS[f.type] !== undefined && !f.selfRef);
  const searchTest = fields.find(
    (f) => (f.is.string || f.is.text) && (f.maxLength === null || f.maxLength >= SEARCH_MARKER_LENGTH),
  );
  return {
    equality: filterable.map((f) => f.name),
    ranged: filterable.filter((f) => FILTERS[f.type]?.operators === RANGE).map((f) => f.name),
    nullable: filterable.filter((f) => f.optional).map((f) => f.name),
    selfRefs: fields.filter((f) => f.selfRef).map((f) => f.name),
    searchTest: searchTest?.name ?? null,
    typing: [...(aliases.size ? ["Annotated"] : []), ...(searchable.length ? ["ClassVar"] : []), "Literal"],
    filters,
    aliases: [...aliases].sort(),
    sortKeys: keys.flatMap((key) => [key, `-${key}`]),
    searchFields: searchable.length ? pythonTuple(searchable) : "",
    import: fromImport("app.schemas.list_query", [...markers].sort()),
  };
}

/** `("a",)`, `("a", "b")`, or one name a line when that is longer than a line. */
function pythonTuple(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  const one = quoted.length === 1 ? `(${quoted[0]},)` : `(${quoted.join(", ")})`;
  const prefix = "    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ";
  if ((prefix + one).length <= LINE) return one;
  return `(\n${quoted.map((q) => `        ${q},\n`).join("")}    )`;
}
