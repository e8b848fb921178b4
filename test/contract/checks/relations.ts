import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Json } from "../../helpers/http.js";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess, item } from "../context.js";

/**
 * api-contract.md, "List queries and relations": `?expand=`, nested lists and delete
 * rules, on the two resources the harness generates (a review refers to a product).
 */
export function relationChecks(get: CtxGetter, stack: Stack): void {
  async function productWithReview(): Promise<{ product: Json; review: Json; token?: string }> {
    const { client } = get();
    const { token } = await account(get());
    const sku = `sku-${randomUUID().slice(0, 12)}`;
    const product = expectSuccess(
      await client.post("/products", { json: { name: "Lamp", price: 12.5, sku }, token }),
      201,
    );
    const review = expectSuccess(
      await client.post("/reviews", { json: { product_id: product.id, rating: 5 }, token }),
      201,
    );
    return { product, review, token };
  }

  it("?expand= embeds each referenced row beside its id, and only when asked; an unknown name is a 400", async () => {
    const { client } = get();
    const { product, review } = await productWithReview();
    const plain = expectSuccess(await client.get(`/reviews?product_id=${product.id}`), 200);
    expect(plain).toEqual([review]);
    expect(plain[0]).not.toHaveProperty("product");
    const expanded = expectSuccess(await client.get(`/reviews?product_id=${product.id}&expand=product`), 200);
    expect(expanded).toEqual([{ ...review, product }]);
    expectError(await client.get("/reviews?expand=rating"), 400, "VALIDATION_ERROR");
    expectError(await client.get("/products?expand=product"), 400, "VALIDATION_ERROR");
    const doc = (await client.get("/openapi.json")).json;
    const parameters = doc.paths["/api/v1/reviews"].get.parameters as Json[];
    const expand = parameters.find((p) => p.name === "expand");
    expect(expand).toMatchObject({ in: "query", style: "form", explode: false });
    expect(JSON.stringify(expand?.schema.items)).toContain('"product"');
  });

  if (stack.answers.auth === "jwt") {
    it("items expand their owner as the public form of a user", async () => {
      const { client } = get();
      const a = await account(get(), "Expanded Owner");
      const made = expectSuccess(await client.post("/items", { json: item(), token: a.token }), 201);
      const listed = expectSuccess(await client.get(`/items?owner_id=${made.owner_id}&expand=owner`), 200);
      const { id, name, created_at } = a.user as Json;
      expect(listed).toEqual([{ ...made, owner: { id, name, created_at } }]);
    });
  }

  it("GET /products/{id}/reviews lists that product's reviews with the list's queries; 404 for no such product", async () => {
    const { client } = get();
    const { product, review, token } = await productWithReview();
    const second = expectSuccess(
      await client.post("/reviews", { json: { product_id: product.id, rating: 2 }, token }),
      201,
    );
    await productWithReview(); // another product's review stays out
    const nested = await client.get(`/products/${product.id}/reviews?sort=rating`);
    expect(expectSuccess(nested, 200)).toEqual([second, review]);
    expect(nested.json.pagination).toMatchObject({ total: 2 });
    const filtered = await client.get(`/products/${product.id}/reviews?rating__gte=3&expand=product`);
    expect(expectSuccess(filtered, 200)).toEqual([{ ...review, product }]);
    expectError(await client.get(`/products/${product.id}/reviews?colour=red`), 400, "VALIDATION_ERROR");
    expectError(await client.get("/products/2147483647/reviews"), 404, "NOT_FOUND");
    expectError(await client.get("/products/abc/reviews"), 404, "NOT_FOUND");
  });

  it("a product that a review refers to cannot be deleted (409 naming reviews) until the review is gone", async () => {
    const { client } = get();
    const { product, review, token } = await productWithReview();
    const refused = await client.delete(`/products/${product.id}`, { token });
    expectError(refused, 409, "CONFLICT");
    expect(refused.json.error.message).toContain("reviews");
    expect(expectSuccess(await client.get(`/products/${product.id}`), 200)).toEqual(product);
    expect((await client.delete(`/reviews/${review.id}`, { token })).status).toBe(204);
    expect((await client.delete(`/products/${product.id}`, { token })).status).toBe(204);
  });

  if (stack.answers.auth === "jwt") {
    it("a user whose product another user reviewed cannot delete themselves (409 naming reviews), then can", async () => {
      const { client } = get();
      const owner = await account(get(), "Product Owner");
      const reviewer = await account(get(), "Reviewer");
      const sku = `sku-${randomUUID().slice(0, 12)}`;
      const product = expectSuccess(
        await client.post("/products", { json: { name: "Lamp", price: 12.5, sku }, token: owner.token }),
        201,
      );
      const review = expectSuccess(
        await client.post("/reviews", { json: { product_id: product.id, rating: 4 }, token: reviewer.token }),
        201,
      );
      // The user's products go with them (their owner_id cascades); the review holds one.
      const refused = await client.delete(`/users/${owner.user?.id}`, { token: owner.token });
      expectError(refused, 409, "CONFLICT");
      expect(refused.json.error.message).toBe("Still referred to by reviews: delete or change those first");
      expect(expectSuccess(await client.get(`/products/${product.id}`), 200)).toEqual(product);
      expect((await client.delete(`/reviews/${review.id}`, { token: reviewer.token })).status).toBe(204);
      expect((await client.delete(`/users/${owner.user?.id}`, { token: owner.token })).status).toBe(204);
      expectError(await client.get(`/products/${product.id}`), 404, "NOT_FOUND");
    });
  }
}
