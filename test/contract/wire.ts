import { connect } from "node:net";
import type { Json } from "../helpers/http.js";
import type { Reply } from "./client.js";

/**
 * Requests as bytes on the wire, for what fetch cannot or will not send: a
 * request line or headers past 8 KiB, a header sent twice, bytes that are not
 * UTF-8, multipart parts written by hand, JSON text with escapes left as they are.
 */

/** A lone UTF-16 surrogate as a JSON escape: `\ud800`, as text (six characters). */
export const LONE_SURROGATE_ESCAPE = "\\ud800";
/** The same code point as UTF-8 would write it if it could (WTF-8): not UTF-8 at all. */
export const LONE_SURROGATE_BYTES = Buffer.from([0xed, 0xa0, 0x80]);
/** `%ED%A0%80`: a query value that is not UTF-8 once percent-decoded. */
export const LONE_SURROGATE_QUERY = "%ED%A0%80";

/**
 * JSON.stringify, checked to have written every lone surrogate as a `\uXXXX`
 * escape (ES2019's well-formed JSON.stringify, Node 12 and later) rather than
 * as a character that fetch would turn into U+FFFD on the way out.
 */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  if (lone.test(text)) throw new Error("JSON.stringify left a lone surrogate unescaped");
  return text;
}

/** `{"a":{"a":…1…}}`: objects nested `depth` levels deep, the outermost counted as 1. */
export const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
/** `[[…]]`: arrays nested `depth` levels deep. */
export const nestedArrays = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

export type HeaderLine = [name: string, value: string | Buffer];

/** The bytes of one HTTP/1.1 request, exactly as given: no header is added. */
export function requestBytes(
  method: string,
  target: string | Buffer,
  headers: HeaderLine[],
  body?: Buffer,
): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} `), Buffer.from(target), Buffer.from(" HTTP/1.1\r\n")];
  for (const [name, value] of headers)
    lines.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from("\r\n"));
  lines.push(Buffer.from("\r\n"));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}

/** The headers every raw request starts with: Host, and a connection closed after the answer. */
export function baseHeaders(url: string): HeaderLine[] {
  return [
    ["Host", new URL(url).host],
    ["Connection", "close"],
  ];
}

/** What the contract counts for a header: its `Name: value` line without CRLF. */
export const headerLineBytes = ([name, value]: HeaderLine): number =>
  Buffer.byteLength(name) + 2 + Buffer.byteLength(value);
/** What the contract counts for all headers: every line with its CRLF. */
export const headerBlockBytes = (headers: HeaderLine[]): number =>
  headers.reduce((sum, header) => sum + headerLineBytes(header) + 2, 0);

/**
 * Sends `request` over a fresh connection to the server of `url` and reads one
 * response, as a Reply (the same shape ContractClient records).
 */
export async function exchange(url: string, request: Buffer, timeoutMs = 20_000): Promise<Reply> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise<Reply>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (ended: boolean, error?: Error) => {
      if (settled) return;
      const parsed = parseResponse(Buffer.concat(chunks), ended);
      if (!parsed && !ended && !error) return;
      settled = true;
      socket.destroy();
      if (parsed) resolve({ ...parsed, ms: performance.now() - started });
      else reject(error ?? new Error(`no whole HTTP response: ${Buffer.concat(chunks).toString("latin1")}`));
    };
    socket.setTimeout(timeoutMs, () => settle(true, new Error(`no answer within ${timeoutMs} ms`)));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      settle(false);
    });
    socket.on("end", () => settle(true));
    socket.on("close", () => settle(true));
    // A server may answer and hang up before reading all of a long request: what it
    // sent first still counts.
    socket.on("error", (error) => settle(true, error));
    socket.write(request);
  });
}

function parseResponse(bytes: Buffer, ended: boolean): Omit<Reply, "ms"> | undefined {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine = "", ...lines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`not an HTTP status line: ${statusLine}`);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = bytes.subarray(headEnd + 4);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const decoded = dechunk(body);
    if (!decoded) return undefined;
    body = decoded;
  } else if (headers.has("content-length")) {
    const length = Number(headers.get("content-length"));
    if (body.length < length) return undefined;
    body = body.subarray(0, length);
  } else if (!ended && status !== 204 && status !== 304) {
    return undefined;
  }
  const text = body.toString("utf8");
  let json: Json;
  if ((headers.get("content-type") ?? "").includes("json") && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status, headers, json, text };
}

function dechunk(body: Buffer): Buffer | undefined {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(out);
    if (body.length < lineEnd + 2 + size + 2) return undefined;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** One part of a multipart/form-data body, its Content-Disposition written out in full. */
export interface Part {
  disposition: string | Buffer;
  type?: string;
  content: string | Uint8Array;
  /** More header lines for the part, each without CRLF. */
  extraHeaders?: string[];
}

/** A `file` part the way browsers write one. */
export function filePart(
  filename: string | Buffer,
  content: string | Uint8Array = "hello",
  type = "text/plain",
  name: string | Buffer = "file",
): Part {
  return {
    disposition: Buffer.concat([
      Buffer.from('form-data; name="'),
      Buffer.from(name),
      Buffer.from('"; filename="'),
      Buffer.from(filename),
      Buffer.from('"'),
    ]),
    type,
    content,
  };
}

/** A plain form field: a part without a filename. */
export function fieldPart(name: string | Buffer, content: string): Part {
  return {
    disposition: Buffer.concat([Buffer.from('form-data; name="'), Buffer.from(name), Buffer.from('"')]),
    content,
  };
}

const BOUNDARY = "contract-boundary-7MA4YWxkTrZu0gW";

/** A multipart/form-data body and its Content-Type, the parts' bytes exactly as given. */
export function multipart(parts: Part[]): { body: Uint8Array; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: `), Buffer.from(part.disposition));
    chunks.push(Buffer.from("\r\n"));
    if (part.type) chunks.push(Buffer.from(`Content-Type: ${part.type}\r\n`));
    for (const line of part.extraHeaders ?? []) chunks.push(Buffer.from(`${line}\r\n`));
    chunks.push(Buffer.from("\r\n"), Buffer.from(part.content), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(chunks)),
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
  };
}
