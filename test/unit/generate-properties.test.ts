import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIELD_TYPES, type Field, parseField } from "../../src/generate/fields.js";
import { pythonLiteral, pythonString, sqlLiteral } from "../../src/generate/literals.js";
import { PYTHON_BUILTINS, PYTHON_KEYWORDS, SQL_RESERVED } from "../../src/generate/reserved.js";

/** Field arguments as a user (or an attacker) might type them. */
const fieldSource = fc
  .tuple(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
      fc.constantFrom("class", "id", "list", "order", "select", "__import__", "owner_id"),
      fc.string({ maxLength: 8 }),
    ),
    fc.oneof(
      fc.constantFrom(
        ...FIELD_TYPES.filter((t) => t !== "ref"),
        "string(12)",
        "string(0)",
        "ref(item)",
        "varchar",
        "int?",
      ),
      fc.string({ maxLength: 8 }),
    ),
    fc.array(
      fc.oneof(
        fc.constantFrom("unique", "index", "primary"),
        fc.string().map((s) => `default=${s}`),
        fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => `default=${s}`),
        fc.jsonValue().map((v) => `default=${JSON.stringify(v)}`),
        fc.integer().map((n) => `default=${n}`),
        fc.double().map((n) => `default=${n}`),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([name, type, modifiers]) => [name, type, ...modifiers].join(":"));

function accepted(samples: number): Field[] {
  const fields: Field[] = [];
  for (const source of fc.sample(fieldSource, { numRuns: samples, seed: 20261125 })) {
    try {
      fields.push(parseField(source));
    } catch {
      // Refused input is the other half of the contract, tested by example elsewhere.
    }
  }
  return fields;
}

describe("nothing the field DSL accepts becomes code", () => {
  const fields = accepted(6000);

  it("accepts a good share of the generated input, so the property is not vacuous", () => {
    expect(fields.length).toBeGreaterThan(100);
    expect(fields.filter((f) => f.default !== undefined).length).toBeGreaterThan(25);
  });

  it("only ever yields snake_case names that are no keyword, builtin or SQL word", () => {
    for (const field of fields) {
      expect(field.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(
        PYTHON_KEYWORDS.has(field.name) || PYTHON_BUILTINS.has(field.name) || SQL_RESERVED.has(field.name),
      ).toBe(false);
    }
  });

  it("renders every default as a Python literal and an SQL literal that read back as the same value", () => {
    const cases = fields
      .filter((f) => f.default !== undefined)
      .map((f) => ({
        python: pythonLiteral(f.default as NonNullable<Field["default"]>),
        sql: sqlLiteral(f.default as NonNullable<Field["default"]>),
        kind: (f.default as NonNullable<Field["default"]>).kind,
        value: (f.default as NonNullable<Field["default"]>).value,
      }));
    // One Python process checks them all: ast.literal_eval (no code runs) and SQLite.
    const script = `
import ast, json, sqlite3, sys
cases = json.load(sys.stdin)
db = sqlite3.connect(":memory:")
bad = []
for c in cases:
    value = ast.literal_eval(c["python"])
    if c["kind"] in ("string", "json") and value != c["value"]:
        bad.append(("python", c))
    (row,) = db.execute("SELECT " + c["sql"]).fetchall()
    if c["kind"] == "string" and row[0] != c["value"]:
        bad.append(("sql", c))
    if c["kind"] == "json" and json.loads(row[0]) != c["value"]:
        bad.append(("sql-json", c))
print(json.dumps({"checked": len(cases), "bad": bad[:5]}))
`;
    const out = JSON.parse(
      execFileSync("python3", ["-c", script], { input: JSON.stringify(cases) }).toString(),
    );
    expect(out.bad).toEqual([]);
    expect(out.checked).toBe(cases.length);
  });
});

describe("Python string literals", () => {
  it.each([
    ["plain", '"plain"'],
    ['say "hi"', `'say "hi"'`],
    [`it's "both"`, `"it's \\"both\\""`],
    ["back\\slash", '"back\\\\slash"'],
    ['a\\"b', `'a\\\\"b'`],
    ["line\nbreak", '"line\\nbreak"'],
  ])("writes %j as ruff format would: %s", (text, literal) => {
    expect(pythonString(text)).toBe(literal);
  });
});
