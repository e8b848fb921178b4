import { describe, expect, it } from "vitest";
import { describe as diff } from "../../src/tree/change.js";
import { type FileSource, memorySource } from "../../src/tree/source.js";
import { newTree, Tree } from "../../src/tree/tree.js";

const base = new Map([
  ["README.md", "# hi\n"],
  ["app/router.py", "a\n# marker\n"],
  ["app/models/item.py", "class Item: ...\n"],
]);
const tree = () => new Tree(memorySource(base));

describe("a tree", () => {
  it("reads through to its base until a file is written or deleted", () => {
    const t = tree();
    expect(t.read("README.md")).toBe("# hi\n");
    expect(t.exists("app/router.py")).toBe(true);
    expect(t.read("missing.py")).toBeUndefined();
    expect(t.exists("missing.py")).toBe(false);
    t.write("README.md", "# changed\n");
    t.delete("app/router.py");
    expect(t.read("README.md")).toBe("# changed\n");
    expect(t.read("app/router.py")).toBeUndefined();
    expect(t.exists("app/router.py")).toBe(false);
  });

  it("lists no changes before anything is written", () => {
    expect(tree().listChanges()).toEqual([]);
  });

  it("lists a new file as a create, an overwrite as an update and a deletion as a delete, with before and after", () => {
    const t = tree();
    t.write("app/models/product.py", "class Product: ...\n");
    t.write("app/router.py", "a\nb\n# marker\n");
    t.delete("README.md");
    expect(t.listChanges()).toEqual([
      { kind: "create", path: "app/models/product.py", after: "class Product: ...\n" },
      { kind: "update", path: "app/router.py", before: "a\n# marker\n", after: "a\nb\n# marker\n" },
      { kind: "delete", path: "README.md", before: "# hi\n" },
    ]);
  });

  it("lists changes in the order files were first written, which is the order plans are shown in", () => {
    const t = tree();
    t.write("z.py", "1\n");
    t.write("a.py", "1\n");
    t.write("z.py", "2\n");
    expect(t.listChanges().map((c) => c.path)).toEqual(["z.py", "a.py"]);
  });

  it("lists no change for a file written back to what the base holds", () => {
    const t = tree();
    t.write("README.md", "# changed\n");
    t.write("README.md", "# hi\n");
    t.delete("app/router.py");
    t.write("app/router.py", "a\n# marker\n");
    expect(t.listChanges()).toEqual([]);
  });

  it("lists no change for a file created then deleted, or deleted when it never existed", () => {
    const t = tree();
    t.write("new.py", "x\n");
    t.delete("new.py");
    t.delete("never.py");
    expect(t.listChanges()).toEqual([]);
  });

  it("lists a file deleted then written again as an update", () => {
    const t = tree();
    t.delete("README.md");
    t.write("README.md", "# again\n");
    expect(t.listChanges()).toEqual([
      { kind: "update", path: "README.md", before: "# hi\n", after: "# again\n" },
    ]);
  });

  it("lists a folder's entries: the base's, plus files written, less files deleted, sorted", () => {
    const t = tree();
    t.write("app/api/routes.py", "x\n");
    t.delete("app/router.py");
    expect(t.children("app")).toEqual(["api", "models"]);
    expect(t.children("")).toEqual(["README.md", "app"]);
    expect(t.children("app/models")).toEqual(["item.py"]);
    expect(t.children("nowhere")).toEqual([]);
  });

  it("reads its base lazily, once per file, so a change's before is what the plan saw", () => {
    const reads: string[] = [];
    const counting: FileSource = {
      read: (path) => {
        reads.push(path);
        return base.get(path);
      },
      list: () => [],
    };
    const t = new Tree(counting);
    expect(reads).toEqual([]);
    t.read("README.md");
    t.read("README.md");
    t.write("README.md", "# changed\n");
    t.listChanges();
    expect(reads).toEqual(["README.md"]);
  });

  it("keeps its own copy of an in-memory base", () => {
    const files = new Map([["a.py", "1\n"]]);
    const t = new Tree(memorySource(files));
    files.set("a.py", "2\n");
    expect(t.read("a.py")).toBe("1\n");
  });
});

describe("a new project's tree", () => {
  it("stands on nothing, so every file is a create", () => {
    const t = newTree(base);
    expect(t.isNew).toBe(true);
    expect(t.listChanges().map((c) => c.kind)).toEqual(["create", "create", "create"]);
    expect(tree().isNew).toBe(false);
  });
});

describe("the dry-run diff of a tree's changes", () => {
  it("shows new files, edits and deletions as a unified diff", () => {
    const t = tree();
    t.write("app/x.py", "x = 1\n");
    t.write("app/router.py", "a\nb\n# marker\n");
    t.delete("README.md");
    const text = diff(t.listChanges());
    expect(text).toContain("--- /dev/null\n+++ b/app/x.py");
    expect(text).toContain("+x = 1");
    expect(text).toContain("--- a/app/router.py\n+++ b/app/router.py");
    expect(text).toContain(" a\n+b\n # marker");
    expect(text).toContain("--- a/README.md\n+++ /dev/null");
    expect(text).toContain("-# hi");
  });
});
