import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { ContractClient, type Reply } from "../client.js";
import { account, type CtxGetter, expectError, item, PASSWORD } from "../context.js";
import { serveAgain } from "../harness.js";

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function expectSecured(reply: Reply): void {
  const what = `${reply.status} ${reply.text.slice(0, 120)}`;
  expect(reply.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(reply.headers.get("x-frame-options"), what).toBe("DENY");
  expect(reply.headers.get("referrer-policy"), what).toBe("no-referrer");
  expect(reply.headers.get("content-security-policy"), what).toBe(API_CSP);
  // The harness runs ENVIRONMENT=production: HSTS is on.
  expect(reply.headers.get("strict-transport-security") ?? "", what).toMatch(/^max-age=\d{8,}/);
}

/** Security headers on every kind of response, errors and 404s included. */
export function securityHeaderChecks(get: CtxGetter, stack: Stack): void {
  it("every kind of response carries the security headers, HSTS included in production", async () => {
    const { client } = get();
    const a = await account(get());
    const created = await client.post("/items", { json: item(), token: a.token });
    const replies = [
      await client.get("/health"),
      created,
      await client.get(`/items/${created.json.data.id}`),
      await client.get("/items/abc"),
      await client.get("/nope"),
      await client.delete("/health"),
      await client.post("/items", {
        body: "{",
        headers: { "content-type": "application/json" },
        token: a.token,
      }),
      await client.post("/items", { body: "x", headers: { "content-type": "text/plain" }, token: a.token }),
      await client.post("/items", {
        body: "x".repeat(1024 * 1024 + 1),
        headers: { "content-type": "application/json" },
      }),
      await client.delete(`/items/${created.json.data.id}`, { token: a.token }),
      await client.get("/openapi.json"),
      await client.call("OPTIONS", "/items", {
        headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
      }),
    ];
    if (stack.answers.auth === "jwt") replies.push(await client.get("/auth/me"));
    const statuses = new Set(replies.map((r) => r.status));
    for (const status of [200, 201, 204, 400, 404, 405, 413, 415]) expect(statuses).toContain(status);
    for (const reply of replies) expectSecured(reply);
  });

  if (stack.answers.framework === "fastapi")
    it("the Swagger UI page gets a policy that lets it load, and still cannot be framed", async () => {
      // A client of its own: the page's title is the project's name, which the leak check
      // (reading every recorded reply) would take for a driver name such as "sqlalchemy".
      const reply = await new ContractClient(get().live.api).get("/docs");
      expect(reply.status).toBe(200);
      const policy = reply.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("frame-ancestors 'none'");
      for (const src of reply.text.matchAll(/<script src="(https:\/\/[^/"]+)/g))
        expect(policy).toContain(src[1]);
      expect(reply.headers.get("x-frame-options")).toBe("DENY");
    });
}

/** 429 RATE_LIMITED with Retry-After, on a server of its own with low limits. */
export function rateLimitChecks(get: CtxGetter, stack: Stack): void {
  if (stack.answers.auth !== "jwt") return;
  const LIMIT = 3;

  it("login and register past their limit are a 429 RATE_LIMITED with Retry-After, documented", async () => {
    const server = await serveAgain(get().live, {
      RATE_LIMIT_LOGIN: `${LIMIT}/minute`,
      RATE_LIMIT_REGISTER: `${LIMIT}/minute`,
      // One process, so the count is exact without a shared store.
      WEB_CONCURRENCY: "1",
    });
    try {
      const client = new ContractClient(`${server.url}/api/v1`);
      const email = `limited-${randomUUID()}@example.com`;
      const login = () => client.post("/auth/login", { json: { email, password: PASSWORD } });
      for (let i = 0; i < LIMIT; i++) expectError(await login(), 401, "UNAUTHORIZED");
      const limited = await login();
      expectError(limited, 429, "RATE_LIMITED");
      expect(limited.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expectSecured(limited);
      expect(limited.headers.get("x-request-id")).toBeTruthy();

      // Register counts on its own: the same client may still register, up to its limit.
      const register = (n: number) =>
        client.post("/auth/register", {
          json: { email: `reg-${n}-${randomUUID()}@example.com`, password: PASSWORD, name: "R" },
        });
      for (let n = 0; n < LIMIT; n++) expect((await register(n)).status).toBe(201);
      const refused = await register(LIMIT);
      expectError(refused, 429, "RATE_LIMITED");
      expect(refused.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);

      const paths = (await client.get("/openapi.json")).json.paths;
      for (const path of ["/api/v1/auth/login", "/api/v1/auth/register"]) {
        const documented = paths[path].post.responses["429"];
        expect(documented, path).toBeDefined();
        expect(documented.headers["Retry-After"].schema.type).toBe("integer");
      }
    } finally {
      await server.stop();
    }
  });
}
