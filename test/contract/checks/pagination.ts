import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess, item } from "../context.js";

export function paginationChecks(get: CtxGetter, _stack: Stack): void {
  it("pages in ascending id order with exact totals; a page past the end is empty", async () => {
    const { client } = get();
    const a = await account(get());
    for (let i = 0; i < 3; i++)
      expectSuccess(await client.post("/items", { json: item({ name: `p${i}` }), token: a.token }), 201);
    const first = await client.get("/items?page=1&limit=2");
    expect(first.status).toBe(200);
    const { total } = first.json.pagination;
    expect(first.json.pagination).toEqual({ page: 1, limit: 2, total, pages: Math.ceil(total / 2) });
    const ids = first.json.data.map((i: { id: number }) => i.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    const past = await client.get(`/items?page=${Math.ceil(total / 2) + 5}&limit=2`);
    expect(past.status).toBe(200);
    expect(past.json.data).toEqual([]);
    expect(past.json.pagination.total).toBe(total);
    expect((await client.get("/items")).json.pagination).toMatchObject({ page: 1, limit: 10 });
  });

  it("refuses page 0, -1, abc, 1.5, above 2^31-1 and limit 0, 101 with a 400", async () => {
    const { client } = get();
    for (const query of [
      "page=0",
      "page=-1",
      "page=abc",
      "page=1.5",
      "page=2147483648",
      "limit=0",
      "limit=101",
      "limit=-5",
      "limit=x",
      "page=",
    ]) {
      expectError(await client.get(`/items?${query}`), 400, "VALIDATION_ERROR");
    }
    expect((await client.get("/items?page=2147483647")).status).toBe(200);
    expect((await client.get("/items?limit=100")).status).toBe(200);
  });
}
