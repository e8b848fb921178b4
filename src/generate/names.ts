import pluralize from "pluralize";
import { NameError } from "../errors.js";
import { BUILT_IN_RESOURCES, PYTHON_BUILTINS, PYTHON_KEYWORDS, SQL_RESERVED } from "./reserved.js";

/** Every spelling of a resource's name the generated code needs. */
export interface ResourceNames {
  /** snake_case singular: model module, schema module (`product_line`). */
  singular: string;
  /** snake_case plural: table, repository/service/route modules (`product_lines`). */
  plural: string;
  /** PascalCase singular: classes (`ProductLine`). */
  pascal: string;
  /** URL segment: kebab-case plural (`product-lines`). */
  path: string;
  /** For messages and docs: `product line`. */
  words: string;
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export const isSnakeCase = (word: string) => SNAKE.test(word);
const MAX_NAME = 40;

/** `ProductLine`, `product-line`, `productLine` → `product_line`. */
export function toSnake(raw: string): string {
  return raw
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/-/g, "_")
    .toLowerCase();
}

export function toPascal(snake: string): string {
  return snake
    .split("_")
    .map((part) => (part ? (part[0] as string).toUpperCase() + part.slice(1) : part))
    .join("");
}

/** Why `word` cannot name a Python module or class, or an SQL table; undefined when it can. */
export function identifierProblem(word: string, what: string): string | undefined {
  if (!SNAKE.test(word)) {
    return `${what} "${word}" must be snake_case: a lower-case letter, then letters, digits and single underscores`;
  }
  if (word.length > MAX_NAME) return `${what} "${word}" is longer than ${MAX_NAME} characters`;
  if (PYTHON_KEYWORDS.has(word)) return `${what} "${word}" is a Python keyword`;
  if (PYTHON_BUILTINS.has(word)) return `${what} "${word}" would shadow the Python builtin "${word}"`;
  if (SQL_RESERVED.has(word)) return `${what} "${word}" is an SQL reserved word`;
  return undefined;
}

/**
 * Resolves the names of a resource from what the user typed. A plural is made singular
 * by `pluralize` (people → person, categories → category); a word it does not take for a
 * plural is the singular as typed (axis, not "axi"). With `--plural` the name as typed is
 * the singular, whatever the inflection thinks (canvas --plural canvases).
 */
export function resourceNames(raw: string, pluralOverride?: string): ResourceNames {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(raw)) {
    throw new NameError(
      `resource name "${raw}" must start with a letter and hold only letters, digits, "_" and "-"`,
    );
  }
  const snake = toSnake(raw);
  const parts = snake.split("_");
  const last = parts.pop() as string;
  const one = pluralOverride !== undefined || !pluralize.isPlural(last) ? last : pluralize.singular(last);
  const singular = [...parts, one].join("_");
  const plural =
    pluralOverride === undefined ? [...parts, pluralize.plural(one)].join("_") : toSnake(pluralOverride);
  for (const [word, what] of [
    [singular, "resource name"],
    [plural, "plural"],
  ] as const) {
    const problem = identifierProblem(word, what);
    if (problem) throw new NameError(problem);
  }
  for (const word of [singular, plural]) {
    if (BUILT_IN_RESOURCES.has(word) || BUILT_IN_RESOURCES.has(pluralize.singular(word))) {
      throw new NameError(`resource name "${word}" clashes with a name the project already uses`);
    }
  }
  return {
    singular,
    plural,
    pascal: toPascal(singular),
    path: plural.replace(/_/g, "-"),
    words: singular.replace(/_/g, " "),
  };
}
