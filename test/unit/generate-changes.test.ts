import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyAtomically, describe as diff } from "../../src/generate/changes.js";
import { tempDir } from "../helpers/cli.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
  await mkdir(join(dir.path, "app"));
  await writeFile(join(dir.path, "app/router.py"), "a\n# marker\n");
  await writeFile(join(dir.path, "app/old.py"), "old\n");
});
afterEach(async () => {
  await dir.cleanup();
});

const read = (p: string) => readFile(join(dir.path, p), "utf8");

describe("applying a change set", () => {
  it("creates, updates and deletes", async () => {
    await applyAtomically(dir.path, [
      { kind: "create", path: "app/models/product.py", after: "class Product: ...\n" },
      { kind: "update", path: "app/router.py", before: "a\n# marker\n", after: "a\nb\n# marker\n" },
      { kind: "delete", path: "app/old.py", before: "old\n" },
    ]);
    expect(await read("app/models/product.py")).toBe("class Product: ...\n");
    expect(await read("app/router.py")).toBe("a\nb\n# marker\n");
    expect((await readdir(join(dir.path, "app"))).sort()).toEqual(["models", "router.py"]);
  });

  it("puts everything back when one change fails", async () => {
    await expect(
      applyAtomically(dir.path, [
        { kind: "create", path: "app/models/product.py", after: "x\n" },
        { kind: "update", path: "app/router.py", before: "a\n# marker\n", after: "changed\n" },
        // Deleting a file that is not there fails after the others were applied.
        { kind: "delete", path: "app/missing.py", before: "" },
      ]),
    ).rejects.toThrow("could not apply the changes");
    expect(await read("app/router.py")).toBe("a\n# marker\n");
    expect((await readdir(join(dir.path, "app"))).sort()).toEqual(["old.py", "router.py"]);
  });
});

describe("the dry-run diff", () => {
  it("shows new files and edits as a unified diff", () => {
    const text = diff([
      { kind: "create", path: "app/x.py", after: "x = 1\n" },
      { kind: "update", path: "app/router.py", before: "a\n# marker\n", after: "a\nb\n# marker\n" },
    ]);
    expect(text).toContain("--- /dev/null\n+++ b/app/x.py");
    expect(text).toContain("+x = 1");
    expect(text).toContain("--- a/app/router.py\n+++ b/app/router.py");
    expect(text).toContain(" a\n+b\n # marker");
  });
});
