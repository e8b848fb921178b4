import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { claimsOf, forgeToken } from "../client.js";
import {
  account,
  adminAccount,
  adminCommand,
  type CtxGetter,
  expectError,
  expectSuccess,
  PASSWORD,
} from "../context.js";

/** Registration, login, tokens: only on stacks with JWT auth. */
export function authChecks(get: CtxGetter, stack: Stack): void {
  if (stack.answers.auth !== "jwt") return;
  const register = (json: unknown) => get().client.post("/auth/register", { json });
  const email = () => `u-${Math.random().toString(36).slice(2)}@example.com`;

  it("register answers 201 with the user's own form, a plain user, email normalised", async () => {
    const address = email();
    const user = expectSuccess(
      await register({ email: `  ${address.toUpperCase()} `, password: PASSWORD, name: "Ada" }),
      201,
    );
    expect(Object.keys(user).sort()).toEqual(OWN_FORM);
    expect(user.email).toBe(address);
    expect(user.role).toBe("user");
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
    expect(login).toMatchObject({ token_type: "bearer", expires_in: 900 });
    const claims = claimsOf(login.access_token);
    expect(claims).toMatchObject({ sub: String(a.user.id) });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
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

  it("users: the list is for admins only, in full and paginated; a query error comes before the 403", async () => {
    const a = await account(get());
    expectError(await get().client.get("/users"), 401, "UNAUTHORIZED");
    expectError(await get().client.get("/users", { token: a.token }), 403, "FORBIDDEN");
    expectError(await get().client.get("/users?limit=101", { token: a.token }), 400, "VALIDATION_ERROR");
    const admin = await adminAccount(get());
    const list = expectSuccess(await get().client.get("/users?limit=100", { token: admin.token }), 200);
    for (const user of list) expect(Object.keys(user).sort()).toEqual(OWN_FORM);
    const reply = await get().client.get("/users?limit=100", { token: admin.token });
    expect(reply.json.pagination).toMatchObject({ page: 1, limit: 100 });
    expect(reply.text).not.toContain("password");
  });

  it("users: another user is {id, name, created_at}; themselves and admins see email and role", async () => {
    const a = await account(get());
    const b = await account(get());
    const admin = await adminAccount(get());
    const seen = expectSuccess(await get().client.get(`/users/${b.user?.id}`, { token: a.token }), 200);
    expect(seen).toEqual({ id: b.user?.id, name: b.user?.name, created_at: b.user?.created_at });
    expect(expectSuccess(await get().client.get(`/users/${a.user?.id}`, { token: a.token }), 200)).toEqual(
      a.user,
    );
    expect(
      expectSuccess(await get().client.get(`/users/${b.user?.id}`, { token: admin.token }), 200),
    ).toEqual(b.user);
    expect(expectSuccess(await get().client.get("/auth/me", { token: admin.token }), 200).role).toBe("admin");
    expectError(await get().client.get("/users/99999999", { token: a.token }), 404, "NOT_FOUND");
    expectError(await get().client.get("/users/abc", { token: a.token }), 404, "NOT_FOUND");
  });

  it("users: only an admin changes a name or a role; fields, then the row, then the role are judged", async () => {
    const a = await account(get());
    const b = await account(get());
    const admin = await adminAccount(get());
    const patch = (id: unknown, json: unknown, token?: string) =>
      get().client.patch(`/users/${id}`, { json, token });
    expectError(await patch(b.user?.id, { role: "admin" }), 401, "UNAUTHORIZED");
    expectError(await patch(b.user?.id, { role: "admin" }, a.token), 403, "FORBIDDEN");
    expectError(await patch(a.user?.id, { role: "admin" }, a.token), 403, "FORBIDDEN");
    expectError(await patch(b.user?.id, { role: "root" }, a.token), 400, "VALIDATION_ERROR");
    expectError(await patch(99999999, { name: "X" }, a.token), 404, "NOT_FOUND");
    for (const body of [
      { role: "root" },
      { role: null },
      { name: null },
      { name: "" },
      { email: "x@example.com" },
    ])
      expectError(await patch(b.user?.id, body, admin.token), 400, "VALIDATION_ERROR");
    const promoted = expectSuccess(await patch(b.user?.id, { role: "admin", name: "Bea" }, admin.token), 200);
    expect(promoted).toEqual({ ...b.user, name: "Bea", role: "admin" });
    // The role is read on every request, not carried in the token.
    expect((await get().client.get("/users", { token: b.token })).status).toBe(200);
    expectSuccess(await patch(b.user?.id, { role: "user" }, admin.token), 200);
    expectError(await get().client.get("/users", { token: b.token }), 403, "FORBIDDEN");
  });

  it("the first admin comes from `python -m app.cli create-admin`, the password from standard input", async () => {
    const address = email();
    const out = await adminCommand(
      get(),
      ["create-admin", "--email", address, "--name", "Root"],
      `${PASSWORD}\n`,
    );
    expect(out).toContain(address);
    const login = await get().client.post("/auth/login", { json: { email: address, password: PASSWORD } });
    const token = expectSuccess(login, 200).access_token;
    expect(expectSuccess(await get().client.get("/auth/me", { token }), 200)).toMatchObject({
      email: address,
      name: "Root",
      role: "admin",
    });
    const refused = adminCommand(get(), ["create-admin", "--email", address], `${PASSWORD}\n`);
    await expect(refused).rejects.toThrow(/already registered/);
  });
}

const OWN_FORM = ["created_at", "email", "id", "name", "role"];
