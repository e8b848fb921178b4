import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import type { Json } from "../../helpers/http.js";
import type { Stack } from "../../helpers/stacks.js";
import { ContractClient, type Reply } from "../client.js";
import {
  type Account,
  account,
  type Ctx,
  type CtxGetter,
  expectError,
  expectSuccess,
  PASSWORD,
} from "../context.js";
import { serveAgain } from "../harness.js";
import {
  baseHeaders,
  exchange,
  fieldPart,
  filePart,
  type HeaderLine,
  headerBlockBytes,
  headerLineBytes,
  jsonText,
  LONE_SURROGATE_BYTES,
  LONE_SURROGATE_QUERY,
  multipart,
  nestedArrays,
  nestedObjects,
  type Part,
  requestBytes,
} from "../wire.js";
import { expectSecured } from "./security.js";

/**
 * Issue 19, "Hostile input, round two": every repro of the issue and every
 * decision recorded in ../hostile-input.md, on every stack. What api-contract.md
 * says under "Hostile input", "Envelope" and "Auth and users", sent as bytes a
 * client can send.
 */

const SURROGATE_MESSAGE = "must not contain lone UTF-16 surrogates";
const MAX_JSON_DEPTH = 32;
const TOO_DEEP = { field: "body", message: `JSON is nested deeper than ${MAX_JSON_DEPTH} levels` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JSON_TYPE = { "content-type": "application/json" };
/** What no error message may show: Python's classes, codecs and exception texts. */
const PYTHON_INTERNALS =
  /<class '|codec can't|can't (en|de)code|surrogates not allowed|UploadFile|Traceback|\b\w+(Error|Exception)\b|\bbytes?\b.*\bposition\b/;

/** `text` in an encoding other than UTF-8 (Node's TextEncoder knows only UTF-8). */
function encode(text: string, encoding: "utf-16le" | "utf-16be" | "utf-32le"): Uint8Array {
  const points = [...text].map((ch) => ch.codePointAt(0) as number);
  if (encoding === "utf-32le") {
    const out = new DataView(new ArrayBuffer(points.length * 4));
    points.forEach((point, i) => {
      out.setUint32(i * 4, point, true);
    });
    return new Uint8Array(out.buffer);
  }
  const units = Buffer.from(text, "utf16le");
  if (encoding === "utf-16be") units.swap16();
  return new Uint8Array(units);
}

/** Raw JSON text to a route: escapes travel as written. */
function sendJson(ctx: Ctx, method: string, path: string, text: string, token?: string): Promise<Reply> {
  return ctx.client.call(method, path, { body: text, headers: JSON_TYPE, token });
}

/** A value with lone surrogates, as JSON text that carries them as `\uXXXX` escapes. */
function surrogateJson(value: unknown): string {
  const text = jsonText(value);
  expect(text).toMatch(/\\ud[89a-f][0-9a-f]{2}/);
  return text;
}

/** The 400 for lone surrogates: these fields, each with its own message. */
function expectSurrogates(reply: Reply, ...fields: string[]): void {
  expectError(reply, 400, "VALIDATION_ERROR");
  expect(reply.json.error.message, reply.text).toBe("Request validation failed");
  expect(reply.json.error.details, reply.text).toEqual(
    fields.map((field) => ({ field, message: SURROGATE_MESSAGE })),
  );
}

/**
 * The 400 for a lone surrogate in a key with another below it: the key's object is named,
 * and no field named can itself hold a surrogate (it would make the answer unwritable).
 */
function expectSurrogatesUnder(reply: Reply, holder: string): void {
  expectError(reply, 400, "VALIDATION_ERROR");
  const details: { field: string; message: string }[] = reply.json.error.details;
  expect(
    details.map((d) => d.field),
    reply.text,
  ).toContain(holder);
  for (const detail of details) {
    expect(detail.message).toBe(SURROGATE_MESSAGE);
    expect(detail.field).not.toMatch(/[\ud800-\udfff]/);
  }
}

/** The 400 for JSON deeper than MAX_JSON_DEPTH: a malformed body. */
function expectTooDeep(reply: Reply): void {
  expectError(reply, 400, "VALIDATION_ERROR");
  expect(reply.json.error, reply.text).toEqual({
    code: "VALIDATION_ERROR",
    message: "Malformed JSON body",
    details: [TOO_DEEP],
  });
}

/** A 400 whose details name `field` (and say nothing of Python). */
function expectFieldError(reply: Reply, field: string): { field: string; message: string } {
  expectError(reply, 400, "VALIDATION_ERROR");
  const detail = (reply.json.error.details ?? []).find((d: Json) => d.field === field);
  expect(detail, reply.text).toBeDefined();
  expect(detail.message).not.toMatch(PYTHON_INTERNALS);
  return detail;
}

function expectNoInternals(reply: Reply): void {
  expect(reply.json?.error?.message ?? "", reply.text).not.toMatch(PYTHON_INTERNALS);
  for (const detail of reply.json?.error?.details ?? [])
    expect(detail.message, reply.text).not.toMatch(PYTHON_INTERNALS);
}

/** One request written byte for byte (see wire.ts), recorded with the client's replies. */
async function raw(ctx: Ctx, method: string, target: string, headers: HeaderLine[] = [], body?: Buffer) {
  const all = [...baseHeaders(ctx.live.url), ...headers];
  const reply = await exchange(ctx.live.url, requestBytes(method, target, all, body));
  ctx.client.replies.push(reply);
  return reply;
}

const randomTag = () => randomUUID().slice(0, 8);
const sku = () => `sku-${randomTag()}`;

async function openapi(ctx: Ctx): Promise<Json> {
  const reply = await ctx.client.get("/openapi.json");
  expect(reply.status).toBe(200);
  return reply.json;
}

/** A schema with its `$ref` followed, once. */
function resolve(doc: Json, schema: Json): Json {
  const ref: string | undefined = schema?.$ref;
  return ref ? doc.components.schemas[ref.replace("#/components/schemas/", "")] : schema;
}

/** The JSON schema of a route's request body. */
function bodySchema(doc: Json, path: string, method: string): Json {
  return resolve(doc, doc.paths[path][method].requestBody.content["application/json"].schema);
}

export function hostileChecks(get: CtxGetter, stack: Stack): void {
  surrogateChecks(get, stack);
  depthChecks(get, stack);
  if (stack.answers.auth === "jwt") {
    emailChecks(get);
    passwordChecks(get);
  }
  if (stack.answers.features.includes("uploads")) uploadNameChecks(get, stack);
  if (stack.answers.features.includes("uploads")) rangeChecks(get);
  oversizeChecks(get);
  parityPointChecks(get, stack);
  decimalChecks(get);
}

/** Spec 1: a lone surrogate anywhere in a JSON body or a query value is a 400 naming it. */
function surrogateChecks(get: CtxGetter, stack: Stack): void {
  const auth = stack.answers.auth === "jwt";

  if (auth)
    it("hostile: a lone surrogate in a login or register field is a 400 naming it, never a 500", async () => {
      const ctx = get();
      // The issue's first repro, as curl sent it.
      const repro = '{"email":"a@example.com","password":"\\ud800abcdefgh"}';
      expectSurrogates(await sendJson(ctx, "POST", "/auth/login", repro), "password");
      expectSurrogates(
        await sendJson(
          ctx,
          "POST",
          "/auth/login",
          surrogateJson({ email: "a\ud800@example.com", password: PASSWORD }),
        ),
        "email",
      );
      const email = `lone-${randomTag()}@example.com`;
      for (const [field, body] of [
        ["password", { email, password: "\udfffabcdefgh", name: "Ada" }],
        ["name", { email, password: PASSWORD, name: "Zo\ud800ë" }],
        ["email", { email: `x\udc00${email}`, password: PASSWORD, name: "Ada" }],
      ] as const) {
        expectSurrogates(await sendJson(ctx, "POST", "/auth/register", surrogateJson(body)), field);
      }
      // Nothing was registered on the way: the address is still free.
      expectSuccess(
        await ctx.client.post("/auth/register", { json: { email, password: PASSWORD, name: "Ada" } }),
        201,
      );
    });

  it("hostile: a lone surrogate in an item or product field is a 400 naming it, before the token check", async () => {
    const ctx = get();
    // No token: on JWT stacks the surrogate (malformed input) outranks the 401.
    const cases: [string, unknown, string][] = [
      ["/items", { name: "\ud800", price: 1 }, "name"],
      ["/items", { name: "Widget", description: "x\udfffy", price: 1 }, "description"],
      ["/items", { name: "\udc00\ud800", price: 1 }, "name"],
      ["/items", { name: "Widget", price: 1, "\ud800": 1 }, "body"],
      ["/products", { name: "Lamp\udbff", price: 1, sku: sku() }, "name"],
      ["/products", { name: "Lamp", price: 1, sku: "s\ud800" }, "sku"],
    ];
    for (const [path, body, field] of cases) {
      expectSurrogates(await sendJson(ctx, "POST", path, surrogateJson(body)), field);
    }
  });

  it("hostile: a lone surrogate in a key with another below it is a 400 naming the key's object", async () => {
    const ctx = get();
    // The value's own path would hold the bad key: the answer names the object holding it.
    const cases: [string, unknown, string][] = [
      ["/items", { name: "x", price: { "\ud800": ["\ud801"] } }, "price"],
      ["/items", { name: "x", price: 1, "k\udfff": { v: "\udc00" } }, "body"],
      ["/products", { name: "x", price: 1, sku: { "\ud800": { "\udc00": 1 } } }, "sku"],
    ];
    if (stack.answers.features.includes("tasks"))
      cases.push(["/tasks", { kind: "echo", payload: { "\ud800": ["\ud801"] } }, "payload"]);
    for (const [path, body, holder] of cases) {
      expectSurrogatesUnder(await sendJson(ctx, "POST", path, surrogateJson(body)), holder);
    }
  });

  it("hostile: a lone surrogate in a PUT or PATCH is a 400 and changes nothing; a surrogate pair is a character", async () => {
    const ctx = get();
    const a = await account(ctx);
    const itemId = expectSuccess(
      await ctx.client.post("/items", { json: { name: "Before", price: 1 }, token: a.token }),
      201,
    ).id;
    const productSku = sku();
    const productId = expectSuccess(
      await ctx.client.post("/products", {
        json: { name: "Before", price: 1, sku: productSku },
        token: a.token,
      }),
      201,
    ).id;
    expectSurrogates(
      await sendJson(ctx, "PUT", `/items/${itemId}`, surrogateJson({ name: "\udc00", price: 1 }), a.token),
      "name",
    );
    expectSurrogates(
      await sendJson(ctx, "PATCH", `/items/${itemId}`, surrogateJson({ description: "\ud800" }), a.token),
      "description",
    );
    expectSurrogates(
      await sendJson(
        ctx,
        "PUT",
        `/products/${productId}`,
        surrogateJson({ name: "\ud800", price: 1, sku: productSku }),
        a.token,
      ),
      "name",
    );
    expectSurrogates(
      await sendJson(ctx, "PATCH", `/products/${productId}`, surrogateJson({ sku: "\udfff" }), a.token),
      "sku",
    );
    expect(expectSuccess(await ctx.client.get(`/items/${itemId}`), 200)).toMatchObject({
      name: "Before",
      description: null,
    });
    expect(expectSuccess(await ctx.client.get(`/products/${productId}`), 200)).toMatchObject({
      name: "Before",
      sku: productSku,
    });
    // A high surrogate escape followed by its low one is one character (U+1F600), not two lone ones.
    const pair = '{"name":"\\ud83d\\ude00 pair","price":1}';
    const created = expectSuccess(await sendJson(ctx, "POST", "/items", pair, a.token), 201);
    expect(created.name).toBe("😀 pair");
    expect(expectSuccess(await ctx.client.get(`/items/${created.id}`), 200).name).toBe("😀 pair");
  });

  if (stack.answers.features.includes("tasks"))
    it("hostile: a lone surrogate in a task is a 400 on its path (list indexes as numbers); in a key, on the object holding it", async () => {
      const ctx = get();
      // The issue: FastAPI answered 202, and GET /tasks/{id} was a 500 forever. No token
      // here: the check ranks before the 401.
      const cases: [unknown, string][] = [
        [{ kind: "echo", payload: { a: [{ b: "\ud800" }] } }, "payload.a.0.b"],
        [{ kind: "echo", payload: { s: "ok", t: "\udfff" } }, "payload.t"],
        [{ kind: "echo", payload: { "\ud800": 1 } }, "payload"],
        [{ kind: "echo", payload: { a: { "k\udc00": [1] } } }, "payload.a"],
        [{ kind: "echo", "\ud800": 1 }, "body"],
        [{ kind: "\ud800" }, "kind"],
      ];
      for (const [body, field] of cases) {
        expectSurrogates(await sendJson(ctx, "POST", "/tasks", surrogateJson(body)), field);
      }
      const a = await account(ctx);
      expectSurrogates(
        await sendJson(
          ctx,
          "POST",
          "/tasks",
          surrogateJson({ kind: "echo", payload: { x: ["\ud800"] } }),
          a.token,
        ),
        "payload.x.0",
      );
    });

  it("hostile: a query value that is not UTF-8 once percent-decoded is a 400 naming the parameter", async () => {
    const ctx = get();
    const a = await account(ctx);
    const cases: [string, string][] = [
      [`/items?page=${LONE_SURROGATE_QUERY}`, "page"],
      [`/items?limit=${LONE_SURROGATE_QUERY}`, "limit"],
      [`/items?page=1&limit=${LONE_SURROGATE_QUERY}`, "limit"],
      [`/products?page=${LONE_SURROGATE_QUERY}`, "page"],
      ["/items?page=%FF", "page"],
    ];
    if (auth) cases.push([`/users?page=${LONE_SURROGATE_QUERY}`, "page"]);
    for (const [path, field] of cases) {
      const reply = await ctx.client.get(path, { token: a.token });
      expectFieldError(reply, field);
      expectNoInternals(reply);
    }
  });

  it("hostile: header values holding a surrogate's bytes are refused or ignored in the envelope, never a 5xx", async () => {
    const ctx = get();
    const wtf8 = (text: string) => Buffer.concat([Buffer.from(text), LONE_SURROGATE_BYTES]);
    const replaced = await raw(ctx, "GET", "/api/v1/health", [["X-Request-ID", wtf8("id-")]]);
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("x-request-id")).toMatch(UUID);
    const origin = await raw(ctx, "GET", "/api/v1/health", [["Origin", wtf8("http://localhost:3000")]]);
    expect(origin.status).toBe(200);
    expect(origin.headers.get("access-control-allow-origin")).toBeNull();
    const replies = [
      await raw(
        ctx,
        "POST",
        "/api/v1/items",
        [
          ["Content-Type", wtf8("application/json")],
          ["Content-Length", "2"],
        ],
        Buffer.from("{}"),
      ),
      await raw(ctx, "GET", "/api/v1/items", [
        ["Accept", wtf8("application/json")],
        ["Accept-Language", wtf8("fr")],
      ]),
      ...(auth
        ? [
            await raw(ctx, "GET", "/api/v1/auth/me", [["Authorization", wtf8("Bearer ")]]),
            await raw(
              ctx,
              "POST",
              "/api/v1/auth/login",
              [
                ["Content-Type", "application/json"],
                ["X-Forwarded-For", wtf8("192.0.2.")],
                ["Content-Length", "2"],
              ],
              Buffer.from("{}"),
            ),
          ]
        : []),
    ];
    for (const reply of replies) {
      expect(reply.status, reply.text).toBeLessThan(500);
      expect(reply.headers.get("x-request-id")).toBeTruthy();
      if (reply.status >= 400) {
        expect(reply.json?.success, reply.text).toBe(false);
        expectNoInternals(reply);
      }
    }
    if (auth) expectError(replies[2] as Reply, 401, "UNAUTHORIZED");
  });

  it("hostile: a lone surrogate ranks with malformed JSON: after 404, 405, 413 and 415", async () => {
    const ctx = get();
    const body = surrogateJson({ name: "\ud800", price: 1 });
    expectError(await sendJson(ctx, "POST", "/nope", body), 404, "NOT_FOUND");
    expectError(await sendJson(ctx, "PUT", "/items", body), 405, "METHOD_NOT_ALLOWED");
    expectError(
      await ctx.client.post("/items", { body, headers: { "content-type": "text/plain" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const huge = surrogateJson({ name: "\ud800", price: 1, description: "x".repeat(1024 * 1024) });
    expectError(await sendJson(ctx, "POST", "/items", huge), 413, "PAYLOAD_TOO_LARGE");
  });
}

/** Spec 2: JSON nested deeper than MAX_JSON_DEPTH is malformed, on every JSON route, before 401. */
function depthChecks(get: CtxGetter, stack: Stack): void {
  const auth = stack.answers.auth === "jwt";
  const tasks = stack.answers.features.includes("tasks");
  /** The body of a route with `nested` (JSON text) one level below the top. */
  const withNested = (nested: string) => `{"name":"x","price":1,"extra":${nested}}`;

  it("hostile: JSON 33 levels deep is a 400 'Malformed JSON body'; 32 levels are not refused for depth", async () => {
    const ctx = get();
    const a = await account(ctx);
    for (const nested of [nestedObjects, nestedArrays]) {
      // 1 (the body) + 31 = 32 levels: judged on its fields (here an unknown one).
      const fine = await sendJson(ctx, "POST", "/items", withNested(nested(MAX_JSON_DEPTH - 1)), a.token);
      expectError(fine, 400, "VALIDATION_ERROR");
      expect(fine.json.error.message).toBe("Request validation failed");
      expect(fine.json.error.details).not.toContainEqual(TOO_DEEP);
      expectTooDeep(await sendJson(ctx, "POST", "/items", withNested(nested(MAX_JSON_DEPTH)), a.token));
    }
    expectTooDeep(await sendJson(ctx, "POST", "/items", nestedArrays(MAX_JSON_DEPTH + 1), a.token));
    expectError(
      await sendJson(ctx, "POST", "/items", nestedArrays(MAX_JSON_DEPTH), a.token),
      400,
      "VALIDATION_ERROR",
    );
    // Brackets inside strings are text, not nesting.
    const name = `${"[{".repeat(50)}`;
    const created = expectSuccess(
      await sendJson(
        ctx,
        "POST",
        "/items",
        jsonText({ name, description: "]}".repeat(500), price: 1 }),
        a.token,
      ),
      201,
    );
    expect(expectSuccess(await ctx.client.get(`/items/${created.id}`), 200).name).toBe(name);
    if (auth) {
      // Without a token, 32 levels get as far as the token check; 33 do not.
      expectError(
        await sendJson(ctx, "POST", "/items", withNested(nestedObjects(MAX_JSON_DEPTH - 1))),
        401,
        "UNAUTHORIZED",
      );
      expectTooDeep(await sendJson(ctx, "POST", "/items", withNested(nestedObjects(MAX_JSON_DEPTH))));
    }
  });

  it("hostile: JSON 1,000 and 10,000 levels deep is the same 400 on every JSON route, never a 500, before 401", async () => {
    const ctx = get();
    const a = await account(ctx);
    const itemId = expectSuccess(
      await ctx.client.post("/items", { json: { name: "x", price: 1 }, token: a.token }),
      201,
    ).id;
    const productId = expectSuccess(
      await ctx.client.post("/products", { json: { name: "x", price: 1, sku: sku() }, token: a.token }),
      201,
    ).id;
    const routes: [string, string][] = [
      ["POST", "/items"],
      ["PUT", `/items/${itemId}`],
      ["PATCH", `/items/${itemId}`],
      ["POST", "/products"],
      ["PUT", `/products/${productId}`],
      ["PATCH", `/products/${productId}`],
      ...(auth
        ? ([
            ["POST", "/auth/register"],
            ["POST", "/auth/login"],
          ] as [string, string][])
        : []),
      ...(tasks ? ([["POST", "/tasks"]] as [string, string][]) : []),
    ];
    for (const [method, path] of routes) {
      for (const depth of [1_000, 10_000]) {
        for (const body of [nestedObjects(depth), nestedArrays(depth), withNested(nestedArrays(depth))]) {
          const reply = await sendJson(ctx, method, path, body);
          expectTooDeep(reply);
          expect(reply.headers.get("x-request-id")).toBeTruthy();
          expectSecured(reply);
        }
      }
    }
  });

  it("hostile: JSON in UTF-16 or UTF-32 is malformed, never parsed past the nesting check", async () => {
    const ctx = get();
    // json.loads reads these encodings; its nesting would then escape the check.
    const text = `{"name": "\\"", "x": ${nestedArrays(3_000)}, "price": 1}`;
    for (const encoding of ["utf-16le", "utf-16be", "utf-32le"] as const) {
      const bytes = encode(text, encoding);
      const reply = await ctx.client.post("/items", { body: bytes, headers: JSON_TYPE });
      expectError(reply, 400, "VALIDATION_ERROR");
      expect(reply.json.error.message).toMatch(/^Malformed/);
    }
  });

  it("hostile: deep JSON ranks with malformed JSON: after 404, 405, 413 and 415", async () => {
    const ctx = get();
    const deep = nestedArrays(10_000);
    expectError(await sendJson(ctx, "POST", "/nope", deep), 404, "NOT_FOUND");
    expectError(await sendJson(ctx, "PUT", "/items", deep), 405, "METHOD_NOT_ALLOWED");
    expectError(
      await ctx.client.post("/items", { body: deep, headers: { "content-type": "text/plain" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const huge = `{"description":"${"x".repeat(1024 * 1024)}","extra":${deep}}`;
    expectError(await sendJson(ctx, "POST", "/items", huge), 413, "PAYLOAD_TOO_LARGE");
  });

  if (tasks)
    it("hostile: a task payload 31 levels deep (32 in all) is accepted and reads back; 254 or 255 levels are a 400", async () => {
      const ctx = get();
      const a = await account(ctx);
      const payload = nestedObjects(MAX_JSON_DEPTH - 1);
      const accepted = expectSuccess(
        await sendJson(ctx, "POST", "/tasks", `{"kind":"echo","payload":${payload}}`, a.token),
        202,
      );
      const settled = await settleTask(ctx, a, accepted.id);
      expect(settled.status).toBe("done");
      expect(settled.result).toEqual(JSON.parse(payload));
      // The issue's second repro: accepted with 202, stored done, then a 500 on every GET.
      for (const depth of [254, 255]) {
        expectTooDeep(
          await sendJson(ctx, "POST", "/tasks", `{"kind":"echo","payload":${nestedObjects(depth)}}`, a.token),
        );
      }
      expectTooDeep(
        await sendJson(
          ctx,
          "POST",
          "/tasks",
          `{"kind":"echo","payload":${nestedObjects(MAX_JSON_DEPTH)}}`,
          a.token,
        ),
      );
    });
}

async function settleTask(ctx: Ctx, a: Account, id: number): Promise<Json> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const data = expectSuccess(await ctx.client.get(`/tasks/${id}`, { token: a.token }), 200);
    if (data.status === "done" || data.status === "failed" || Date.now() > deadline) return data;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Spec 3: one normalisation for register and login, unique on its result. */
function emailChecks(get: CtxGetter): void {
  const register = (ctx: Ctx, email: string) =>
    ctx.client.post("/auth/register", { json: { email, password: PASSWORD, name: "Mail" } });
  const login = (ctx: Ctx, email: string, password = PASSWORD) =>
    ctx.client.post("/auth/login", { json: { email, password } });

  it("hostile: an IDN address in ASCII or Unicode and in any letter case is one account", async () => {
    const ctx = get();
    const local = `x-${randomTag()}`;
    const user = expectSuccess(await register(ctx, `${local}@xn--bcher-kva.de`), 201);
    expect(user.email).toBe(`${local}@bücher.de`);
    // The issue: logging in with the exact string used to register was a 401.
    for (const spelling of [
      `${local}@xn--bcher-kva.de`,
      `${local}@bücher.de`,
      `${local.toUpperCase()}@BÜCHER.DE`,
      `  ${local}@XN--BCHER-KVA.DE `,
    ]) {
      const token = expectSuccess(await login(ctx, spelling), 200).access_token;
      expect(expectSuccess(await ctx.client.get("/auth/me", { token }), 200).id, spelling).toBe(user.id);
    }
    for (const spelling of [
      `${local.toUpperCase()}@BÜCHER.DE`,
      `${local}@xn--bcher-kva.de`,
      `${local}@bücher.de`,
    ]) {
      expectError(await register(ctx, spelling), 409, "CONFLICT");
    }
  });

  it("hostile: a decomposed (NFD) address is stored composed (NFC) and logs in either way", async () => {
    const ctx = get();
    const tag = randomTag();
    const decomposed = `jose\u0301-${tag}@example.com`;
    const composed = `jos\u00e9-${tag}@example.com`;
    expect(expectSuccess(await register(ctx, decomposed), 201).email).toBe(composed);
    for (const spelling of [decomposed, composed, composed.toUpperCase()]) {
      expectSuccess(await login(ctx, spelling), 200);
    }
    expectError(await register(ctx, composed), 409, "CONFLICT");
    expectError(await register(ctx, decomposed), 409, "CONFLICT");
  });

  it("hostile: login with a string that is not an email address is a 401, never a 400 or 500", async () => {
    const ctx = get();
    for (const email of [
      "not-an-email",
      "",
      "   ",
      "a@",
      "@example.com",
      "a@b",
      "a@@example.com",
      "x@xn--",
      "x@-bücher.de",
      `${"a".repeat(500)}@example.com`,
      "a\u0000b@example.com",
      "\u202e@example.com",
    ]) {
      expectError(await login(ctx, email), 401, "UNAUTHORIZED");
    }
  });
}

/** A user's stored password hash, read (and optionally replaced) in the stack's own database. */
async function storedHash(ctx: Ctx, email: string, replacement?: "legacy"): Promise<string> {
  const script = `
import os, sys
import bcrypt
url, email, password = os.environ["DATABASE_URL"], sys.argv[1], os.environ["LEGACY_PASSWORD"]
if url.startswith("sqlite"):
    import sqlite3
    conn, mark = sqlite3.connect(url.split(":///", 1)[1]), "?"
else:
    import psycopg
    conn, mark = psycopg.connect(url.replace("+psycopg", "", 1)), "%s"
with conn:
    cur = conn.cursor()
    if len(sys.argv) > 2:
        legacy = bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()
        cur.execute(f"UPDATE users SET password_hash = {mark} WHERE email = {mark}", (legacy, email))
    cur.execute(f"SELECT password_hash FROM users WHERE email = {mark}", (email,))
    print(cur.fetchone()[0])
`;
  const run = await execa(
    join(ctx.live.dir, ".venv", "bin", "python"),
    ["-c", script, email, ...(replacement ? [replacement] : [])],
    { env: { ...ctx.live.env, LEGACY_PASSWORD: PASSWORD }, reject: false },
  );
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout.trim();
}

/** Spec 4: 8..256 characters, used whole (SHA-256, then bcrypt), old hashes upgraded. */
function passwordChecks(get: CtxGetter): void {
  const register = (ctx: Ctx, password: string, email = `pw-${randomTag()}@example.com`) =>
    ctx.client.post("/auth/register", { json: { email, password, name: "Pass" } });
  const login = (ctx: Ctx, email: string, password: string) =>
    ctx.client.post("/auth/login", { json: { email, password } });

  it("hostile: passwords are 8 to 256 characters, counted in code points, and the document says so", async () => {
    const ctx = get();
    for (const password of ["é".repeat(256), "🙂".repeat(256), "é".repeat(8), "12345678"]) {
      const email = `pw-${randomTag()}@example.com`;
      expectSuccess(await register(ctx, password, email), 201);
      expectSuccess(await login(ctx, email, password), 200);
    }
    for (const password of ["é".repeat(257), "a".repeat(257), "1234567", "é".repeat(7)]) {
      const detail = expectFieldError(await register(ctx, password), "password");
      expect(detail.message).toMatch(/characters/);
    }
    const password = bodySchema(await openapi(ctx), "/api/v1/auth/register", "post").properties.password;
    expect(password).toMatchObject({ minLength: 8, maxLength: 256 });
  });

  it("hostile: a password is used whole: two that share their first 72 bytes are different passwords", async () => {
    const ctx = get();
    for (const [right, wrong] of [
      [`${"a".repeat(100)}1`, `${"a".repeat(100)}2`],
      [`${"é".repeat(36)}x`, `${"é".repeat(36)}y`],
    ] as const) {
      const email = `whole-${randomTag()}@example.com`;
      expectSuccess(await register(ctx, right, email), 201);
      expectError(await login(ctx, email, wrong), 401, "UNAUTHORIZED");
      expectError(await login(ctx, email, right.slice(0, -1)), 401, "UNAUTHORIZED");
      expectSuccess(await login(ctx, email, right), 200);
      expect(await storedHash(ctx, email)).toMatch(/^bcrypt_sha256\$\$2b\$/);
    }
    // Wrong credentials of any length are a 401, never a 400.
    const a = await account(ctx);
    for (const wrong of ["x", "é".repeat(257), "x".repeat(10_000)]) {
      expectError(await login(ctx, a.email, wrong), 401, "UNAUTHORIZED");
    }
  });

  it("hostile: a 0.1.0 plain bcrypt hash still verifies, and the next login stores bcrypt_sha256$", async () => {
    const ctx = get();
    const a = await account(ctx);
    expect(await storedHash(ctx, a.email, "legacy")).toMatch(/^\$2b\$04\$/);
    expectError(await login(ctx, a.email, `${PASSWORD}!`), 401, "UNAUTHORIZED");
    expect(await storedHash(ctx, a.email)).toMatch(/^\$2b\$/);
    expectSuccess(await login(ctx, a.email, PASSWORD), 200);
    expect(await storedHash(ctx, a.email)).toMatch(/^bcrypt_sha256\$\$2b\$04\$/);
    expectSuccess(await login(ctx, a.email, PASSWORD), 200);
    expectError(await login(ctx, a.email, `${PASSWORD}!`), 401, "UNAUTHORIZED");
  });
}

async function storedFiles(ctx: Ctx): Promise<string[]> {
  try {
    return await readdir(ctx.live.env.UPLOAD_DIR as string);
  } catch {
    return [];
  }
}

function upload(client: ContractClient, parts: Part[], token?: string): Promise<Reply> {
  const { body, headers } = multipart(parts);
  return client.post("/uploads", { body, headers, token });
}

/** Uploads one part and returns the reply and the names that appeared in UPLOAD_DIR. */
async function uploadAndFind(ctx: Ctx, client: ContractClient, part: Part, token?: string) {
  const before = new Set(await storedFiles(ctx));
  const reply = await upload(client, [part], token);
  const added = (await storedFiles(ctx)).filter((name) => !before.has(name));
  return { reply, added };
}

/** Spec 5: stored names from the content type; multipart rules the same on both stacks. */
function uploadNameChecks(get: CtxGetter, stack: Stack): void {
  it("hostile: a stored upload is named uuid hex + the extension of its content type, never the client's", async () => {
    const ctx = get();
    const a = await account(ctx);
    const table: [filename: string, type: string, extension: string][] = [
      ["shell.php", "text/plain", ".txt"],
      ["x.exe", "text/plain", ".txt"],
      ["notes", "text/plain", ".txt"],
      ["pic.exe", "image/png", ".png"],
      ["pic.php", "image/jpeg", ".jpg"],
      ["anim.html", "image/gif", ".gif"],
      ["img.svg", "image/webp", ".webp"],
      ["doc.sh", "application/pdf", ".pdf"],
      ["SHELL.PHP.TXT.php", "text/plain", ".txt"],
    ];
    for (const [filename, type, extension] of table) {
      const content = `content of ${filename}`;
      const { reply, added } = await uploadAndFind(
        ctx,
        ctx.client,
        filePart(filename, content, type),
        a.token,
      );
      const data = expectSuccess(reply, 201);
      expect(data.filename).toBe(filename);
      expect(added, filename).toHaveLength(1);
      expect(added[0]).toMatch(new RegExp(`^[0-9a-f]{32}${extension.replace(".", "\\.")}$`));
      const stored = await readFile(join(ctx.live.env.UPLOAD_DIR as string, added[0] as string), "utf8");
      expect(stored).toBe(content);
    }
  });

  // A second server costs seconds; the database plays no part in naming a file, so the
  // SQLite stacks (both frameworks, data layers and auth modes) carry this one.
  if (stack.answers.database === "sqlite")
    it("hostile: an allowed content type outside the extension table is stored with no extension", async () => {
      const ctx = get();
      const server = await serveAgain(ctx.live, {
        UPLOAD_ALLOWED_TYPES: "text/plain,application/octet-stream",
        WEB_CONCURRENCY: "1",
      });
      try {
        const client = new ContractClient(`${server.url}/api/v1`);
        const a = await account({ ...ctx, client });
        const { reply, added } = await uploadAndFind(
          ctx,
          client,
          filePart("payload.php", "<?php", "application/octet-stream"),
          a.token,
        );
        expect(expectSuccess(reply, 201).filename).toBe("payload.php");
        expect(added).toHaveLength(1);
        expect(added[0]).toMatch(/^[0-9a-f]{32}$/);
      } finally {
        await server.stop();
      }
    });

  it("hostile: the file field sent twice, a file field without a filename, or none at all are 400s on file", async () => {
    const ctx = get();
    const a = await account(ctx);
    const cases: [string, Part[], string][] = [
      ["twice", [filePart("a.txt", "first"), filePart("b.txt", "second")], "must be sent once"],
      ["a plain field", [fieldPart("file", "hello")], "must be a file"],
      ["missing", [fieldPart("other", "hello")], "Field required"],
      ["another file field", [filePart("a.txt", "x", "text/plain", "other")], "Field required"],
    ];
    for (const [what, parts, message] of cases) {
      const reply = await upload(ctx.client, parts, a.token);
      expectError(reply, 400, "VALIDATION_ERROR");
      expect(reply.json.error.details, what).toEqual([{ field: "file", message }]);
      expectNoInternals(reply);
    }
  });

  it("hostile: a lone surrogate in an upload's filename or a part's name is a 400 on file", async () => {
    const ctx = get();
    const a = await account(ctx);
    const before = (await storedFiles(ctx)).sort();
    for (const parts of [
      [filePart(Buffer.concat([Buffer.from("a"), LONE_SURROGATE_BYTES, Buffer.from(".txt")]))],
      [filePart("a.txt"), fieldPart(Buffer.concat([Buffer.from("n"), LONE_SURROGATE_BYTES]), "x")],
    ]) {
      const reply = await upload(ctx.client, parts, a.token);
      expectFieldError(reply, "file");
      expectNoInternals(reply);
    }
    expect((await storedFiles(ctx)).sort()).toEqual(before);
  });

  it("hostile: part headers over 4 KiB are a malformed multipart body; a 300-character filename is cut to 255", async () => {
    const ctx = get();
    const a = await account(ctx);
    // The issue: a 9,000-character filename was a 400 on FastAPI and a 201 on Flask.
    const long = await upload(ctx.client, [filePart(`${"x".repeat(9_000)}.txt`)], a.token);
    expectError(long, 400, "VALIDATION_ERROR");
    expect(long.json.error.message).toBe("Malformed multipart body");
    const { reply, added } = await uploadAndFind(
      ctx,
      ctx.client,
      filePart(`${"y".repeat(296)}.txt`),
      a.token,
    );
    const data = expectSuccess(reply, 201);
    expect([...data.filename].length).toBeLessThanOrEqual(255);
    expect(data.filename).toMatch(/^y+\.txt$/);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^[0-9a-f]{32}\.txt$/);
  });
}

/** Spec 6: one byte range, 206 or 416, in the document; anything else is the whole file. */
function rangeChecks(get: CtxGetter): void {
  const CONTENT = "0123456789";

  it("hostile: a download answers one byte range with 206 and Content-Range; past the end, 416 in the envelope", async () => {
    const ctx = get();
    const a = await account(ctx);
    const { id } = expectSuccess(await upload(ctx.client, [filePart("digits.txt", CONTENT)], a.token), 201);
    const download = (range?: string) =>
      ctx.client.get(`/uploads/${id}`, { token: a.token, headers: range === undefined ? {} : { range } });

    const whole = await download();
    expect(whole.status).toBe(200);
    expect(whole.text).toBe(CONTENT);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");

    for (const [range, body, contentRange] of [
      ["bytes=2-5", "2345", "bytes 2-5/10"],
      ["bytes=0-0", "0", "bytes 0-0/10"],
      ["bytes=7-", "789", "bytes 7-9/10"],
      ["bytes=-3", "789", "bytes 7-9/10"],
      ["bytes=8-100", "89", "bytes 8-9/10"],
      ["bytes=-100", CONTENT, "bytes 0-9/10"],
    ]) {
      const partial = await download(range);
      expect(partial.status, range).toBe(206);
      expect(partial.text, range).toBe(body);
      expect(partial.headers.get("content-range"), range).toBe(contentRange);
      expect(partial.headers.get("accept-ranges"), range).toBe("bytes");
      expect(partial.headers.get("x-request-id")).toBeTruthy();
    }
    for (const range of ["bytes=10-", "bytes=10-20", "bytes=99-"]) {
      const refused = await download(range);
      expectError(refused, 416, "RANGE_NOT_SATISFIABLE");
      expect(refused.headers.get("content-range"), range).toBe("bytes */10");
      expect(refused.headers.get("x-request-id")).toBeTruthy();
      expectSecured(refused);
    }
  });

  it("hostile: a malformed Range, another unit or several ranges are ignored: 200 and the whole file", async () => {
    const ctx = get();
    const a = await account(ctx);
    const { id } = expectSuccess(await upload(ctx.client, [filePart("digits.txt", CONTENT)], a.token), 201);
    for (const range of [
      "bytes=abc",
      "bytes=5-2",
      "bytes=",
      "bytes=--1",
      "bytes 0-1",
      "0-1",
      "items=0-1",
      "bytes=0-1,3-4",
      "bytes=0-1, 5-",
      `bytes=${LONE_SURROGATE_QUERY}`,
    ]) {
      const reply = await ctx.client.get(`/uploads/${id}`, { token: a.token, headers: { range } });
      expect(reply.status, range).toBe(200);
      expect(reply.text, range).toBe(CONTENT);
      expect(reply.headers.get("accept-ranges"), range).toBe("bytes");
      expect(reply.headers.get("content-range"), range).toBeNull();
    }
  });

  it("hostile: the document lists 206 and 416 for a download", async () => {
    const doc = await openapi(get());
    const responses = doc.paths["/api/v1/uploads/{upload_id}"].get.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "206", "416"]));
  });
}

/** Spec 7: the app's own 414 and 431, in the envelope, on both stacks. */
function oversizeChecks(get: CtxGetter): void {
  /** 8 KiB with its CRLF, gunicorn's own ceiling, which the app shares. */
  const REQUEST_LINE = 8_190;
  const HEADER_LINE = 8_192;
  const ALL_HEADERS = 32_768;
  const MAX_HEADER_COUNT = 100;
  /** `GET /api/v1/aaa… HTTP/1.1`, exactly `length` bytes without its CRLF: an unknown route. */
  const targetFor = (length: number) => `/api/v1/${"a".repeat(length - "GET /api/v1/ HTTP/1.1".length)}`;

  /**
   * The app's own refusal: the envelope, the security headers, and the request's own
   * X-Request-ID. Far past a limit the server's parser may give up before the headers
   * are read; the answer is the same envelope then, with a fresh request id.
   */
  const expectRefused = (reply: Reply, status: number, code: string, requestId: string, farPast = false) => {
    expectError(reply, status, code);
    expectSecured(reply);
    const id = reply.headers.get("x-request-id");
    if (farPast) expect(id === requestId || UUID.test(id ?? ""), `X-Request-ID ${id}`).toBe(true);
    else expect(id).toBe(requestId);
  };

  it("hostile: a request line over 8 KiB with its CRLF is a 414 URI_TOO_LONG in the envelope; 8,000 and 8,190 bytes are answered", async () => {
    const ctx = get();
    for (const length of [8_000, REQUEST_LINE]) {
      const target = targetFor(length);
      expect(`GET ${target} HTTP/1.1`).toHaveLength(length);
      const reply = await raw(ctx, "GET", target, [["X-Request-ID", `line-${length}`]]);
      expectError(reply, 404, "NOT_FOUND");
      expect(reply.headers.get("x-request-id")).toBe(`line-${length}`);
    }
    // Refused before its headers are read (gunicorn's own limit is this one): the
    // request's X-Request-ID is not looked at, on either stack.
    const refusedUnread = (reply: Reply) => {
      expectError(reply, 414, "URI_TOO_LONG");
      expectSecured(reply);
      expect(reply.headers.get("x-request-id") ?? "").toMatch(UUID);
    };
    refusedUnread(await raw(ctx, "GET", targetFor(REQUEST_LINE + 1), [["X-Request-ID", "line-over"]]));
    refusedUnread(await raw(ctx, "GET", targetFor(4 * REQUEST_LINE), [["X-Request-ID", "line-far"]]));
    // Past every server's own buffer (h11's is 64 KiB): still the envelope, not plain text.
    refusedUnread(await raw(ctx, "GET", targetFor(256 * 1024), [["X-Request-ID", "line-farthest"]]));
    // The query string counts too.
    const query = `/api/v1/items?page=1&q=${"q".repeat(REQUEST_LINE)}`;
    refusedUnread(await raw(ctx, "GET", query, [["X-Request-ID", "line-query"]]));
  });

  it("hostile: a request the server cannot parse, head or chunked body, is a 400 VALIDATION_ERROR in the envelope, not the server's own page", async () => {
    const ctx = get();
    const host = `Host: ${new URL(ctx.live.url).host}\r\nConnection: close\r\n`;
    for (const request of [
      // A raw byte outside ASCII in the path, a header line without its colon, a length that is no number.
      Buffer.concat([
        Buffer.from("GET /api/v1/items/"),
        Buffer.from([0xff]),
        Buffer.from(` HTTP/1.1\r\n${host}\r\n`),
      ]),
      Buffer.from(`GET /api/v1/health HTTP/1.1\r\n${host}A header without a colon\r\n\r\n`),
      Buffer.from(
        `POST /api/v1/items HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`,
      ),
      // The same with a large body behind it: still a 400, not taken for a head too long.
      Buffer.from(
        `POST /api/v1/items HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n${"x".repeat(200_000)}`,
      ),
      // A chunked body whose framing is broken: a size that is no number, a chunk without its CRLF.
      Buffer.from(
        `POST /api/v1/items HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      ),
      Buffer.from(
        `POST /api/v1/items HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n`,
      ),
    ]) {
      const reply = await exchange(ctx.live.url, request);
      ctx.client.replies.push(reply);
      expectError(reply, 400, "VALIDATION_ERROR");
      expect(reply.json.error.message).toBe("Malformed HTTP request");
      expectSecured(reply);
      expect(reply.headers.get("x-request-id") ?? "").toMatch(UUID);
    }
  });

  it("hostile: one header over 8,192 bytes is a 431 HEADERS_TOO_LARGE in the envelope; 8,192 is answered", async () => {
    const ctx = get();
    const pad = (length: number): HeaderLine => ["X-Pad", "p".repeat(length - "X-Pad: ".length)];
    expect(headerLineBytes(pad(HEADER_LINE))).toBe(HEADER_LINE);
    const fine = await raw(ctx, "GET", "/api/v1/health", [["X-Request-ID", "header-fine"], pad(HEADER_LINE)]);
    expect(fine.status, fine.text).toBe(200);
    expect(fine.headers.get("x-request-id")).toBe("header-fine");
    const over = await raw(ctx, "GET", "/api/v1/health", [
      ["X-Request-ID", "header-over"],
      pad(HEADER_LINE + 1),
    ]);
    expectRefused(over, 431, "HEADERS_TOO_LARGE", "header-over");
    const far = await raw(ctx, "GET", "/api/v1/health", [
      ["X-Request-ID", "header-far"],
      pad(4 * HEADER_LINE),
    ]);
    expectRefused(far, 431, "HEADERS_TOO_LARGE", "header-far", true);
    const farthest = await raw(ctx, "GET", "/api/v1/health", [
      ["X-Request-ID", "header-farthest"],
      pad(256 * 1024),
    ]);
    expectRefused(farthest, 431, "HEADERS_TOO_LARGE", "header-farthest", true);
    // A long Authorization header is a header like any other: 431, not 401.
    const bearer = await raw(ctx, "GET", "/api/v1/items", [
      ["X-Request-ID", "header-auth"],
      ["Authorization", `Bearer ${"t".repeat(HEADER_LINE)}`],
    ]);
    expectRefused(bearer, 431, "HEADERS_TOO_LARGE", "header-auth");
  });

  it("hostile: headers over 32,768 bytes in all are a 431 HEADERS_TOO_LARGE in the envelope; 32,768 are answered", async () => {
    const ctx = get();
    /** Five X-Pad-n headers that bring the whole block to exactly `total` bytes. */
    const headersOf = (total: number, requestId: string): HeaderLine[] => {
      const fixed: HeaderLine[] = [["X-Request-ID", requestId]];
      const overhead = headerBlockBytes([...baseHeaders(ctx.live.url), ...fixed]);
      const pads: HeaderLine[] = [1, 2, 3, 4, 5].map((n) => [`X-Pad-${n}`, ""]);
      let left = total - overhead - headerBlockBytes(pads);
      for (const padHeader of pads) {
        const size = Math.min(left, 7_000);
        padHeader[1] = "p".repeat(size);
        left -= size;
      }
      expect(left).toBe(0);
      const all = [...fixed, ...pads];
      expect(headerBlockBytes([...baseHeaders(ctx.live.url), ...all])).toBe(total);
      return all;
    };
    const fine = await raw(ctx, "GET", "/api/v1/health", headersOf(ALL_HEADERS, "all-fine"));
    expect(fine.status, fine.text).toBe(200);
    expect(fine.headers.get("x-request-id")).toBe("all-fine");
    const over = await raw(ctx, "GET", "/api/v1/health", headersOf(ALL_HEADERS + 1, "all-over"));
    expectRefused(over, 431, "HEADERS_TOO_LARGE", "all-over");
  });

  it("hostile: more than 100 headers are a 431 HEADERS_TOO_LARGE in the envelope; 100 are answered", async () => {
    const ctx = get();
    /** `count` headers in all, the client's own (Host, Connection...) included. */
    const headersOf = (count: number, requestId: string): HeaderLine[] => {
      const fixed: HeaderLine[] = [["X-Request-ID", requestId]];
      const room = count - baseHeaders(ctx.live.url).length - fixed.length;
      return [...fixed, ...Array.from({ length: room }, (_, n): HeaderLine => [`X-H-${n}`, "x"])];
    };
    const fine = await raw(ctx, "GET", "/api/v1/health", headersOf(MAX_HEADER_COUNT, "count-fine"));
    expect(fine.status, fine.text).toBe(200);
    const over = await raw(ctx, "GET", "/api/v1/health", headersOf(MAX_HEADER_COUNT + 1, "count-over"));
    expectRefused(over, 431, "HEADERS_TOO_LARGE", "count-over");
    // Far past it, gunicorn may refuse first (Flask): the same envelope, a fresh id.
    const far = await raw(ctx, "GET", "/api/v1/health", headersOf(4 * MAX_HEADER_COUNT, "count-far"));
    expectRefused(far, 431, "HEADERS_TOO_LARGE", "count-far", true);
  });
}

/** Spec 8: the points where FastAPI and Flask drifted apart (also in parity.ts's transcript). */
function parityPointChecks(get: CtxGetter, stack: Stack): void {
  const uploads = stack.answers.features.includes("uploads");
  const auth = stack.answers.auth === "jwt";

  it("hostile: two X-Request-ID headers get a fresh UUID, neither of them echoed", async () => {
    const ctx = get();
    const reply = await raw(ctx, "GET", "/api/v1/health", [
      ["X-Request-ID", "first-id"],
      ["X-Request-ID", "second-id"],
    ]);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-request-id")).toMatch(UUID);
    const error = await raw(ctx, "GET", "/api/v1/nope", [
      ["X-Request-ID", "same-id"],
      ["X-Request-ID", "same-id"],
    ]);
    expectError(error, 404, "NOT_FOUND");
    expect(error.headers.get("x-request-id")).toMatch(UUID);
  });

  it("hostile: a price of -0.0 is answered and read back as 0.0, never -0.0", async () => {
    const ctx = get();
    const a = await account(ctx);
    const isPositiveZero = (reply: Reply) => {
      expect(reply.text).not.toMatch(/"price":\s*-0(\.0*)?[,}]/);
      expect(Object.is(reply.json.data.price, 0), reply.text).toBe(true);
    };
    const item = await sendJson(ctx, "POST", "/items", '{"name":"zero","price":-0.0}', a.token);
    expectSuccess(item, 201);
    isPositiveZero(item);
    const id = item.json.data.id;
    isPositiveZero(await ctx.client.get(`/items/${id}`));
    isPositiveZero(await sendJson(ctx, "PUT", `/items/${id}`, '{"name":"zero","price":-0}', a.token));
    isPositiveZero(await sendJson(ctx, "PATCH", `/items/${id}`, '{"price":-0.0e0}', a.token));
    isPositiveZero(await ctx.client.get(`/items/${id}`));
    for (const price of ["-0.0", "-0.001", "-0.004", "-1e-300"]) {
      const product = await sendJson(
        ctx,
        "POST",
        "/products",
        `{"name":"zero","price":${price},"sku":"${sku()}"}`,
        a.token,
      );
      expectSuccess(product, 201);
      isPositiveZero(product);
      isPositiveZero(await ctx.client.get(`/products/${product.json.data.id}`));
    }
  });

  it("hostile: length messages count characters ('must be at most 2000 characters'), never items", async () => {
    const ctx = get();
    const a = await account(ctx);
    const description = expectFieldError(
      await ctx.client.post("/items", {
        json: { name: "x", price: 1, description: "d".repeat(2001) },
        token: a.token,
      }),
      "description",
    );
    expect(description.message).toBe("must be at most 2000 characters");
    const cases: [string, unknown, string, RegExp][] = [
      ["/items", { name: "n".repeat(201), price: 1 }, "name", /at most 200 characters/],
      ["/items", { name: "", price: 1 }, "name", /at least 1 character/],
      ["/items", { name: "🙂".repeat(201), price: 1 }, "name", /at most 200 characters/],
      ["/products", { name: "n".repeat(121), price: 1, sku: sku() }, "name", /at most 120 characters/],
      ["/products", { name: "n", price: 1, sku: "s".repeat(41) }, "sku", /at most 40 characters/],
      ...(auth
        ? ([
            [
              "/auth/register",
              { email: "len@example.com", password: PASSWORD, name: "n".repeat(101) },
              "name",
              /at most 100 characters/,
            ],
            [
              "/auth/register",
              { email: "len@example.com", password: "p".repeat(257), name: "n" },
              "password",
              /at most 256 characters/,
            ],
          ] as [string, unknown, string, RegExp][])
        : []),
    ];
    for (const [path, body, field, message] of cases) {
      const detail = expectFieldError(await ctx.client.post(path, { json: body, token: a.token }), field);
      expect(detail.message, `${path} ${field}`).toMatch(message);
      expect(detail.message).not.toMatch(/\bitems?\b/);
    }
  });

  it("hostile: error messages never show Python internals: codec errors, class names, exception texts", async () => {
    const ctx = get();
    const a = await account(ctx);
    const replies: Reply[] = [
      // A body that is not UTF-8 at all (the WTF-8 bytes of a surrogate, raw).
      await ctx.client.post("/items", {
        body: new Uint8Array(
          Buffer.concat([Buffer.from('{"name":"'), LONE_SURROGATE_BYTES, Buffer.from('","price":1}')]),
        ),
        headers: JSON_TYPE,
        token: a.token,
      }),
      await ctx.client.post("/items", {
        body: new Uint8Array(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
        headers: JSON_TYPE,
        token: a.token,
      }),
      await ctx.client.get("/items?page=%FF%FE"),
      await ctx.client.get(`/items?limit=${LONE_SURROGATE_QUERY}`),
      await sendJson(ctx, "POST", "/items", '{"name":"x","price":1,"quantity":1e400}', a.token),
      await sendJson(
        ctx,
        "POST",
        "/items",
        `{"name":"x","price":1,"quantity":${"9".repeat(5_000)}}`,
        a.token,
      ),
      await sendJson(
        ctx,
        "POST",
        "/products",
        `{"name":"x","price":${"9".repeat(5_000)},"sku":"${sku()}"}`,
        a.token,
      ),
    ];
    if (uploads) replies.push(await upload(ctx.client, [fieldPart("file", "not a file")], a.token));
    for (const reply of replies) {
      expectError(reply, 400, "VALIDATION_ERROR");
      expectNoInternals(reply);
    }
    // The issue's example: "Expected UploadFile, received: <class 'str'>".
    if (uploads) expect(replies.at(-1)?.text).not.toContain("<class");
  });

  it("hostile: page and limit accept only canonical decimal digits", async () => {
    const ctx = get();
    for (const path of ["/items", "/products"]) {
      for (const parameter of ["page", "limit"]) {
        // %2B1 is "+1"; a bare "+" in a query string is a space.
        for (const value of [
          "%2B1",
          "+1",
          "01",
          "%201",
          "1%20",
          "1_0",
          "1.0",
          "%EF%BC%91",
          "%D9%A1",
          "0x1",
        ]) {
          const reply = await ctx.client.get(`${path}?${parameter}=${value}`);
          expectFieldError(reply, parameter);
        }
        expect((await ctx.client.get(`${path}?${parameter}=1`)).status).toBe(200);
        expect((await ctx.client.get(`${path}?${parameter}=10`)).status).toBe(200);
      }
    }
  });
}

/** Spec 9: a generated decimal rounds extra places half-to-even; the document says so. */
function decimalChecks(get: CtxGetter): void {
  const create = (ctx: Ctx, price: string, token?: string) =>
    sendJson(ctx, "POST", "/products", `{"name":"Decimal","price":${price},"sku":"${sku()}"}`, token);

  it("hostile: a decimal with more places than its scale is rounded half-to-even, and reads back so", async () => {
    const ctx = get();
    const a = await account(ctx);
    for (const [price, rounded] of [
      ["0.005", 0],
      ["0.015", 0.02],
      ["0.025", 0.02],
      ["-1.9100000000000001", -1.91],
      ["2.675", 2.68],
      ["1.005", 1],
      ["12.345", 12.34],
      ["12.355", 12.36],
      ["0.07000000000000001", 0.07],
      ["-0.125", -0.12],
      ["9.99", 9.99],
      ["100", 100],
      ["9999999999.99", 9999999999.99],
      ["-9999999999.99", -9999999999.99],
    ] as const) {
      const created = expectSuccess(await create(ctx, price, a.token), 201);
      expect(created.price, price).toBe(rounded);
      expect(expectSuccess(await ctx.client.get(`/products/${created.id}`), 200).price, price).toBe(rounded);
    }
    const { id } = expectSuccess(await create(ctx, "1", a.token), 201);
    expect(
      expectSuccess(await sendJson(ctx, "PATCH", `/products/${id}`, '{"price":0.015}', a.token), 200).price,
    ).toBe(0.02);
    for (const price of ["10000000000", "-10000000000", "1e308"]) {
      expectFieldError(await create(ctx, price, a.token), "price");
    }
  });

  it("hostile: a decimal above the documented maximum is a 400, even when it would round to it", async () => {
    const ctx = get();
    const a = await account(ctx);
    for (const price of ["9999999999.991", "-9999999999.991"]) {
      expectFieldError(await create(ctx, price, a.token), "price");
    }
  });

  it("hostile: the document gives a decimal its bounds and says it rounds, with no multipleOf", async () => {
    const doc = await openapi(get());
    const one = Object.keys(doc.paths).find((path) => /^\/api\/v1\/products\/\{[^/]+\}$/.test(path));
    expect(one).toBeDefined();
    for (const [path, method] of [
      ["/api/v1/products", "post"],
      [one as string, "put"],
      [one as string, "patch"],
    ] as const) {
      const schema = bodySchema(doc, path, method);
      const price = schema.properties.price;
      expect(price).not.toHaveProperty("multipleOf");
      expect(price).toMatchObject({ type: "number", minimum: -9999999999.99, maximum: 9999999999.99 });
      expect(price.description ?? "").toMatch(/round/i);
    }
  });
}
