import { randomUUID } from "node:crypto";
import type { Stack } from "../helpers/stacks.js";
import type { ContractClient, Reply } from "./client.js";
import { item, PASSWORD } from "./context.js";
import {
  baseHeaders,
  exchange,
  fieldPart,
  filePart,
  jsonText,
  LONE_SURROGATE_BYTES,
  LONE_SURROGATE_QUERY,
  multipart,
  nestedArrays,
  nestedObjects,
  type Part,
  requestBytes,
} from "./wire.js";

export type Transcript = {
  request: string;
  status: number;
  location: string | null;
  body: unknown;
  /** The few headers a step is about (Content-Range, X-Request-ID, ...). */
  headers?: Record<string, string | null>;
}[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Ids, times, tokens and emails differ between runs; everything else must not. */
function normalise(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  }
  if (key === "id" || key.endsWith("_id")) return typeof value === "number" ? "<id>" : value;
  if (key.endsWith("_at")) return "<time>";
  if (key === "access_token" || key === "refresh_token") return "<token>";
  if (typeof value === "string" && /@example\.com$/.test(value)) return "<email>";
  return value;
}

/**
 * One fixed sequence of requests, successes and failures alike, recorded as a
 * client sees them. FastAPI and Flask variants of a stack must record the same.
 */
export async function recordTranscript(client: ContractClient, stack: Stack): Promise<Transcript> {
  const transcript: Transcript = [];
  const step = async (request: string, reply: Promise<Reply>, headers: string[] = []) => {
    const r = await reply;
    const location = r.headers.get("location")?.replace(/\d+$/, "<id>") ?? null;
    transcript.push({
      request,
      status: r.status,
      location,
      body: r.json === undefined ? r.text : normalise(r.json),
      ...(headers.length > 0 && {
        headers: Object.fromEntries(
          headers.map((name) => {
            const value = r.headers.get(name);
            return [name, value !== null && UUID.test(value) ? "<uuid>" : value];
          }),
        ),
      }),
    });
    return r;
  };
  const auth = stack.answers.auth === "jwt";
  const email = `parity-${randomUUID()}@example.com`;
  let token: string | undefined;
  await step("health", client.get("/health"));
  await step("ready", client.get("/ready"));
  if (auth) {
    await step(
      "register",
      client.post("/auth/register", { json: { email, password: PASSWORD, name: "Par Ity" } }),
    );
    await step(
      "register again",
      client.post("/auth/register", { json: { email: email.toUpperCase(), password: PASSWORD, name: "X" } }),
    );
    await step(
      "register invalid",
      client.post("/auth/register", { json: { email: "nope", password: "short", name: "", extra: 1 } }),
    );
    await step("login wrong", client.post("/auth/login", { json: { email, password: "wrong password" } }));
    await step("login missing", client.post("/auth/login", { json: { email } }));
    const login = (await step("login", client.post("/auth/login", { json: { email, password: PASSWORD } })))
      .json.data;
    token = login.access_token;
    const me = (await step("me", client.get("/auth/me", { token }))).json.data;
    await step("me without token", client.get("/auth/me"));
    const refresh = (json: unknown) => client.post("/auth/refresh", { json });
    const next = (await step("refresh", refresh({ refresh_token: login.refresh_token }))).json.data;
    await step("refresh reused", refresh({ refresh_token: login.refresh_token }));
    await step("refresh after reuse", refresh({ refresh_token: next.refresh_token }));
    await step("refresh invalid", refresh({ refresh_token: 5 }));
    await step("logout unknown", client.post("/auth/logout", { json: { refresh_token: "x" }, token }));
    await step("logout-all", client.post("/auth/logout-all", { token }));
    await step(
      "password wrong",
      client.put("/auth/password", { json: { current_password: "wrong", new_password: PASSWORD }, token }),
    );
    await step(
      "password short",
      client.put("/auth/password", { json: { current_password: PASSWORD, new_password: "short" }, token }),
    );
    await step(
      "password reset unknown",
      client.post("/auth/password-reset", { json: { email: `x-${email}` } }),
    );
    await step(
      "password reset confirm unknown",
      client.post("/auth/password-reset/confirm", { json: { token: "nope", password: PASSWORD } }),
    );
    await step("users as a user", client.get("/users", { token }));
    await step("patch user as a user", client.patch(`/users/${me.id}`, { json: { role: "admin" }, token }));
  }
  const created = await step("create item", client.post("/items", { json: item({ quantity: 3 }), token }));
  const id = created.json?.data?.id;
  await step(
    "create invalid",
    client.post("/items", { json: { name: "", price: -1, quantity: 1.5, extra: true }, token }),
  );
  await step("create missing", client.post("/items", { json: {}, token }));
  await step(
    "create malformed",
    client.post("/items", { body: "{", headers: { "content-type": "application/json" }, token }),
  );
  await step(
    "create text/plain",
    client.post("/items", { body: "x", headers: { "content-type": "text/plain" }, token }),
  );
  await step("get item", client.get(`/items/${id}`));
  await step("get abc", client.get("/items/abc"));
  await step("put item", client.put(`/items/${id}`, { json: { name: "New", price: 2 }, token }));
  await step("patch null", client.patch(`/items/${id}`, { json: { name: null }, token }));
  await step("patch item", client.patch(`/items/${id}`, { json: { quantity: 9 }, token }));
  await step("list page 0", client.get("/items?page=0"));
  await step("list limit 101", client.get("/items?limit=101"));
  await step("unknown route", client.get("/nope"));
  await step("wrong method", client.delete("/items"));
  await step("delete item", client.delete(`/items/${id}`, { token }));
  await step("get deleted", client.get(`/items/${id}`));
  await listSteps(client, step, token);
  if (stack.answers.features.includes("tasks")) {
    await step("task unknown kind", client.post("/tasks", { json: { kind: "nope" }, token }));
  }
  await hostileSteps(client, stack, step, token);
  return transcript;
}

