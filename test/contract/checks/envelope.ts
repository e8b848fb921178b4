import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { type CtxGetter, expectError, expectSuccess } from "../context.js";

export function envelopeChecks(get: CtxGetter, stack: Stack): void {
  const auth = stack.answers.auth === "jwt";
  it("GET /health answers ok with the database", async () => {
    expect(expectSuccess(await get().client.get("/health"), 200)).toEqual({ status: "ok", database: "ok" });
  });

  it("an unknown route is a 404 NOT_FOUND in the envelope, trailing slash included", async () => {
    expectError(await get().client.get("/nope"), 404, "NOT_FOUND");
    expectError(await get().client.get("/items/"), 404, "NOT_FOUND");
    expectError(await get().client.post("/nope", { json: {} }), 404, "NOT_FOUND");
  });

  it("a wrong method is a 405 METHOD_NOT_ALLOWED in the envelope", async () => {
    expectError(await get().client.delete("/health"), 405, "METHOD_NOT_ALLOWED");
    expectError(await get().client.put("/items", { json: {} }), 405, "METHOD_NOT_ALLOWED");
  });

  it("echoes a well-formed X-Request-ID and replaces a bad one with a UUID", async () => {
    const { client } = get();
    const echoed = await client.get("/health", { headers: { "x-request-id": "abc.DEF_1:2-3" } });
    expect(echoed.headers.get("x-request-id")).toBe("abc.DEF_1:2-3");
    for (const bad of ["has space", "x".repeat(129), "<script>", "a/b"]) {
      const replaced = await client.get("/health", { headers: { "x-request-id": bad } });
      expect(replaced.headers.get("x-request-id")).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    expect((await client.get("/nope")).headers.get("x-request-id")).toBeTruthy();
  });

  it("serves the bare OpenAPI 3 document", async () => {
    const reply = await get().client.get("/openapi.json");
    expect(reply.status).toBe(200);
    expect(reply.json.openapi).toMatch(/^3\./);
    expect(reply.json.success).toBeUndefined();
    const paths = Object.keys(reply.json.paths);
    expect(paths).toEqual(
      expect.arrayContaining(["/api/v1/health", "/api/v1/items", "/api/v1/items/{item_id}"]),
    );
    if (auth)
      expect(paths).toEqual(
        expect.arrayContaining([
          "/api/v1/auth/register",
          "/api/v1/auth/login",
          "/api/v1/auth/me",
          "/api/v1/users",
        ]),
      );
    else expect(paths.some((p) => p.startsWith("/api/v1/auth") || p.startsWith("/api/v1/users"))).toBe(false);
  });

  if (!auth)
    it("without auth, the auth and users routes are absent", async () => {
      expectError(await get().client.post("/auth/register", { json: {} }), 404, "NOT_FOUND");
      expectError(await get().client.get("/users"), 404, "NOT_FOUND");
    });
}
