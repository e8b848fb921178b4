import { randomUUID } from "node:crypto";
import type { Stack } from "../helpers/stacks.js";
import type { ContractClient, Reply } from "./client.js";
import { item, PASSWORD } from "./context.js";

export type Transcript = { request: string; status: number; location: string | null; body: unknown }[];

/** Ids, times, tokens and emails differ between runs; everything else must not. */
function normalise(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  }
  if (key === "id" || key.endsWith("_id")) return typeof value === "number" ? "<id>" : value;
  if (key.endsWith("_at")) return "<time>";
  if (key === "access_token") return "<token>";
  if (typeof value === "string" && /@example\.com$/.test(value)) return "<email>";
  return value;
}

/**
 * One fixed sequence of requests, successes and failures alike, recorded as a
 * client sees them. FastAPI and Flask variants of a stack must record the same.
 */
export async function recordTranscript(client: ContractClient, stack: Stack): Promise<Transcript> {
  const transcript: Transcript = [];
  const step = async (request: string, reply: Promise<Reply>) => {
    const r = await reply;
    const location = r.headers.get("location")?.replace(/\d+$/, "<id>") ?? null;
    transcript.push({
      request,
      status: r.status,
      location,
      body: r.json === undefined ? r.text : normalise(r.json),
    });
    return r;
  };
  const auth = stack.answers.auth === "jwt";
  const email = `parity-${randomUUID()}@example.com`;
  let token: string | undefined;
  await step("health", client.get("/health"));
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
    token = (await step("login", client.post("/auth/login", { json: { email, password: PASSWORD } }))).json
      .data.access_token;
    await step("me", client.get("/auth/me", { token }));
    await step("me without token", client.get("/auth/me"));
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
  if (stack.answers.features.includes("tasks")) {
    await step("task unknown kind", client.post("/tasks", { json: { kind: "nope" }, token }));
  }
  return transcript;
}

/** The FastAPI stack a Flask stack is compared with. */
export function twinOf(stack: Stack): string {
  return stack.id.replace(/^flask-/, "fastapi-");
}
