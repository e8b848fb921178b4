import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess, item } from "../context.js";

export function itemChecks(get: CtxGetter, stack: Stack): void {
  const auth = stack.answers.auth === "jwt";

  it("POST /items answers 201 with Location; GET reads it back", async () => {
    const { client } = get();
    const a = await account(get());
    const created = await client.post("/items", { json: item(), token: a.token });
    const data = expectSuccess(created, 201);
    expect(created.headers.get("location")).toBe(`/api/v1/items/${data.id}`);
    expect(data).toMatchObject({ name: "Widget", description: "A useful widget", price: 9.99, quantity: 1 });
    if (auth) expect(data.owner_id).toBe(a.user.id);
    else expect(data).not.toHaveProperty("owner_id");
    expect(data.created_at).toMatch(/(Z|[+-]\d{2}:\d{2})$/);
    expect(expectSuccess(await client.get(`/items/${data.id}`), 200)).toEqual(data);
  });

  it("PUT replaces the whole item (defaults come back), PATCH changes only what it is given", async () => {
    const { client } = get();
    const a = await account(get());
    const { id } = expectSuccess(
      await client.post("/items", { json: item({ quantity: 5 }), token: a.token }),
      201,
    );
    const put = expectSuccess(
      await client.put(`/items/${id}`, { json: { name: "New", price: 1 }, token: a.token }),
      200,
    );
    expect(put).toMatchObject({ name: "New", price: 1, description: null, quantity: 1 });
    const patched = expectSuccess(
      await client.patch(`/items/${id}`, { json: { quantity: 7 }, token: a.token }),
      200,
    );
    expect(patched).toMatchObject({ name: "New", price: 1, quantity: 7 });
    expectError(
      await client.patch(`/items/${id}`, { json: { name: null }, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
    expect(
      expectSuccess(await client.patch(`/items/${id}`, { json: { description: null }, token: a.token }), 200)
        .description,
    ).toBeNull();
  });

  it("DELETE answers 204 with an empty body, then the item is gone", async () => {
    const { client } = get();
    const a = await account(get());
    const { id } = expectSuccess(await client.post("/items", { json: item(), token: a.token }), 201);
    const deleted = await client.delete(`/items/${id}`, { token: a.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await client.get(`/items/${id}`), 404, "NOT_FOUND");
  });

  it("a deleted item's id is never given to a new one, even when it was the last", async () => {
    const { client } = get();
    const a = await account(get());
    const { id } = expectSuccess(await client.post("/items", { json: item(), token: a.token }), 201);
    expect((await client.delete(`/items/${id}`, { token: a.token })).status).toBe(204);
    const next = expectSuccess(await client.post("/items", { json: item(), token: a.token }), 201);
    expect(next.id).toBeGreaterThan(id);
    expectError(await client.get(`/items/${id}`), 404, "NOT_FOUND");
  });

  it("an id that is not a positive integer in range names no item: 404", async () => {
    const { client } = get();
    for (const id of ["abc", "0", "-1", "99999999999999999999", "1.5", "999999999"]) {
      expectError(await client.get(`/items/${id}`), 404, "NOT_FOUND");
    }
  });

  it("validates fields: bounds, types, finiteness, read-only and unknown fields", async () => {
    const { client } = get();
    const a = await account(get());
    const bad = [
      { name: "" },
      { name: "n".repeat(201) },
      { description: "d".repeat(2001) },
      { price: -1 },
      { price: 1e9 + 1 },
      { price: "12" },
      { quantity: -1 },
      { quantity: 2 ** 31 },
      { quantity: 1.5 },
      { quantity: true },
      { id: 5 },
      { owner_id: 1 },
      { created_at: "2024-01-01T00:00:00Z" },
      { colour: "red" },
      { name: "a\u0000b" },
    ];
    for (const change of bad) {
      expectError(
        await client.post("/items", { json: item(change), token: a.token }),
        400,
        "VALIDATION_ERROR",
      );
    }
    for (const raw of [
      '{"name":"x","price":NaN}',
      '{"name":"x","price":Infinity}',
      '{"name":"x","price":1e999}',
      `{"name":"x","price":1,"quantity":${"9".repeat(30)}}`,
    ]) {
      const reply = await client.post("/items", {
        body: raw,
        headers: { "content-type": "application/json" },
        token: a.token,
      });
      expectError(reply, 400, "VALIDATION_ERROR");
    }
    const missing = await client.post("/items", { json: { name: "x" }, token: a.token });
    expectError(missing, 400, "VALIDATION_ERROR");
    expect(missing.json.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: "price" })]),
    );
  });

  it("stores SQL meta characters, HTML and emoji verbatim", async () => {
    const { client } = get();
    const a = await account(get());
    const name = `Robert'); DROP TABLE items;-- <b>&amp;</b> 🙂 ‮ ${"\\"} %s ? :x`;
    const { id } = expectSuccess(
      await client.post("/items", { json: item({ name, description: "  spaced  " }), token: a.token }),
      201,
    );
    const read = expectSuccess(await client.get(`/items/${id}`), 200);
    expect(read.name).toBe(name);
    expect(read.description).toBe("  spaced  ");
    expectSuccess(await client.get("/health"), 200);
  });

  it("malformed JSON is a 400, a body without application/json a 415, an over-size body a 413, an empty body a 400", async () => {
    const { client } = get();
    const a = await account(get());
    const json = { "content-type": "application/json" };
    expectError(
      await client.post("/items", { body: '{"name": ', headers: json, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(
      await client.post("/items", {
        body: "name=x",
        headers: { "content-type": "text/plain" },
        token: a.token,
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await client.post("/items", { body: JSON.stringify(item()), token: a.token }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const huge = JSON.stringify(item({ description: "x".repeat(1024 * 1024) }));
    expectError(
      await client.post("/items", { body: huge, headers: json, token: a.token }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectError(
      await client.post("/items", { body: "", headers: json, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
  });

  if (auth) {
    it("writes need a token (401) and only the owner may change or delete (403)", async () => {
      const { client } = get();
      const owner = await account(get());
      const other = await account(get());
      const { id } = expectSuccess(await client.post("/items", { json: item(), token: owner.token }), 201);
      expectError(await client.post("/items", { json: item() }), 401, "UNAUTHORIZED");
      expectError(await client.put(`/items/${id}`, { json: item(), token: other.token }), 403, "FORBIDDEN");
      expectError(
        await client.patch(`/items/${id}`, { json: { quantity: 2 }, token: other.token }),
        403,
        "FORBIDDEN",
      );
      expectError(await client.delete(`/items/${id}`, { token: other.token }), 403, "FORBIDDEN");
      expect(expectSuccess(await client.get(`/items/${id}`), 200).quantity).toBe(1);
    });

    it("ranks errors: 401 before validation, validation before 404, 404 before 403", async () => {
      const { client } = get();
      const owner = await account(get());
      const other = await account(get());
      const { id } = expectSuccess(await client.post("/items", { json: item(), token: owner.token }), 201);
      expectError(await client.put("/items/abc", { json: { bad: 1 } }), 401, "UNAUTHORIZED");
      expectError(
        await client.put("/items/abc", { json: { bad: 1 }, token: other.token }),
        400,
        "VALIDATION_ERROR",
      );
      expectError(
        await client.put("/items/999999999", { json: item(), token: other.token }),
        404,
        "NOT_FOUND",
      );
      expectError(
        await client.put(`/items/${id}`, { json: { bad: 1 }, token: other.token }),
        400,
        "VALIDATION_ERROR",
      );
      expectError(
        await client.post("/items", { body: "{", headers: { "content-type": "application/json" } }),
        400,
        "VALIDATION_ERROR",
      );
      expectError(
        await client.post("/items", { body: "x", headers: { "content-type": "text/plain" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
    });
  } else {
    it("without auth, writes are open", async () => {
      const { client } = get();
      const { id } = expectSuccess(await client.post("/items", { json: item() }), 201);
      expectSuccess(await client.patch(`/items/${id}`, { json: { quantity: 3 } }), 200);
      expect((await client.delete(`/items/${id}`)).status).toBe(204);
    });
  }
}
