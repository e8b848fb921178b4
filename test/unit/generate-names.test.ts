import { describe, expect, it } from "vitest";
import { NameError } from "../../src/errors.js";
import { resourceNames } from "../../src/generate/names.js";

describe("resource names", () => {
  it.each([
    ["product", "product", "products", "Product", "products"],
    ["person", "person", "people", "Person", "people"],
    ["people", "person", "people", "Person", "people"],
    ["category", "category", "categories", "Category", "categories"],
    ["ProductLine", "product_line", "product_lines", "ProductLine", "product-lines"],
    ["product-line", "product_line", "product_lines", "ProductLine", "product-lines"],
    ["sales_order", "sales_order", "sales_orders", "SalesOrder", "sales-orders"],
    // Singulars ending in -s stay as typed, where a rule for plurals would cut them.
    ["axis", "axis", "axes", "Axis", "axes"],
    ["thesis", "thesis", "theses", "Thesis", "theses"],
    ["status", "status", "statuses", "Status", "statuses"],
    ["crises", "crisis", "crises", "Crisis", "crises"],
  ])("%s → %s / %s / %s / /%s", (raw, singular, plural, pascal, path) => {
    expect(resourceNames(raw)).toMatchObject({ singular, plural, pascal, path });
  });

  it("takes --plural over the inflection, and the name as typed for the singular", () => {
    expect(resourceNames("cactus", "cactuses")).toMatchObject({ singular: "cactus", plural: "cactuses" });
    // pluralize reads these as plurals ("canva", "len"): --plural says they are not.
    expect(resourceNames("canvas", "canvases")).toMatchObject({ singular: "canvas", pascal: "Canvas" });
    expect(resourceNames("lens", "lenses")).toMatchObject({ singular: "lens", plural: "lenses" });
  });

  it.each([
    ["9lives", "must start with a letter"],
    ["a b", "must start with a letter"],
    ["café", "must start with a letter"],
    ["class", "is a Python keyword"],
    ["lambda", "is a Python keyword"],
    ["object", "would shadow the Python builtin"],
    ["order", "is an SQL reserved word"],
    ["user", "is an SQL reserved word"],
    ["item", "clashes with a name the project already uses"],
    ["items", "clashes with a name the project already uses"],
    ["auth", "clashes with a name the project already uses"],
    ["health", "clashes with a name the project already uses"],
    ["ready", "clashes with a name the project already uses"],
    ["upload", "clashes with a name the project already uses"],
    ["tasks", "clashes with a name the project already uses"],
    ["double__underscore", "must be snake_case"],
    ["a".repeat(41), "longer than 40 characters"],
  ])("refuses %j (%s)", (raw, why) => {
    expect(() => resourceNames(raw)).toThrow(NameError);
    expect(() => resourceNames(raw)).toThrow(why);
  });

  it("refuses a --plural that is not a usable identifier", () => {
    expect(() => resourceNames("product", "select")).toThrow('plural "select" is an SQL reserved word');
  });
});
