import { afterEach, beforeEach } from "vitest";
import { flushChanges } from "../../src/tree/flush.js";
import { newTree } from "../../src/tree/tree.js";
import { tempDir } from "./cli.js";
import { renderStack, stack } from "./stacks.js";

/**
 * A freshly rendered default project (no features) in a temp dir for each test;
 * `path()` is its root.
 */
export function renderedProjectPerTest(prefix: string): { path: () => string } {
  let dir: { path: string; cleanup: () => Promise<void> } | undefined;
  beforeEach(async () => {
    dir = await tempDir(prefix);
    await flushChanges(`${dir.path}/p`, newTree(renderStack(stack({ features: [] }))));
  });
  afterEach(async () => {
    await dir?.cleanup();
  });
  return { path: () => `${dir?.path}/p` };
}
