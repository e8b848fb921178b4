import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { expect } from "vitest";
import type { Json } from "../helpers/http.js";
import { type ContractClient, errorCode, type Reply } from "./client.js";
import type { LiveStack } from "./harness.js";

export interface Ctx {
  live: LiveStack;
  client: ContractClient;
  auth: boolean;
  has: (feature: string) => boolean;
}

export type CtxGetter = () => Ctx;

export interface Account {
  token?: string;
  user?: Json;
  email: string;
  password: string;
}

export const PASSWORD = "correct horse battery staple";

/** A fresh user and token, or an anonymous account when the stack has no auth. */
export async function account(ctx: Ctx, name = "Contract User"): Promise<Account> {
  const email = `user-${randomUUID()}@example.com`;
  if (!ctx.auth) return { email, password: PASSWORD };
  const registered = await ctx.client.post("/auth/register", { json: { email, password: PASSWORD, name } });
  expect(registered.status, registered.text).toBe(201);
  const login = await ctx.client.post("/auth/login", { json: { email, password: PASSWORD } });
  expect(login.status, login.text).toBe(200);
  return { token: login.json.data.access_token, user: registered.json.data, email, password: PASSWORD };
}

/**
 * Runs the project's own admin command (`python -m app.cli ...`) against the live
 * server's database, as its operator would; `input` is its standard input (a password).
 */
export async function adminCommand(ctx: Ctx, args: string[], input = ""): Promise<string> {
  const { live } = ctx;
  const result = await execa(".venv/bin/python", ["-m", "app.cli", ...args], {
    cwd: live.dir,
    env: live.env,
    input,
  });
  return result.stdout;
}

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/** The emails the stack's SMTP sink has received for `to`, once there are `count` (10 s at most). */
export async function mailTo(ctx: Ctx, to: string, count = 1): Promise<Mail[]> {
  const mailbox = ctx.live.mailbox;
  if (!mailbox) throw new Error("this stack has no SMTP sink");
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(mailbox, "utf8").catch(() => "");
    const mails = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Mail)
      .filter((mail) => mail.to === to);
    if (mails.length >= count || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh account, made an admin by the command an operator would run. */
export async function adminAccount(ctx: Ctx): Promise<Account> {
  const admin = await account(ctx, "Contract Admin");
  await adminCommand(ctx, ["promote", "--email", admin.email]);
  return { ...admin, user: { ...admin.user, role: "admin" } };
}

export function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  expect(errorCode(reply), reply.text).toBe(code);
  expect(typeof reply.json.error.message).toBe("string");
  expect(reply.json.error.message.length).toBeGreaterThan(0);
}

export function expectSuccess(reply: Reply, status: number): Json {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json.success).toBe(true);
  return reply.json.data;
}

export const item = (changes: Record<string, unknown> = {}) => ({
  name: "Widget",
  description: "A useful widget",
  price: 9.99,
  ...changes,
});
