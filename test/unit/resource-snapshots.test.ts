import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planGenerate } from "../../src/generate/generate.js";
import { findProject } from "../../src/generate/project.js";
import { type Change, describe as diff } from "../../src/tree/change.js";
import { flushChanges } from "../../src/tree/flush.js";
import { newTree } from "../../src/tree/tree.js";
import { tempDir } from "../helpers/cli.js";
import { fullStacks } from "../helpers/matrix.js";
import { EVERY_TYPE } from "../helpers/resources.js";
import { SnapshotStore, type TextsByStack } from "../helpers/snapshot-store.js";
import { describeSnapshots } from "../helpers/snapshot-tests.js";
import { renderStack, type Stack } from "../helpers/stacks.js";

const FOLDER = { create: "created", update: "updated", delete: "deleted" } as const;

/**
 * What `generate resource` with the every-type resource does to a stack's
 * project: the files it creates, then the ones it edits, each in the plan's
 * order; the manifest's update left out.
 */
async function generateEveryType(stack: Stack, dir: string): Promise<Change[]> {
  await flushChanges(dir, newTree(renderStack(stack)));
  const [name, ...fields] = EVERY_TYPE as [string, ...string[]];
  const plan = await planGenerate(findProject(dir).tree, { name, fields, force: false });
  const created = plan.changes.filter((c) => c.kind === "create");
  const edits = plan.changes.filter((c) => c.kind !== "create" && c.path !== ".create-backend.json");
  return [...created, ...edits];
}

/**
 * Changes as reviewable texts: `changes`, one line per change, in order; each
 * created file's contents; each edit's diff, as a dry run prints it.
 */
function changeTexts(changes: readonly Change[]): Map<string, string> {
  const texts = new Map([["changes", changes.map((c) => `${c.kind} ${c.path}\n`).join("")]]);
  for (const c of changes)
    texts.set(`${FOLDER[c.kind]}/${c.path}`, c.kind === "create" ? c.after : diff([c]));
  return texts;
}

const generated: TextsByStack = new Map();
const root = await tempDir("cb-resource-snap-");
try {
  for (const s of fullStacks())
    generated.set(s.id, changeTexts(await generateEveryType(s, `${root.path}/${s.id}`)));
} finally {
  await root.cleanup();
}

describe("generate resource, every field type, on each full stack", () => {
  it.each([...generated])("%s creates the resource's files", (_id, texts) => {
    expect([...texts.keys()].some((key) => key.startsWith("created/") && key.includes("gadget"))).toBe(true);
  });

  describeSnapshots(
    new SnapshotStore(fileURLToPath(new URL("__snapshots__/resources", import.meta.url)), fullStacks()),
    generated,
  );
});
