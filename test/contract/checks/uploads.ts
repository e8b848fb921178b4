import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError, expectSuccess } from "../context.js";

function form(name: string, bytes: Uint8Array | string, type = "text/plain"): FormData {
  const data = new FormData();
  data.append("file", new Blob([bytes], { type }), name);
  return data;
}

export function uploadChecks(get: CtxGetter, stack: Stack): void {
  if (!stack.answers.features.includes("uploads")) return;
  const auth = stack.answers.auth === "jwt";

  it("stores an upload and serves its bytes back with its content type", async () => {
    const { client } = get();
    const a = await account(get());
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const created = expectSuccess(
      await client.post("/uploads", { body: form("pic.png", bytes, "image/png"), token: a.token }),
      201,
    );
    expect(created).toMatchObject({ filename: "pic.png", size: 8, content_type: "image/png" });
    const res = await fetch(`${get().live.api}/uploads/${created.id}`, {
      headers: a.token ? { authorization: `Bearer ${a.token}` } : {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/png/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it("keeps hostile file names as sanitised metadata only", async () => {
    const { client } = get();
    const a = await account(get());
    for (const name of [
      "../../etc/passwd",
      "/abs/path.txt",
      "a\\..\\b.txt",
      "a\u0000b.txt",
      `${"x".repeat(300)}.txt`,
      "..",
      "  ",
    ]) {
      const reply = await client.post("/uploads", { body: form(name, "hello"), token: a.token });
      const data = expectSuccess(reply, 201);
      expect(data.filename).not.toMatch(/[/\\]|\.\./);
      expect(data.filename.includes("\0")).toBe(false);
      expect([...data.filename].length).toBeLessThanOrEqual(255);
      const back = await fetch(`${get().live.api}/uploads/${data.id}`, {
        headers: a.token ? { authorization: `Bearer ${a.token}` } : {},
      });
      expect(await back.text()).toBe("hello");
    }
  });

  it("refuses a type outside UPLOAD_ALLOWED_TYPES and a non-multipart body with 415", async () => {
    const { client } = get();
    const a = await account(get());
    expectError(
      await client.post("/uploads", {
        body: form("x.exe", "MZ", "application/x-msdownload"),
        token: a.token,
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await client.post("/uploads", { json: { file: "x" }, token: a.token }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("refuses an upload over MAX_UPLOAD_BYTES with 413, and a missing file field with 400", async () => {
    const { client } = get();
    const a = await account(get());
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    expectError(
      await client.post("/uploads", { body: form("big.txt", big), token: a.token }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const wrongField = new FormData();
    wrongField.append("other", new Blob(["x"], { type: "text/plain" }), "x.txt");
    expectError(await client.post("/uploads", { body: wrongField, token: a.token }), 400, "VALIDATION_ERROR");
  });

  if (auth) {
    it("uploads need a token, and only the owner may read one", async () => {
      const { client } = get();
      const owner = await account(get());
      const other = await account(get());
      expectError(await client.post("/uploads", { body: form("a.txt", "x") }), 401, "UNAUTHORIZED");
      const { id } = expectSuccess(
        await client.post("/uploads", { body: form("a.txt", "x"), token: owner.token }),
        201,
      );
      expectError(await client.get(`/uploads/${id}`, { token: other.token }), 403, "FORBIDDEN");
      expectError(await client.get(`/uploads/${id}`), 401, "UNAUTHORIZED");
      expectError(await client.get("/uploads/99999999", { token: owner.token }), 404, "NOT_FOUND");
    });
  }
}
