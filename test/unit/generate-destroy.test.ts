import { describe, expect, it } from "vitest";
import { planDestroy } from "../../src/generate/destroy.js";
import { planGenerate } from "../../src/generate/generate.js";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import type { Answers } from "../../src/options.js";
import { PRODUCT_FILES, paths, renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * `destroy resource`, planned on a rendered project held in memory after a
 * `generate resource` was applied to it: no disk.
 */
async function generated(answers: Partial<Answers> = {}, ...resources: [string, ...string[]][]) {
  let files = renderedFiles(answers);
  for (const [name, ...fields] of resources) {
    files = withChanges(files, (await planGenerate(treeOver(files), { name, fields, force: false })).changes);
  }
  return files;
}
const manifestOf = (files: ReadonlyMap<string, string>) =>
  parseManifest(files.get(MANIFEST_PATH) ?? "", MANIFEST_PATH);

describe("destroy resource", () => {
  it("deletes the files it created, except the create migration, and adds a drop migration", async () => {
    const files = await generated({}, ["product", "name:string"]);
    const plan = await planDestroy(treeOver(files), "product", false);
    expect(paths(plan.changes, "delete")).toEqual(PRODUCT_FILES);
    expect(paths(plan.changes, "create")).toEqual(["migrations/versions/0004_drop_products.py"]);
    expect(paths(plan.changes, "update")).toEqual([
      "app/api/v1/router.py",
      "app/models/__init__.py",
      MANIFEST_PATH,
    ]);
    expect(plan.migration).toBe("0004");
    const drop = plan.changes.find((c) => c.kind === "create");
    expect(drop?.kind === "create" && drop.after).toContain('down_revision: str | None = "0003"');
  });

  it("leaves the project as rendered, plus both migrations, and the manifest without the resource", async () => {
    const before = renderedFiles();
    const files = await generated({}, ["product", "name:string"]);
    const after = withChanges(files, (await planDestroy(treeOver(files), "product", false)).changes);
    const added = [...after.keys()].filter((p) => !before.has(p));
    expect(added).toEqual([
      "migrations/versions/0003_create_products.py",
      "migrations/versions/0004_drop_products.py",
    ]);
    for (const [path, contents] of before) {
      if (path !== MANIFEST_PATH) expect(after.get(path), path).toBe(contents);
    }
    const manifest = manifestOf(after);
    expect(manifest.resources).toEqual([]);
    expect(Object.keys(manifest.files).sort()).toEqual(
      [...Object.keys(manifestOf(before).files), ...added].sort(),
    );
  });

  it("drops a raw-SQL resource with the next numbered .sql migration", async () => {
    const files = await generated({ orm: "none" }, ["product", "name:string"]);
    const plan = await planDestroy(treeOver(files), "product", false);
    expect(paths(plan.changes, "create")).toEqual(["migrations/0004_drop_products.sql"]);
    expect(paths(plan.changes, "delete")).not.toContain("migrations/0003_create_products.sql");
  });

  it("takes the plural name too", async () => {
    const files = await generated({}, ["product", "name:string"]);
    expect((await planDestroy(treeOver(files), "products", false)).resource.singular).toBe("product");
  });

  it("finds a resource generated with --plural by the name as typed, or by that plural", async () => {
    let files = renderedFiles();
    const plan = await planGenerate(treeOver(files), {
      name: "canvas",
      plural: "canvases",
      fields: ["title:string"],
      force: false,
    });
    files = withChanges(files, plan.changes);
    for (const name of ["canvas", "canvases"]) {
      const destroyed = await planDestroy(treeOver(files), name, false);
      expect(paths(destroyed.changes, "delete"), name).toContain("app/models/canvas.py");
    }
  });

  it("refuses, planning nothing, unless --force, when a generated file was changed since", async () => {
    const files = await generated({}, ["product", "name:string"]);
    files.set("app/services/products.py", `${files.get("app/services/products.py")}# my change\n`);
    const tree = treeOver(files);
    await expect(planDestroy(tree, "product", false)).rejects.toThrow(
      'these files were changed since "product" was generated: app/services/products.py',
    );
    expect(tree.listChanges()).toEqual([]);
    const forced = await planDestroy(tree, "product", true);
    expect(paths(forced.changes, "delete")).toContain("app/services/products.py");
  });

  it("skips a generated file that is already gone", async () => {
    const files = await generated({}, ["product", "name:string"]);
    files.delete("tests/support/products.py");
    const plan = await planDestroy(treeOver(files), "product", false);
    expect(paths(plan.changes, "delete")).not.toContain("tests/support/products.py");
  });

  it("refuses to remove a resource another one refers to", async () => {
    const files = await generated({}, ["product", "name:string"], ["review", "product:ref(product)"]);
    await expect(planDestroy(treeOver(files), "product", false)).rejects.toThrow(
      '"product" is referenced by review',
    );
  });

  it("says which resources exist when the name is unknown", async () => {
    const files = await generated({}, ["product", "name:string"]);
    await expect(planDestroy(treeOver(files), "widget", false)).rejects.toThrow(
      'no resource "widget" was generated in this project',
    );
  });
});
