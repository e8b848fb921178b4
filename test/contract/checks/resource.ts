import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess } from "../context.js";

/** The resource the harness generates (harness.ts CONTRACT_RESOURCE) answers like items. */
export function resourceChecks(get: CtxGetter, stack: Stack): void {
  const auth = stack.answers.auth === "jwt";
  const product = (sku: string) => ({ name: "Lamp", price: 12.5, sku });

  it("a generated resource has the same routes as items", async () => {
    const { client } = get();
    const a = await account(get());
    const sku = `sku-${Math.random().toString(36).slice(2, 10)}`;
    const created = await client.post("/products", { json: product(sku), token: a.token });
    const data = expectSuccess(created, 201);
    expect(created.headers.get("location")).toBe(`/api/v1/products/${data.id}`);
    expect(data).toMatchObject({ name: "Lamp", price: 12.5, stock: null, sku });
    expect(expectSuccess(await client.get(`/products/${data.id}`), 200)).toEqual(data);
    const list = await client.get("/products?limit=100");
    expect(list.status).toBe(200);
    expect(list.json.pagination).toMatchObject({ page: 1, limit: 100 });
    expect(
      expectSuccess(await client.patch(`/products/${data.id}`, { json: { stock: 3 }, token: a.token }), 200)
        .stock,
    ).toBe(3);
    expectSuccess(await client.put(`/products/${data.id}`, { json: product(sku), token: a.token }), 200);
    expectError(await client.post("/products", { json: product(sku), token: a.token }), 409, "CONFLICT");
    expectError(
      await client.post("/products", { json: { ...product(`${sku}-2`), stock: 2 ** 31 }, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(await client.get("/products/abc"), 404, "NOT_FOUND");
    expectError(await client.get("/products?page=0"), 400, "VALIDATION_ERROR");
    const deleted = await client.delete(`/products/${data.id}`, { token: a.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
  });

  if (auth) {
    it("a generated resource needs a token to write and belongs to its owner", async () => {
      const { client } = get();
      const owner = await account(get());
      const other = await account(get());
      const sku = `own-${Math.random().toString(36).slice(2, 10)}`;
      expectError(await client.post("/products", { json: product(sku) }), 401, "UNAUTHORIZED");
      const { id } = expectSuccess(
        await client.post("/products", { json: product(sku), token: owner.token }),
        201,
      );
      expectError(
        await client.patch(`/products/${id}`, { json: { stock: 1 }, token: other.token }),
        403,
        "FORBIDDEN",
      );
      expectError(await client.delete(`/products/${id}`, { token: other.token }), 403, "FORBIDDEN");
    });
  }
}
