import type { Answers } from "../../src/options.js";
import type { Change } from "../../src/tree/change.js";
import { memorySource } from "../../src/tree/source.js";
import { Tree } from "../../src/tree/tree.js";
import { renderStack, stack } from "./stacks.js";

const rendered = new Map<string, Map<string, string>>();

/** A freshly rendered project (no features unless asked), as files in memory: no disk. */
export function renderedFiles(answers: Partial<Answers> = {}): Map<string, string> {
  const s = stack({ features: [], ...answers });
  if (!rendered.has(s.id)) rendered.set(s.id, renderStack(s));
  return new Map(rendered.get(s.id));
}

/** A tree over those files: what a plan reads and writes. */
export function treeOver(files: ReadonlyMap<string, string>): Tree {
  return new Tree(memorySource(files));
}

/** The files after a plan, as flushing it would leave the project. */
export function withChanges(
  files: ReadonlyMap<string, string>,
  changes: readonly Change[],
): Map<string, string> {
  const next = new Map(files);
  for (const c of changes) {
    if (c.kind === "delete") next.delete(c.path);
    else next.set(c.path, c.after);
  }
  return next;
}

export const paths = (changes: readonly Change[], kind: Change["kind"]): string[] =>
  changes.filter((c) => c.kind === kind).map((c) => c.path);

/** What `generate resource product name:string` writes on the default stack, migration aside, in plan order. */
export const PRODUCT_FILES = [
  "app/schemas/product.py",
  "app/services/products.py",
  "tests/api/test_products.py",
  "tests/api/test_products_list_queries.py",
  "tests/support/products.py",
  "app/api/v1/routes/products.py",
  "app/models/product.py",
  "app/repositories/products.py",
];
