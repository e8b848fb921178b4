import type { Literal } from "./fields.js";

/**
 * User text reaches generated code only through these two functions, and only
 * as data: a quoted, escaped literal, never as code.
 */

/** A Python expression for the literal (JSON string syntax is valid Python). */
export function pythonLiteral(literal: Literal): string {
  switch (literal.kind) {
    case "string":
      return pythonString(literal.value);
    case "number":
      return literal.value;
    case "bool":
      return literal.value ? "True" : "False";
    case "json":
      return pythonJson(literal.value);
  }
}

function pythonJson(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "None";
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJson(v)}`).join(", ")}}`;
}

/**
 * A Python string literal as `ruff format` writes it: double quotes, unless
 * the text holds double quotes and no single ones. JSON's escapes (\n, \", \\,
 * \uXXXX) are valid Python escapes.
 */
export function pythonString(text: string): string {
  const json = JSON.stringify(text);
  if (!text.includes('"') || text.includes("'")) return json;
  return `'${json.slice(1, -1).replaceAll('\\"', '"')}'`;
}

/** An SQL literal for a column DEFAULT: strings single-quoted with quotes doubled. */
export function sqlLiteral(literal: Literal): string {
  switch (literal.kind) {
    case "string":
      return quoteSql(literal.value);
    case "number":
      return literal.value;
    case "bool":
      return literal.value ? "TRUE" : "FALSE";
    case "json":
      return quoteSql(JSON.stringify(literal.value));
  }
}

function quoteSql(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
