import { afterAll, beforeAll, describe } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { fullStacks } from "../helpers/matrix.js";
import { authChecks } from "./checks/auth.js";
import { corsChecks } from "./checks/cors.js";
import { envelopeChecks } from "./checks/envelope.js";
import { itemChecks } from "./checks/items.js";
import { leakChecks } from "./checks/leaks.js";
import { paginationChecks } from "./checks/pagination.js";
import { taskChecks } from "./checks/tasks.js";
import { uploadChecks } from "./checks/uploads.js";
import { ContractClient } from "./client.js";
import type { Ctx } from "./context.js";
import { launch } from "./harness.js";
import { contractStacks, printTable, recordRow } from "./table.js";

/**
 * The black-box contract: every stack, generated and started under its
 * production server, answers api-contract.md over HTTP, as a client sees it.
 */
let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-contract-");
});
afterAll(async () => {
  printTable();
  await root.cleanup();
});

describe.each(contractStacks(fullStacks()).map((s) => [s.id, s] as const))("%s", (_id, stack) => {
  let ctx: Ctx | undefined;
  const get = (): Ctx => {
    if (!ctx) throw new Error("the stack did not start");
    return ctx;
  };
  beforeAll(async () => {
    const live = await launch(stack, root.path);
    ctx = {
      live,
      client: new ContractClient(live.api),
      auth: stack.answers.auth === "jwt",
      has: (feature) => stack.answers.features.includes(feature as never),
    };
  });
  afterAll(async (suite) => {
    recordRow(stack.id, suite, ctx?.client.replies ?? []);
    await ctx?.live.stop();
  });

  envelopeChecks(get, stack);
  authChecks(get, stack);
  itemChecks(get, stack);
  paginationChecks(get, stack);
  uploadChecks(get, stack);
  taskChecks(get, stack);
  corsChecks(get, stack);
  leakChecks(get);
});
