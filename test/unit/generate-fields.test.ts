import { describe, expect, it } from "vitest";
import { FieldError } from "../../src/errors.js";
import { parseField, parseFields } from "../../src/generate/fields.js";

describe("the field DSL", () => {
  it("reads name:type", () => {
    expect(parseField("name:string")).toMatchObject({
      name: "name",
      type: "string",
      length: 255,
      optional: false,
    });
  });

  it("reads a string length, ? for optional, and modifiers", () => {
    expect(parseField("sku:string(40)?:unique:index")).toMatchObject({
      name: "sku",
      type: "string",
      length: 40,
      optional: true,
      unique: true,
      index: true,
    });
  });

  it("reads every type", () => {
    for (const type of [
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
    ]) {
      expect(parseField(`f:${type}`).type).toBe(type);
    }
  });

  it("names a reference's column <name>_id", () => {
    expect(parseField("category:ref(category)")).toMatchObject({
      name: "category_id",
      type: "ref",
      ref: "category",
    });
    expect(parseField("category_id:ref(Category)")).toMatchObject({ name: "category_id", ref: "category" });
  });

  it("may refer to the built-in user and item", () => {
    expect(parseField("author:ref(user)?")).toMatchObject({ name: "author_id", ref: "user", optional: true });
    expect(parseField("item:ref(item)")).toMatchObject({ name: "item_id", ref: "item" });
  });

  it("reads what deleting the referred row does: refused by default, or cascade, or set-null", () => {
    expect(parseField("product:ref(product)").onDelete).toBeUndefined();
    expect(parseField("product:ref(product):cascade").onDelete).toBe("cascade");
    expect(parseField("parent:ref(category)?:set-null")).toMatchObject({
      optional: true,
      onDelete: "set-null",
    });
    expect(parseField("product:ref(product):index:cascade")).toMatchObject({
      index: true,
      onDelete: "cascade",
    });
  });

  it("converts camelCase names to snake_case", () => {
    expect(parseField("releasedOn:date").name).toBe("released_on");
  });

  it.each([
    ["stock:int:default=5", { kind: "number", value: "5" }],
    ["price:decimal:default=12.50", { kind: "number", value: "12.50" }],
    ["active:bool:default=false", { kind: "bool", value: false }],
    ['title:string:default=It\'s a "deal"', { kind: "string", value: 'It\'s a "deal"' }],
    ["at:datetime:default=2024-01-31T12:00:00Z", { kind: "string", value: "2024-01-31T12:00:00Z" }],
    ["note:text:default=a:b:c", { kind: "string", value: "a:b:c" }],
    ['meta:json:default={"a":[1,true,null]}', { kind: "json", value: { a: [1, true, null] } }],
  ])("reads the default of %s", (source, literal) => {
    expect(parseField(source).default).toEqual(literal);
  });

  it.each([
    ["name", "needs a type"],
    ["name:", "needs a type"],
    ["name:varchar", 'unknown type "varchar"'],
    ["name:string(0)", "needs a length from 1 to 10000"],
    ["name:string(abc)", "needs a length"],
    ["name:int(4)", "takes no argument"],
    ["maker:ref", "ref needs a resource"],
    ["x:ref(9lives)", "must be snake_case"],
    ["external_id:uuid", "ends in _id, which is kept for references"],
    ["name:string:primary", 'unknown modifier "primary"'],
    ["id:int", "would shadow the Python builtin"],
    ["owner_id:ref(user)", "owner_id is automatic, set from the token of whoever creates the row"],
    ["owner:ref(user)", "owner_id is automatic, set from the token of whoever creates the row"],
    [
      "created_at:datetime",
      "is reserved: every resource already has id, owner_id, created_at and updated_at",
    ],
    ["metadata:json", "is reserved: SQLAlchemy's declarative classes use it"],
    ["model_config:json", "is reserved: pydantic keeps the model_ prefix for itself"],
    ["page:int", "is reserved: it is one of the list's own query parameters"],
    ["sort:string", "is reserved: it is one of the list's own query parameters"],
    ["q:string", "is reserved: it is one of the list's own query parameters"],
    ["expand:string", "is reserved: it is one of the list's own query parameters"],
    ["db:string", "is reserved: the generated code uses it for its own parameters and locals"],
    ["json:json", "is reserved: pydantic's models have a method of that name"],
    ["class:string", "is a Python keyword"],
    ["type:string", "is a Python keyword"],
    ["list:string", "would shadow the Python builtin"],
    ["from:date", "is a Python keyword"],
    ["order:int", "is an SQL reserved word"],
    ["_private:int", "must start with a letter"],
    ["naïve:int", "must start with a letter"],
    ["n:int:default=1.5", "is not an integer"],
    ["n:int:default=2147483648", "does not fit a 32-bit integer"],
    ["p:float:default=1e999", "is not a finite number"],
    ["p:float:default=NaN", "is not a finite number"],
    ["b:bool:default=yes", "must be true or false"],
    ["d:date:default=2024-02-30", "is not a date"],
    ["t:datetime:default=2024-01-01T00:00:00", "with an offset"],
    ["u:uuid:default=xyz", "is not a UUID"],
    ["e:email:default=nope", "is not an email address"],
    ["j:json:default={", "is not valid JSON"],
    ["j:json:unique", "cannot be unique or indexed"],
    ["s:string(3):default=abcd", "is longer than 3"],
    ["s:string:default=a\0b", "holds a NUL character"],
    ["c:ref(category):default=1", "a reference has no default"],
    ["c:ref(category):set-null", "set-null needs an optional reference"],
    ["n:int:cascade", "cascade is for references only"],
    ["c:ref(category)?:cascade:set-null", "choose cascade or set-null, not both"],
  ])("refuses %j (%s)", (source, why) => {
    expect(() => parseField(source)).toThrow(FieldError);
    expect(() => parseField(source)).toThrow(why);
  });

  it("says what to write instead of an owner reference: owner_id is automatic, or --private, or --no-owner", () => {
    try {
      parseField("owner:ref(user)");
      expect.unreachable();
    } catch (error) {
      expect((error as FieldError).message).toContain("owner_id is automatic");
      const hint = (error as FieldError).hint;
      expect(hint).toContain("--private");
      expect(hint).toContain("--no-owner");
      expect(hint).toContain("assignee:ref(user)?");
    }
  });

  it("refuses a field listed twice, even spelt differently", () => {
    expect(() => parseFields(["releasedOn:date", "released_on:date"])).toThrow(
      'field "released_on" is listed twice',
    );
  });

  it("needs at least one field", () => {
    expect(() => parseFields([])).toThrow("give at least one field");
  });
});
