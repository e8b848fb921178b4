import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import type { CtxGetter } from "../context.js";

export function corsChecks(get: CtxGetter, stack: Stack): void {
  const preflight = (origin: string) =>
    get().client.call("OPTIONS", "/items", {
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
  if (!stack.answers.features.includes("cors")) {
    it("without cors, no Access-Control header is ever sent", async () => {
      const reply = await preflight("http://localhost:3000");
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    });
    return;
  }

  it("a preflight from the allowed origin gets explicit methods and headers, never a wildcard", async () => {
    const reply = await preflight("http://localhost:3000");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const methods = reply.headers.get("access-control-allow-methods") ?? "";
    expect(methods).toContain("POST");
    expect(methods).not.toContain("*");
    expect((reply.headers.get("access-control-allow-headers") ?? "").toLowerCase()).toContain(
      "authorization",
    );
    expect(reply.headers.get("x-request-id")).toBeTruthy();
  });

  it("a preflight from another origin gets no Access-Control-Allow-Origin", async () => {
    const reply = await preflight("https://evil.example");
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect(reply.headers.get("x-request-id")).toBeTruthy();
  });

  it("a simple request from the allowed origin exposes X-Request-ID", async () => {
    const reply = await get().client.get("/health", { headers: { origin: "http://localhost:3000" } });
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect((reply.headers.get("access-control-expose-headers") ?? "").toLowerCase()).toContain(
      "x-request-id",
    );
  });
}
