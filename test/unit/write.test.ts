import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertWritableTarget, writeProjectAtomically } from "../../src/write.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cb-write-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const files = new Map([
  ["README.md", "# hi\n"],
  ["app/core/config.py", "x = 1\n"],
  [".gitignore", ".env\n"],
]);

describe("writing a project", () => {
  it("writes every file into a new directory", async () => {
    await writeProjectAtomically(join(root, "p"), files);
    expect(await readFile(join(root, "p/app/core/config.py"), "utf8")).toBe("x = 1\n");
    expect((await readdir(join(root, "p"))).sort()).toEqual([".gitignore", "README.md", "app"]);
    expect(await readdir(root)).toEqual(["p"]);
  });

  it("fills an existing empty directory", async () => {
    await mkdir(join(root, "p"));
    await writeProjectAtomically(join(root, "p"), files);
    expect(await readFile(join(root, "p/README.md"), "utf8")).toBe("# hi\n");
  });

  it("refuses a directory that holds anything", async () => {
    await mkdir(join(root, "p"));
    await writeFile(join(root, "p/mine.txt"), "keep me");
    await expect(assertWritableTarget(join(root, "p"))).rejects.toThrow("already exists and is not empty");
  });

  it("refuses a target that is a file", async () => {
    await writeFile(join(root, "p"), "");
    await expect(assertWritableTarget(join(root, "p"))).rejects.toThrow("exists and is not a directory");
  });

  it("leaves nothing behind when a write fails part-way", async () => {
    // "a" is both a file and a directory: the second write must fail.
    const broken = new Map([
      ["a", "file"],
      ["a/b", "child"],
    ]);
    await expect(writeProjectAtomically(join(root, "p"), broken)).rejects.toThrow("cannot write the project");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses, and keeps the intruder's files, when the target filled up after the check", async () => {
    await mkdir(join(root, "p"));
    await writeFile(join(root, "p/theirs.txt"), "theirs");
    await expect(writeProjectAtomically(join(root, "p"), files)).rejects.toThrow(
      "was created by something else while the project was being written",
    );
    expect(await readdir(root)).toEqual(["p"]);
    expect(await readdir(join(root, "p"))).toEqual(["theirs.txt"]);
  });
});
