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
  mailTo,
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

  const login = async (address: string, password = PASSWORD) =>
    expectSuccess(await get().client.post("/auth/login", { json: { email: address, password } }), 200);
  const refresh = (token: unknown) => get().client.post("/auth/refresh", { json: { refresh_token: token } });
  const INVALID_REFRESH = "Invalid or expired refresh token";

  it("login answers a pair: a 15-minute access token and a 14-day opaque refresh token", async () => {
    const a = await account(get());
    const pair = await login(a.email);
    expect(Object.keys(pair).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_expires_in",
      "refresh_token",
      "token_type",
    ]);
    expect(pair).toMatchObject({ expires_in: 900, refresh_expires_in: 14 * 24 * 3600 });
    expect(pair.refresh_token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });

  it("refresh rotates: a token buys one pair; presented again it revokes its whole family", async () => {
    const a = await account(get());
    const first = await login(a.email);
    const second = expectSuccess(await refresh(first.refresh_token), 200);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await get().client.get("/auth/me", { token: second.access_token })).status).toBe(200);
    const sibling = await login(a.email);
    const reused = await refresh(first.refresh_token);
    expectError(reused, 401, "UNAUTHORIZED");
    expect(reused.json.error.message).toBe(INVALID_REFRESH);
    expectError(await refresh(second.refresh_token), 401, "UNAUTHORIZED");
    // Another login is another family.
    expectSuccess(await refresh(sibling.refresh_token), 200);
  });

  it("an unknown or malformed refresh token is a 401 with one message; a non-string is a 400", async () => {
    for (const token of ["", "nope", "x".repeat(4000), "é"]) {
      const reply = await refresh(token);
      expectError(reply, 401, "UNAUTHORIZED");
      expect(reply.json.error.message).toBe(INVALID_REFRESH);
    }
    expectError(await refresh(5), 400, "VALIDATION_ERROR");
    expectError(await get().client.post("/auth/refresh", { json: {} }), 400, "VALIDATION_ERROR");
  });

  it("logout ends one session (another user's or an unknown token: 204, nothing changes); logout-all ends all", async () => {
    const a = await account(get());
    const b = await account(get());
    const [one, two, theirs] = [await login(a.email), await login(a.email), await login(b.email)];
    const logout = (token: unknown) =>
      get().client.post("/auth/logout", { json: { refresh_token: token }, token: a.token });
    expectError(
      await get().client.post("/auth/logout", { json: { refresh_token: one.refresh_token } }),
      401,
      "UNAUTHORIZED",
    );
    for (const token of [theirs.refresh_token, "unknown"]) expect((await logout(token)).status).toBe(204);
    expectSuccess(await refresh(theirs.refresh_token), 200);
    const out = await logout(one.refresh_token);
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    expectError(await refresh(one.refresh_token), 401, "UNAUTHORIZED");
    const still = expectSuccess(await refresh(two.refresh_token), 200);
    expectError(await get().client.post("/auth/logout-all"), 401, "UNAUTHORIZED");
    expect((await get().client.post("/auth/logout-all", { token: a.token })).status).toBe(204);
    expectError(await refresh(still.refresh_token), 401, "UNAUTHORIZED");
  });

  it("a password change needs the current password, and ends every session", async () => {
    const a = await account(get());
    const session = await login(a.email);
    const change = (json: unknown) => get().client.put("/auth/password", { json, token: a.token });
    const wrong = await change({ current_password: "not it", new_password: "a brand new password" });
    expectError(wrong, 400, "VALIDATION_ERROR");
    expect(wrong.json.error.details.map((d: { field: string }) => d.field)).toEqual(["current_password"]);
    expectError(await change({ current_password: PASSWORD, new_password: "short" }), 400, "VALIDATION_ERROR");
    const changed = await change({ current_password: PASSWORD, new_password: "a brand new password" });
    expect(changed.status).toBe(204);
    expectError(await refresh(session.refresh_token), 401, "UNAUTHORIZED");
    expectError(
      await get().client.post("/auth/login", { json: { email: a.email, password: PASSWORD } }),
      401,
      "UNAUTHORIZED",
    );
    await login(a.email, "a brand new password");
  });

  it("password reset: 202 for any address, a single-use link by real SMTP, every session ended", async () => {
    const a = await account(get());
    const session = await login(a.email);
    const reset = (json: unknown) => get().client.post("/auth/password-reset", { json });
    const confirm = (json: unknown) => get().client.post("/auth/password-reset/confirm", { json });
    const unknown = await reset({ email: `nobody-${a.email}` });
    const known = await reset({ email: a.email.toUpperCase() });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.json).toEqual(known.json);
    const [mail] = await mailTo(get(), a.email);
    expect(mail?.subject).toBeTruthy();
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? "")?.[1];
    expect(token, mail?.body).toBeTruthy();
    expect(await mailTo(get(), `nobody-${a.email}`, 0)).toEqual([]);
    const short = await confirm({ token, password: "short" });
    expectError(short, 400, "VALIDATION_ERROR");
    const done = await confirm({ token, password: "a brand new password" });
    expect(done.status).toBe(204);
    expect(done.text).toBe("");
    expectError(await refresh(session.refresh_token), 401, "UNAUTHORIZED");
    await login(a.email, "a brand new password");
    const again = await confirm({ token, password: "yet another password" });
    expectError(again, 400, "VALIDATION_ERROR");
    expect(again.json.error.details.map((d: { field: string }) => d.field)).toEqual(["token"]);
    expectError(
      await confirm({ token: "unknown", password: "yet another password" }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(await reset({ email: 5 }), 400, "VALIDATION_ERROR");
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

  it("users: an account is deleted by its user or an admin, with what it owns", async () => {
    const a = await account(get());
    const b = await account(get());
    const admin = await adminAccount(get());
    const owned = expectSuccess(
      await get().client.post("/items", { json: { name: "Mine", price: 1 }, token: a.token }),
      201,
    );
    expectError(await get().client.delete(`/users/${a.user?.id}`), 401, "UNAUTHORIZED");
    expectError(await get().client.delete(`/users/${a.user?.id}`, { token: b.token }), 403, "FORBIDDEN");
    expectError(await get().client.delete("/users/99999999", { token: b.token }), 404, "NOT_FOUND");
    const gone = await get().client.delete(`/users/${a.user?.id}`, { token: a.token });
    expect(gone.status).toBe(204);
    expect(gone.text).toBe("");
    expectError(await get().client.get("/auth/me", { token: a.token }), 401, "UNAUTHORIZED");
    expectError(await get().client.get(`/items/${owned.id}`, { token: b.token }), 404, "NOT_FOUND");
    expect((await get().client.delete(`/users/${b.user?.id}`, { token: admin.token })).status).toBe(204);
    expectError(await get().client.get(`/users/${b.user?.id}`, { token: admin.token }), 404, "NOT_FOUND");
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
