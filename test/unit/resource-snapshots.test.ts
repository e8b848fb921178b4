import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planGenerate } from "../../src/generate/generate.js";
import { findProject } from "../../src/generate/project.js";
import { describe as diff } from "../../src/tree/change.js";
import { flushChanges } from "../../src/tree/flush.js";
import { newTree } from "../../src/tree/tree.js";
import { tempDir } from "../helpers/cli.js";
import { fullStacks } from "../helpers/matrix.js";
import { EVERY_TYPE } from "../helpers/resources.js";
import { renderStack } from "../helpers/stacks.js";

/** What `generate resource` writes and edits, per stack, as reviewable file snapshots. */
let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-resource-snap-");
});
afterAll(async () => {
  await root.cleanup();
});

describe.each(fullStacks().map((s) => [s.id, s] as const))("%s", (id, stack) => {
  it("generates the every-type resource as in its snapshot", async () => {
    const dir = `${root.path}/${id}`;
    await flushChanges(dir, newTree(renderStack(stack)));
    const [name, ...fields] = EVERY_TYPE as [string, ...string[]];
    const plan = await planGenerate(findProject(dir).tree, { name, fields, force: false });
    const created = plan.changes.filter((c) => c.kind === "create").map((c) => c.path);
    expect(created.some((p) => p.includes("gadget"))).toBe(true);
    const edits = plan.changes.filter((c) => c.kind !== "create" && c.path !== ".create-backend.json");
    await expect(diff([...plan.changes.filter((c) => c.kind === "create"), ...edits])).toMatchFileSnapshot(
      `__snapshots__/resources/${id}.diff`,
    );
  });
});
