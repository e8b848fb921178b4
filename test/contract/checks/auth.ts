import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { claimsOf, forgeToken } from "../client.js";
import { account, type CtxGetter, expectError, expectSuccess, PASSWORD } from "../context.js";

/** Registration, login, tokens: only on stacks with JWT auth. */
export function authChecks(get: CtxGetter, stack: Stack): void {
  if (stack.answers.auth !== "jwt") return;
  const register = (json: unknown) => get().client.post("/auth/register", { json });
  const email = () => `u-${Math.random().toString(36).slice(2)}@example.com`;

  it("register answers 201 with the public user only, email normalised", async () => {
    const address = email();
    const user = expectSuccess(
      await register({ email: `  ${address.toUpperCase()} `, password: PASSWORD, name: "Ada" }),
      201,
    );
    expect(Object.keys(user).sort()).toEqual(["created_at", "email", "id", "name"]);
    expect(user.email).toBe(address);
    expect(user.created_at).toMatch(/(Z|[+-]\d{2}:\d{2})$/);
  });

  it("refuses a bad email, a 7- or 257-character password, a long name, unknown fields", async () => {
    const ok = { email: email(), password: PASSWORD, name: "Ada" };
    for (const body of [
      { ...ok, email: "not-an-email" },
      { ...ok, password: "1234567" },
      { ...ok, password: "a".repeat(257) },
      { ...ok, password: "é".repeat(257) },
      { ...ok, name: "" },
      { ...ok, name: "n".repeat(101) },
      { ...ok, role: "admin" },
      { ...ok, id: 1 },
      { email: ok.email },
    ]) {
      expectError(await register(body), 400, "VALIDATION_ERROR");
    }
  });

  it("accepts a unicode password of 256 characters (512 bytes), and logs in with it", async () => {
    const address = email();
    const password = "é".repeat(256); // counted in characters, hashed whole
    expectSuccess(await register({ email: address, password, name: "Zoë 🙂" }), 201);
    expectSuccess(await get().client.post("/auth/login", { json: { email: address, password } }), 200);
  });

  it("a duplicate email in any letter case is a 409 CONFLICT", async () => {
    const address = email();
    expectSuccess(await register({ email: address, password: PASSWORD, name: "A" }), 201);
    expectError(
      await register({ email: address.toUpperCase(), password: PASSWORD, name: "B" }),
      409,
      "CONFLICT",
    );
  });

  it("login returns a bearer token with expires_in, and the same 401 for an unknown email and a wrong password", async () => {
    const a = await account(get());
    const login = expectSuccess(
      await get().client.post("/auth/login", { json: { email: a.email.toUpperCase(), password: PASSWORD } }),
      200,
    );
    expect(login).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    const claims = claimsOf(login.access_token);
    expect(claims).toMatchObject({ sub: String(a.user.id) });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    const wrong = await get().client.post("/auth/login", {
      json: { email: a.email, password: "wrong password!" },
    });
    const unknown = await get().client.post("/auth/login", { json: { email: email(), password: PASSWORD } });
    expectError(wrong, 401, "UNAUTHORIZED");
    expectError(unknown, 401, "UNAUTHORIZED");
    expect(wrong.json.error.message).toBe(unknown.json.error.message);
    expectError(
      await get().client.post("/auth/login", { json: { email: a.email, password: "x".repeat(200) } }),
      401,
      "UNAUTHORIZED",
    );
  });

  it("login with missing or non-string fields is a 400", async () => {
    for (const body of [
      {},
      { email: "a@b.co" },
      { password: PASSWORD },
      { email: 1, password: PASSWORD },
      { email: "a@b.co", password: null },
    ]) {
      expectError(await get().client.post("/auth/login", { json: body }), 400, "VALIDATION_ERROR");
    }
  });

  it("GET /auth/me answers the public user for a valid token", async () => {
    const a = await account(get());
    expect(expectSuccess(await get().client.get("/auth/me", { token: a.token }), 200)).toEqual(a.user);
  });

  it("every token failure is a 401: none, garbage, alg none, tampered, expired, wrong secret, unknown user", async () => {
    const { client, live } = get();
    const a = await account(get());
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: String(a.user.id), iat: now, exp: now + 600 };
    const [head, body] = (a.token as string).split(".");
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claimsOf(a.token as string), sub: "999999" })).toString("base64url")}.${(a.token as string).split(".")[2]}`;
    const tokens = [
      forgeToken(claims, "", { alg: "none", typ: "JWT" }),
      "garbage",
      `${head}.${body}.`,
      tampered,
      forgeToken({ ...claims, iat: now - 7200, exp: now - 3600 }, live.secret),
      forgeToken(claims, "another-secret-that-is-long-enough-to-be-used"),
      forgeToken({ ...claims, sub: "2147483000" }, live.secret),
      forgeToken({ ...claims, sub: "abc" }, live.secret),
    ];
    expectError(await client.get("/auth/me"), 401, "UNAUTHORIZED");
    expectError(
      await client.get("/auth/me", { headers: { authorization: "Basic abc" } }),
      401,
      "UNAUTHORIZED",
    );
    for (const token of tokens) expectError(await client.get("/auth/me", { token }), 401, "UNAUTHORIZED");
    // A token forged with the real secret is accepted: the checks above fail for their flaw, not by accident.
    expect((await client.get("/auth/me", { token: forgeToken(claims, live.secret) })).status).toBe(200);
  });

  it("users: list paginated and get one, public fields only, token required", async () => {
    const a = await account(get());
    const list = await get().client.get("/users?limit=100", { token: a.token });
    expect(list.status).toBe(200);
    expect(list.json.pagination).toMatchObject({ page: 1, limit: 100 });
    for (const user of list.json.data)
      expect(Object.keys(user).sort()).toEqual(["created_at", "email", "id", "name"]);
    expect(expectSuccess(await get().client.get(`/users/${a.user.id}`, { token: a.token }), 200)).toEqual(
      a.user,
    );
    expectError(await get().client.get("/users"), 401, "UNAUTHORIZED");
    expectError(await get().client.get("/users/99999999", { token: a.token }), 404, "NOT_FOUND");
    expectError(await get().client.get("/users/abc", { token: a.token }), 404, "NOT_FOUND");
  });
}
