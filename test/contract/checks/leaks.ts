import { expect, it } from "vitest";
import { type CtxGetter, PASSWORD } from "../context.js";

/** What must never reach a client: secrets, hashes, internals. */
const LEAKS: [string, RegExp][] = [
  ["a bcrypt hash", /\$2[aby]\$\d\d\$/],
  ["a password field", /"(password|password_hash|hashed_password)"\s*:/],
  ["a Python traceback", /Traceback \(most recent call last\)|File "\//],
  ["SQL text", /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/],
  ["a driver name", /sqlalchemy|psycopg|sqlite3\.|IntegrityError|OperationalError/i],
  ["a Python class name or codec error", /<class '\w|codec can't|surrogates not allowed|Expected UploadFile/],
];

export function leakChecks(get: CtxGetter): void {
  it("the server's log holds no password, token, Authorization header or password hash", () => {
    const { client, live } = get();
    const log = live.server.output();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(log).not.toMatch(/authorization|bearer /i);
    for (const reply of client.replies) {
      const token = reply.json?.data?.access_token;
      if (typeof token === "string") expect(log).not.toContain(token);
    }
  });

  it("no reply so far held a password hash, a stack trace, SQL, a driver error or a Python class name", () => {
    const { client } = get();
    expect(client.replies.length).toBeGreaterThan(20);
    for (const reply of client.replies) {
      if (reply.json?.openapi) continue; // the document names fields such as "password" by design
      for (const [what, pattern] of LEAKS) {
        expect(
          pattern.test(reply.text),
          `a ${reply.status} reply held ${what}: ${reply.text.slice(0, 300)}`,
        ).toBe(false);
      }
    }
  });
}
