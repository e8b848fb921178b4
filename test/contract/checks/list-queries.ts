import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Json } from "../../helpers/http.js";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess, item } from "../context.js";

/**
 * api-contract.md, "List queries": filters, sort and search on items and on the
 * generated resource alike. Each check names its rows with a fresh tag and searches for
 * it, so rows of other checks stay out of its lists.
 */
export function listQueryChecks(get: CtxGetter, stack: Stack): void {
  const tagged = () => randomUUID().slice(0, 8);

  async function names(path: string): Promise<string[]> {
    const data = expectSuccess(await get().client.get(path), 200) as Json[];
    return data.map((row) => row.name);
  }

  it("items: filters compare with each field's values, combine with AND, and total counts what they keep", async () => {
    const { client } = get();
    const a = await account(get());
    const tag = tagged();
    for (const [name, price, quantity, description] of [
      ["lamp", 10, 1, "warm"],
      ["shade", 5.5, 3, "soft"],
      ["desk", 99, 3, null],
    ] as const) {
      const body = item({ name: `${tag} ${name}`, price, quantity, description });
      expectSuccess(await client.post("/items", { json: body, token: a.token }), 201);
    }
    expect(await names(`/items?q=${tag}&price__gte=10`)).toEqual([`${tag} lamp`, `${tag} desk`]);
    expect(await names(`/items?q=${tag}&quantity=3&price__lt=50`)).toEqual([`${tag} shade`]);
    expect(await names(`/items?q=${tag}&price__in=5.5,99`)).toEqual([`${tag} shade`, `${tag} desk`]);
    expect(await names(`/items?q=${tag}&description__isnull=true`)).toEqual([`${tag} desk`]);
    const page = await client.get(`/items?q=${tag}&quantity=3&limit=1`);
    expect(page.json.pagination).toMatchObject({ total: 2, pages: 2 });
  });

  it("items: sort takes keys with '-' for descending and breaks ties by ascending id", async () => {
    const { client } = get();
    const a = await account(get());
    const tag = tagged();
    for (const [name, price, quantity] of [
      ["a", 3, 2],
      ["b", 1, 2],
      ["c", 2, 1],
    ] as const) {
      expectSuccess(
        await client.post("/items", {
          json: item({ name: `${tag} ${name}`, price, quantity }),
          token: a.token,
        }),
        201,
      );
    }
    const named = (letters: string) => [...letters].map((l) => `${tag} ${l}`);
    expect(await names(`/items?q=${tag}&sort=-price`)).toEqual(named("acb"));
    expect(await names(`/items?q=${tag}&sort=price`)).toEqual(named("bca"));
    expect(await names(`/items?q=${tag}&sort=-quantity`)).toEqual(named("abc"));
    expect(await names(`/items?q=${tag}&sort=quantity,-price`)).toEqual(named("cab"));
  });

  it("items: q matches case-insensitively, and %, _ and \\ in it match themselves", async () => {
    const { client } = get();
    const a = await account(get());
    const tag = tagged();
    for (const name of [`${tag} 100% Cotton`, `${tag} a_b\\c`, `${tag} plain`]) {
      expectSuccess(await client.post("/items", { json: item({ name }), token: a.token }), 201);
    }
    expect(await names(`/items?q=${tag.toUpperCase()}%20100%25%20cOTTON`)).toEqual([`${tag} 100% Cotton`]);
    expect(await names(`/items?q=${tag}%20a_b%5Cc`)).toEqual([`${tag} a_b\\c`]);
    expect(await names(`/items?q=${tag}%25`)).toEqual([]);
    expect(await names(`/items?q=${tag}%20a%25c`)).toEqual([]);
  });

  it("an unknown, repeated or malformed list parameter is a 400 naming it", async () => {
    const { client } = get();
    for (const [query, field] of [
      ["colour=red", "colour"],
      ["price__near=1", "price__near"],
      ["price=abc", "price"],
      ["quantity__gt=1.5", "quantity__gt"],
      ["quantity=01", "quantity"],
      ["description__isnull=yes", "description__isnull"],
      ["name__isnull=true", "name__isnull"],
      ["page=1&page=2", "page"],
      ["q=", "q"],
      [`price__in=${Array(101).fill("1").join(",")}`, "price__in"],
    ] as const) {
      const reply = await client.get(`/items?${query}`);
      expectError(reply, 400, "VALIDATION_ERROR");
      expect(
        reply.json.error.details.map((d: { field: string }) => d.field),
        query,
      ).toContain(field);
    }
    expectError(await client.get("/items?sort=colour"), 400, "VALIDATION_ERROR");
    expectError(await client.get("/products?stock__gt=x"), 400, "VALIDATION_ERROR");
    expectError(await client.get("/products?sku__gt=a"), 400, "VALIDATION_ERROR");
  });

  it("the generated resource filters, sorts and searches as items do", async () => {
    const { client } = get();
    const a = await account(get());
    const tag = tagged();
    const made: Json[] = [];
    for (const [name, price, stock] of [
      ["one", 1.25, 5],
      ["two", 2.5, null],
      ["three", 2.5, 7],
    ] as const) {
      const body = { name: `${tag} ${name}`, price, stock, sku: `${tag}-${name}` };
      made.push(expectSuccess(await client.post("/products", { json: body, token: a.token }), 201));
    }
    const list = (query: string) => names(`/products?q=${tag}&${query}`);
    expect(await list("price__gte=2.5")).toEqual([`${tag} two`, `${tag} three`]);
    expect(await list("stock__isnull=true")).toEqual([`${tag} two`]);
    expect(await list(`sku__in=${tag}-one,${tag}-three`)).toEqual([`${tag} one`, `${tag} three`]);
    expect(await list("sort=-price,-stock")).toEqual([`${tag} three`, `${tag} two`, `${tag} one`]);
    if (stack.answers.auth === "jwt") {
      const owner = made[0]?.owner_id as number;
      expect(await list(`owner_id=${owner}&sort=-id`)).toEqual([`${tag} three`, `${tag} two`, `${tag} one`]);
    }
  });

  it("every list parameter is in the document, lists as one comma-separated parameter", async () => {
    const doc = (await get().client.get("/openapi.json")).json;
    for (const path of ["/api/v1/items", "/api/v1/products"]) {
      const parameters = Object.fromEntries(
        (doc.paths[path].get.parameters as Json[]).map((p) => [p.name, p]),
      );
      expect(parameters.sort).toMatchObject({ in: "query", style: "form", explode: false });
      expect(parameters.sort.schema.items.enum).toContain("-id");
      expect(parameters.q.schema).toMatchObject({ type: "string", minLength: 1, maxLength: 200 });
    }
    const items = doc.paths["/api/v1/items"].get.parameters as Json[];
    expect(items.find((p) => p.name === "price__gte")?.schema.type).toBe("number");
    expect(items.find((p) => p.name === "quantity__in")?.schema.items.type).toBe("integer");
  });
}