type Step = (request: string, reply: Promise<Reply>, headers?: string[]) => Promise<Reply>;

/** api-contract.md, "List queries and relations", on items and the generated resources. */
async function listSteps(client: ContractClient, step: Step, token?: string): Promise<void> {
  // Other checks share the database: every list here keeps to the transcript's own rows.
  for (const [price, quantity] of [
    [5, 2],
    [5, 1],
    [12.5, 2],
  ]) {
    const body = item({ name: `parity-list ${price}`, price, quantity });
    await step(`item ${price} x ${quantity}`, client.post("/items", { json: body, token }));
  }
  await step(
    "items filtered and sorted",
    client.get("/items?q=parity-list&price__gte=5&sort=-price,quantity"),
  );
  await step("items q with a wildcard", client.get("/items?q=parity-list%25"));
  await step("items unknown filter", client.get("/items?colour=red"));
  await step("items unknown sort key", client.get("/items?sort=colour"));
  await step("items expand owner", client.get("/items?q=parity-list&expand=owner"));
  const product = await step(
    "product for reviews",
    client.post("/products", { json: { name: "Reviewed", price: 3, sku: "parity-reviewed" }, token }),
  );
  const productId = product.json?.data?.id;
  for (const rating of [4, 2]) {
    await step(
      `review ${rating}`,
      client.post("/reviews", { json: { product_id: productId, rating }, token }),
    );
  }
  await step(
    "review of no product",
    client.post("/reviews", { json: { product_id: 2 ** 31 - 1, rating: 1 }, token }),
  );
  await step("reviews expanded", client.get(`/reviews?product_id=${productId}&expand=product&sort=rating`));
  await step("reviews expand unknown", client.get("/reviews?expand=rating"));
  await step("product's reviews", client.get(`/products/${productId}/reviews?rating__gt=2`));
  await step("reviews of no product", client.get("/products/2147483647/reviews"));
  await step("reviewed product delete", client.delete(`/products/${productId}`, { token }));
}

/**
 * Issue 19: every point where FastAPI and Flask had drifted apart (spec item 8),
 * the multipart rules and Range answers of uploads, and the ranks of lone
 * surrogates and deep JSON.
 */
