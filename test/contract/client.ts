import { createHmac } from "node:crypto";
import type { Json } from "../helpers/http.js";

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else undefined. */
  json: Json;
  text: string;
  ms: number;
}

export interface CallOptions {
  json?: unknown;
  body?: string | FormData | Uint8Array;
  headers?: Record<string, string>;
  token?: string;
}

/**
 * fetch, plus a log of every reply: the leak check reads all bodies at the
 * end, and the latency table is computed from it.
 */
export class ContractClient {
  readonly replies: Reply[] = [];
  constructor(readonly api: string) {}

  async call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["content-type"] ??= "application/json";
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const started = performance.now();
    const res = await fetchOnce(`${this.api}${path}`, { method, headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: Json;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) json = JSON.parse(text);
    const reply = { status: res.status, headers: res.headers, json, text, ms };
    this.replies.push(reply);
    return reply;
  }

  get = (path: string, opts?: CallOptions) => this.call("GET", path, opts);
  post = (path: string, opts?: CallOptions) => this.call("POST", path, opts);
  put = (path: string, opts?: CallOptions) => this.call("PUT", path, opts);
  patch = (path: string, opts?: CallOptions) => this.call("PATCH", path, opts);
  delete = (path: string, opts?: CallOptions) => this.call("DELETE", path, opts);
}

/**
 * fetch, sent again once when a kept-alive socket turned out to be closed
 * before the request was written (EPIPE/ECONNRESET on reuse: the server had
 * hung up after refusing an over-size body). Nothing reached the server, so
 * the retry cannot duplicate a write.
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "EPIPE" || code === "ECONNRESET" || code === "UND_ERR_SOCKET") return fetch(url, init);
    throw error;
  }
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A JWT signed with HS256 (or any header), for the token-failure checks. */
export function forgeToken(
  claims: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (header.alg === "none") return `${head}.`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

/** An error reply in the envelope, with its code. */
export function errorCode(reply: Reply): string | undefined {
  return reply.json?.success === false ? reply.json.error?.code : undefined;
}
