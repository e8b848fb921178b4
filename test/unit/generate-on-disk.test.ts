import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planDestroy } from "../../src/generate/destroy.js";
import { planGenerate } from "../../src/generate/generate.js";
import { findProject } from "../../src/generate/project.js";
import { flushChanges } from "../../src/tree/flush.js";
import { renderedProjectPerTest } from "../helpers/project.js";

/** The same plans over a project on disk: found from a folder inside it, then flushed. */
const project = renderedProjectPerTest("cb-on-disk-");
const read = (path: string) => readFile(join(project.path(), path), "utf8");

describe("generate and destroy on disk", () => {
  it("find the project from a folder inside it, and write what they planned", async () => {
    const routerBefore = await read("app/api/v1/router.py");
    const found = findProject(join(project.path(), "app/api"));
    expect(found.root).toBe(project.path());
    await planGenerate(found.tree, { name: "product", fields: ["name:string"], force: false });
    await flushChanges(found.root, found.tree);
    expect(await read("app/models/product.py")).toContain("class Product");
    expect(await read("app/api/v1/router.py")).toContain("import products\n# create-backend: route imports");

    const again = await planGenerate(findProject(project.path()).tree, {
      name: "product",
      fields: ["name:string"],
      force: false,
    });
    expect(again.changes).toEqual([]);

    const destroying = findProject(project.path());
    await planDestroy(destroying.tree, "product", false);
    await flushChanges(destroying.root, destroying.tree);
    expect(await read("app/api/v1/router.py")).toBe(routerBefore);
    await expect(read("app/models/product.py")).rejects.toThrow("ENOENT");
    expect(await read("migrations/versions/0004_drop_products.py")).toContain('revision: str = "0004"');
  });

  it("name a broken manifest by its full path, and say how to restore it", async () => {
    const path = join(project.path(), ".create-backend.json");
    await writeFile(path, "{");
    const thrown = (() => {
      try {
        findProject(project.path());
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({
      message: `${path} is not valid JSON`,
      hint: "restore it from git: git checkout -- .create-backend.json",
    });
  });
});