async function hostileSteps(client: ContractClient, stack: Stack, step: Step, token?: string): Promise<void> {
  const json = { "content-type": "application/json" };
  const raw = (text: string | Uint8Array, path = "/items", method = "POST") =>
    client.call(method, path, { body: text, headers: json, token });
  const health = `${new URL(client.api).pathname}/health`;
  await step(
    "two X-Request-ID headers",
    exchange(
      client.api,
      requestBytes("GET", health, [
        ...baseHeaders(client.api),
        ["X-Request-ID", "first-id"],
        ["X-Request-ID", "second-id"],
      ]),
    ),
    ["x-request-id"],
  );

  const zero = await step("item price -0.0", raw('{"name":"Zero","price":-0.0}'));
  await step("item price -0.0 read back", client.get(`/items/${zero.json?.data?.id}`));
  await step("item patch price -0.0", raw('{"price":-0.0}', `/items/${zero.json?.data?.id}`, "PATCH"));
  const product = await step(
    "product price -0.0",
    // Each stack has a database of its own, where the transcript runs once: fixed skus are free.
    raw('{"name":"Zero","price":-0.0,"sku":"parity-zero"}', "/products"),
  );
  await step("product price -0.0 read back", client.get(`/products/${product.json?.data?.id}`));
  for (const price of ["0.005", "0.015", "-1.9100000000000001"]) {
    const rounded = await step(
      `product price ${price}`,
      raw(`{"name":"Round","price":${price},"sku":"parity-${price}"}`, "/products"),
    );
    await step(`product price ${price} read back`, client.get(`/products/${rounded.json?.data?.id}`));
  }

  await step(
    "description of 2001 characters",
    raw(jsonText({ name: "x", price: 1, description: "d".repeat(2001) })),
  );
  await step("name of 201 characters", raw(jsonText({ name: "n".repeat(201), price: 1 })));
  await step("empty name", raw(jsonText({ name: "", price: 1 })));
  await step(
    "product name of 121 characters",
    raw(jsonText({ name: "n".repeat(121), price: 1, sku: "s" }), "/products"),
  );
  await step("body not UTF-8", raw(new Uint8Array(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))));
  await step("price of 5,000 digits", raw(`{"name":"x","price":${"9".repeat(5000)}}`));
  for (const parameter of ["page", "limit"]) {
    for (const value of ["%2B1", "+1", "01", "%201", "1_0", "%EF%BC%91", LONE_SURROGATE_QUERY, "%FF"]) {
      await step(`items ${parameter}=${value}`, client.get(`/items?${parameter}=${value}`));
    }
  }

  await step(
    "lone surrogate without a token",
    client.call("POST", "/items", { body: '{"name":"\\ud800","price":1}', headers: json }),
  );
  await step("lone surrogate in a key", raw('{"name":"x","price":1,"\\udfff":1}'));
  await step("JSON 32 levels deep", raw(`{"name":"x","price":1,"extra":${nestedObjects(31)}}`));
  await step("JSON 33 levels deep", raw(`{"name":"x","price":1,"extra":${nestedObjects(32)}}`));
  await step(
    "JSON 10,000 levels deep without a token",
    client.call("POST", "/items", { body: nestedArrays(10_000), headers: json }),
  );
  if (stack.answers.auth === "jwt") {
    await step(
      "register password of 257 characters",
      client.post("/auth/register", {
        json: { email: `p-${randomUUID()}@example.com`, password: "é".repeat(257), name: "P" },
      }),
    );
    await step(
      "register name of 101 characters",
      client.post("/auth/register", {
        json: { email: `p-${randomUUID()}@example.com`, password: PASSWORD, name: "n".repeat(101) },
      }),
    );
    await step(
      "login lone surrogate",
      client.call("POST", "/auth/login", {
        body: '{"email":"a@example.com","password":"\\ud800abcdefgh"}',
        headers: json,
      }),
    );
    await step(
      "login not an email",
      client.post("/auth/login", { json: { email: "not-an-email", password: PASSWORD } }),
    );
  }
  if (stack.answers.features.includes("tasks")) {
    await step(
      "task payload lone surrogate",
      raw(jsonText({ kind: "echo", payload: { a: [{ b: "\ud800" }] } }), "/tasks"),
    );
    await step(
      "task payload 33 levels deep",
      raw(`{"kind":"echo","payload":${nestedObjects(32)}}`, "/tasks"),
    );
  }
  if (stack.answers.features.includes("uploads")) await uploadSteps(client, step, token);
}

async function uploadSteps(client: ContractClient, step: Step, token?: string): Promise<void> {
  const upload = (parts: Part[]) => {
    const { body, headers } = multipart(parts);
    return client.post("/uploads", { body, headers, token });
  };
  const stored = await step("upload shell.php as text/plain", upload([filePart("shell.php", "0123456789")]));
  await step(
    "upload the file field twice",
    upload([filePart("a.txt", "first"), filePart("b.txt", "second")]),
  );
  await step("upload a file field without a filename", upload([fieldPart("file", "hello")]));
  await step("upload without a file field", upload([fieldPart("other", "hello")]));
  await step(
    "upload a lone surrogate in the filename",
    upload([filePart(Buffer.concat([Buffer.from("a"), LONE_SURROGATE_BYTES, Buffer.from(".txt")]))]),
  );
  await step(
    "upload a lone surrogate in a part's name",
    upload([filePart("a.txt"), fieldPart(Buffer.concat([Buffer.from("n"), LONE_SURROGATE_BYTES]), "x")]),
  );
  await step("upload a 9,000-character filename", upload([filePart(`${"x".repeat(9_000)}.txt`)]));
  await step("upload a 300-character filename", upload([filePart(`${"y".repeat(296)}.txt`)]));
  await step("upload a type not allowed", upload([filePart("x.exe", "MZ", "application/x-msdownload")]));
  const id = stored.json?.data?.id;
  for (const range of [
    undefined,
    "bytes=2-5",
    "bytes=7-",
    "bytes=-3",
    "bytes=10-",
    "items=0-1",
    "bytes=0-1,3-4",
    "bytes=abc",
    "bytes=5-2",
  ]) {
    await step(
      `download with Range ${range ?? "(none)"}`,
      client.get(`/uploads/${id}`, { token, headers: range ? { range } : {} }),
      ["content-range", "accept-ranges"],
    );
  }
}

/** The FastAPI stack a Flask stack is compared with. */
export function twinOf(stack: Stack): string {
  return stack.id.replace(/^flask-/, "fastapi-");
}
