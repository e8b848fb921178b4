import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { ContractClient } from "../client.js";
import { account, type CtxGetter, item } from "../context.js";
import { recordExtra } from "../table.js";

const CLIENTS = 50;
const ITEMS_EACH = 40;

/**
 * 50 clients creating 40 items each, all at once, against a server with 4
 * workers: every row kept, no 5xx, no "database is locked", exact totals.
 */
export function concurrencyChecks(get: CtxGetter, _stack: Stack, stackId: string): void {
  it(`keeps all ${CLIENTS * ITEMS_EACH} rows written by ${CLIENTS} concurrent clients`, async () => {
    const ctx = get();
    const before = (await ctx.client.get("/items?limit=1")).json.pagination.total as number;
    const accounts = await Promise.all(Array.from({ length: CLIENTS }, () => account(ctx)));
    const statuses = new Map<number, number>();
    const bodies: string[] = [];
    await Promise.all(
      accounts.map(async (a, n) => {
        const client = new ContractClient(ctx.live.api);
        for (let i = 0; i < ITEMS_EACH; i++) {
          const reply = await client.post("/items", { json: item({ name: `c${n}-${i}` }), token: a.token });
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          if (reply.status !== 201) bodies.push(reply.text);
        }
      }),
    );
    const after = (await ctx.client.get("/items?limit=1")).json.pagination.total as number;
    const kept = after - before;
    recordExtra(stackId, "writes kept", `${kept}/${CLIENTS * ITEMS_EACH}`);
    expect(bodies.slice(0, 3)).toEqual([]);
    expect(Object.fromEntries(statuses)).toEqual({ 201: CLIENTS * ITEMS_EACH });
    expect(kept).toBe(CLIENTS * ITEMS_EACH);
    expect(bodies.join("")).not.toMatch(/database is locked/i);
  });
}
