import type { Literal } from "./fields.js";

/**
 * User text reaches generated code only through these two functions, and only
 * as data: a quoted, escaped literal, never as code.
 */

/** A Python expression for the literal (JSON string syntax is valid Python). */
export function pythonLiteral(literal: Literal): string {
  switch (literal.kind) {
    case "string":
      return JSON.stringify(literal.value);
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
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(", ")}}`;
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
