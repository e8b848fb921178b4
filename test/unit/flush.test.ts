import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diskSource } from "../../src/tree/disk-source.js";
import { assertWritableTarget, flushChanges } from "../../src/tree/flush.js";
import { newTree, Tree } from "../../src/tree/tree.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cb-flush-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const read = (path: string) => readFile(join(root, path), "utf8");

describe("flushing a new project", () => {
  const files = new Map([
    ["README.md", "# hi\n"],
    ["app/core/config.py", "x = 1\n"],
    [".gitignore", ".env\n"],
  ]);

  it("writes every file into a new directory", async () => {
    await flushChanges(join(root, "p"), newTree(files));
    expect(await read("p/app/core/config.py")).toBe("x = 1\n");
    expect((await readdir(join(root, "p"))).sort()).toEqual([".gitignore", "README.md", "app"]);
    expect(await readdir(root)).toEqual(["p"]);
  });

  it("fills an existing empty directory", async () => {
    await mkdir(join(root, "p"));
    await flushChanges(join(root, "p"), newTree(files));
    expect(await read("p/README.md")).toBe("# hi\n");
  });

  it("refuses a directory that holds anything", async () => {
    await mkdir(join(root, "p"));
    await writeFile(join(root, "p/mine.txt"), "keep me");
    expect(() => assertWritableTarget(join(root, "p"))).toThrow("already exists and is not empty");
  });

  it("refuses a target that is a file", async () => {
    await writeFile(join(root, "p"), "");
    expect(() => assertWritableTarget(join(root, "p"))).toThrow("exists and is not a directory");
  });

  it("refuses a symbolic link, to a folder or to nothing", async () => {
    await mkdir(join(root, "empty"));
    await symlink(join(root, "empty"), join(root, "linked"));
    await symlink(join(root, "nowhere"), join(root, "dangling"));
    expect(() => assertWritableTarget(join(root, "linked"))).toThrow("linked is a symbolic link");
    expect(() => assertWritableTarget(join(root, "dangling"))).toThrow("dangling is a symbolic link");
    expect(() => assertWritableTarget(join(root, "absent"))).not.toThrow();
  });

  it("leaves nothing behind when a write fails part-way", async () => {
    // "a" is both a file and a directory: the second write must fail.
    const broken = new Map([
      ["a", "file"],
      ["a/b", "child"],
    ]);
    await expect(flushChanges(join(root, "p"), newTree(broken))).rejects.toThrow("cannot write the project");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses, and keeps the intruder's files, when the target filled up after the check", async () => {
    await mkdir(join(root, "p"));
    await writeFile(join(root, "p/theirs.txt"), "theirs");
    await expect(flushChanges(join(root, "p"), newTree(files))).rejects.toThrow(
      "was created by something else while the project was being written",
    );
    expect(await readdir(root)).toEqual(["p"]);
    expect(await readdir(join(root, "p"))).toEqual(["theirs.txt"]);
  });
});

describe("flushing changes to an existing project", () => {
  let tree: Tree;
  beforeEach(async () => {
    await mkdir(join(root, "app"));
    await writeFile(join(root, "app/router.py"), "a\n# marker\n");
    await writeFile(join(root, "app/old.py"), "old\n");
    tree = new Tree(diskSource(root));
  });

  it("creates, updates and deletes, and removes a folder a deletion emptied", async () => {
    tree.write("app/models/product.py", "class Product: ...\n");
    tree.write("app/router.py", "a\nb\n# marker\n");
    tree.delete("app/old.py");
    await flushChanges(root, tree);
    expect(await read("app/models/product.py")).toBe("class Product: ...\n");
    expect(await read("app/router.py")).toBe("a\nb\n# marker\n");
    expect((await readdir(join(root, "app"))).sort()).toEqual(["models", "router.py"]);

    const again = new Tree(diskSource(root));
    again.delete("app/models/product.py");
    await flushChanges(root, again);
    expect((await readdir(join(root, "app"))).sort()).toEqual(["router.py"]);
  });

  it("puts everything back when one change fails", async () => {
    tree.write("app/models/product.py", "x\n");
    tree.write("app/router.py", "changed\n");
    expect(tree.read("app/old.py")).toBe("old\n");
    tree.delete("app/old.py");
    // The file goes after the plan read it: deleting it fails after the others were applied.
    await rm(join(root, "app/old.py"));
    await expect(flushChanges(root, tree)).rejects.toThrow("could not apply the changes");
    expect(await read("app/router.py")).toBe("a\n# marker\n");
    expect((await readdir(join(root, "app"))).sort()).toEqual(["router.py"]);
  });

  it("keeps an executable file executable, written over or moved to a new path", async () => {
    await writeFile(join(root, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    const owned = new Tree(diskSource(root));
    owned.write("run.sh", "#!/bin/sh\necho hi\n");
    owned.write("bin/serve.sh", "#!/bin/sh\n", { executable: true });
    owned.write("app/new.py", "x = 1\n");
    owned.delete("app/old.py");
    await flushChanges(root, owned);
    const executable = async (path: string) => ((await stat(join(root, path))).mode & 0o111) !== 0;
    expect(await executable("run.sh")).toBe(true);
    expect(await executable("bin/serve.sh")).toBe(true);
    expect(await executable("app/new.py")).toBe(false);
  });

  it("writes nothing when nothing changed", async () => {
    tree.write("app/router.py", "a\n# marker\n");
    await flushChanges(root, tree);
    expect((await readdir(join(root, "app"))).sort()).toEqual(["old.py", "router.py"]);
  });
});
