import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { type Account, account, type Ctx, type CtxGetter, expectError, expectSuccess } from "../context.js";

async function settle(
  ctx: Ctx,
  a: Account,
  id: number,
): Promise<{ status: string; result: unknown; error: unknown; attempts: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const data = expectSuccess(await ctx.client.get(`/tasks/${id}`, { token: a.token }), 200);
    if (data.status === "done" || data.status === "failed" || Date.now() > deadline) return data;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function taskChecks(get: CtxGetter, stack: Stack): void {
  if (!stack.answers.features.includes("tasks")) return;
  const auth = stack.answers.auth === "jwt";

  it("an echo task is accepted (202, pending) and ends done with its payload as result", async () => {
    const a = await account(get());
    const reply = await get().client.post("/tasks", {
      json: { kind: "echo", payload: { n: 1, s: "🙂" } },
      token: a.token,
    });
    const task = expectSuccess(reply, 202);
    expect(task).toMatchObject({ kind: "echo", status: "pending" });
    expect(await settle(get(), a, task.id)).toMatchObject({
      status: "done",
      result: { n: 1, s: "🙂" },
      error: null,
    });
  });

  it("a failing task is retried with backoff, then ends failed with its message after 3 attempts; the payload defaults to {}", async () => {
    const a = await account(get());
    const failing = expectSuccess(
      await get().client.post("/tasks", { json: { kind: "echo", payload: { fail: true } }, token: a.token }),
      202,
    );
    const settled = await settle(get(), a, failing.id);
    expect(settled).toMatchObject({ status: "failed", attempts: 3, error: "echo was asked to fail" });
    const empty = expectSuccess(
      await get().client.post("/tasks", { json: { kind: "echo" }, token: a.token }),
      202,
    );
    expect(await settle(get(), a, empty.id)).toMatchObject({ status: "done", result: {} });
  });

  it("an unknown kind or a non-object payload is a 400", async () => {
    const a = await account(get());
    expectError(
      await get().client.post("/tasks", { json: { kind: "rm -rf" }, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(
      await get().client.post("/tasks", { json: { kind: "echo", payload: [1] }, token: a.token }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(await get().client.get("/tasks/abc", { token: a.token }), 404, "NOT_FOUND");
  });

  if (auth) {
    it("tasks need a token and only the owner may read one", async () => {
      const owner = await account(get());
      const other = await account(get());
      expectError(await get().client.post("/tasks", { json: { kind: "echo" } }), 401, "UNAUTHORIZED");
      const { id } = expectSuccess(
        await get().client.post("/tasks", { json: { kind: "echo" }, token: owner.token }),
        202,
      );
      expectError(await get().client.get(`/tasks/${id}`, { token: other.token }), 403, "FORBIDDEN");
    });
  }
}
