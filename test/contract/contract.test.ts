import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { fullStacks } from "../helpers/matrix.js";
import type { Stack } from "../helpers/stacks.js";
import { authChecks } from "./checks/auth.js";
import { concurrencyChecks } from "./checks/concurrency.js";
import { corsChecks } from "./checks/cors.js";
import { envelopeChecks } from "./checks/envelope.js";
import { hostileChecks } from "./checks/hostile.js";
import { itemChecks } from "./checks/items.js";
import { leakChecks } from "./checks/leaks.js";
import { listQueryChecks } from "./checks/list-queries.js";
import { logChecks } from "./checks/logs.js";
import { openapiChecks } from "./checks/openapi.js";
import { paginationChecks } from "./checks/pagination.js";
import { propertyChecks } from "./checks/property.js";
import { readinessChecks } from "./checks/readiness.js";
import { relationChecks } from "./checks/relations.js";
import { resourceChecks } from "./checks/resource.js";
import { schemathesisChecks } from "./checks/schemathesis.js";
import { rateLimitChecks, securityHeaderChecks } from "./checks/security.js";
import { taskChecks } from "./checks/tasks.js";
import { uploadChecks } from "./checks/uploads.js";
import { ContractClient } from "./client.js";
import type { Ctx } from "./context.js";
import { launch } from "./harness.js";
import { recordTranscript, type Transcript, twinOf } from "./parity.js";
import { printTable, recordRow } from "./table.js";

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

/** CONTRACT_STACKS=id,id runs some stacks only (a full run takes half an hour). */
function selectedStacks(): Stack[] {
  const all = fullStacks();
  const wanted = process.env.CONTRACT_STACKS?.split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (!wanted?.length) return all;
  const unknown = wanted.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length > 0)
    throw new Error(
      `CONTRACT_STACKS: unknown ${unknown.join(", ")}; known: ${all.map((s) => s.id).join(", ")}`,
    );
  return all.filter((s) => wanted.includes(s.id));
}

const stacks = selectedStacks();
const everyStack = stacks.length === fullStacks().length;
const transcripts = new Map<string, Transcript>();

describe.each(stacks.map((s) => [s.id, s] as const))("%s", (_id, stack) => {
  let ctx: Ctx | undefined;
  const get = (): Ctx => {
    if (!ctx) throw new Error("the stack did not start");
    return ctx;
  };
  beforeAll(async () => {
    const live = await launch(stack, root.path, { resource: true });
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
  readinessChecks(get, stack);
  openapiChecks(get, stack);
  authChecks(get, stack);
  itemChecks(get, stack);
  paginationChecks(get, stack);
  listQueryChecks(get, stack);
  relationChecks(get, stack);
  uploadChecks(get, stack);
  taskChecks(get, stack);
  corsChecks(get, stack);
  securityHeaderChecks(get, stack);
  rateLimitChecks(get, stack);
  resourceChecks(get, stack);
  hostileChecks(get, stack);
  it("records the parity transcript", async () => {
    transcripts.set(stack.id, await recordTranscript(new ContractClient(get().live.api), stack));
  });
  schemathesisChecks(get, stack);
  propertyChecks(get, stack);
  leakChecks(get);
  logChecks(get);
});

describe.each(stacks.map((s) => [s.id, s] as const))("%s under 4 workers", (_id, stack) => {
  let ctx: Ctx | undefined;
  beforeAll(async () => {
    const live = await launch(stack, root.path, { workers: 4, name: `${stack.id}-w4` });
    ctx = {
      live,
      client: new ContractClient(live.api),
      auth: stack.answers.auth === "jwt",
      has: () => false,
    };
  });
  afterAll(async () => {
    await ctx?.live.stop();
  });
  concurrencyChecks(() => ctx as Ctx, stack, stack.id);
});

describe("FastAPI and Flask answer the same sequence identically", () => {
  const pairs = stacks.filter(
    (s) => s.answers.framework === "flask" && stacks.some((t) => t.id === twinOf(s)),
  );
  it.skipIf(!everyStack)("compares all 8 pairs", () => {
    expect(pairs.length).toBe(8);
  });
  for (const flask of pairs) {
    it(`${flask.id} matches ${twinOf(flask)}`, () => {
      expect(transcripts.get(flask.id)).toEqual(transcripts.get(twinOf(flask)));
    });
  }
});
