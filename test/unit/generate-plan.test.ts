import { describe, expect, it } from "vitest";
import { planGenerate } from "../../src/generate/generate.js";
import { fileHash, MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { PRODUCT_FILES, paths, renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * `generate resource`, planned on a rendered project held in memory: what it
 * would create and edit, computed without a disk.
 */
const ROUTER = "app/api/v1/router.py";
const request = (name: string, fields: string[], force = false) => ({ name, fields, force });

describe("generate resource", () => {
  it("creates the resource's files, then edits the router and model index, then updates the manifest", async () => {
    const plan = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    expect(paths(plan.changes, "create")).toEqual([
      ...PRODUCT_FILES,
      "migrations/versions/0003_create_products.py",
    ]);
    expect(paths(plan.changes, "update")).toEqual([ROUTER, "app/models/__init__.py", MANIFEST_PATH]);
    expect(paths(plan.changes, "delete")).toEqual([]);
    expect(plan.migration).toBe("0003");
  });

  it("registers the routes above the router's marker comments", async () => {
    const plan = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const router = plan.changes.find((c) => c.path === ROUTER);
    expect(router?.kind).toBe("update");
    const after = router?.kind === "update" ? router.after : "";
    expect(after).toContain("from app.api.v1.routes import products\n# create-backend: route imports");
    expect(after).toMatch(/include_router\(products\.router\)\n\s*# create-backend: routers/);
  });

  it("records the resource in the manifest, with the hash of every file it wrote or edited", async () => {
    const plan = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const files = withChanges(renderedFiles(), plan.changes);
    const manifest = parseManifest(files.get(MANIFEST_PATH) ?? "", MANIFEST_PATH);
    expect(manifest.resources).toMatchObject([
      { name: "product", plural: "products", fields: ["name:string"], migration: "0003" },
    ]);
    const created = paths(plan.changes, "create");
    expect(Object.keys(manifest.resources[0]?.files ?? {})).toEqual(created);
    for (const path of [...created, ROUTER]) {
      expect(manifest.files[path], path).toBe(fileHash(files.get(path) ?? ""));
    }
  });

  it("numbers its migration after the project's last one, and chains it there", async () => {
    const first = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const files = withChanges(renderedFiles(), first.changes);
    const second = await planGenerate(treeOver(files), request("review", ["product:ref(product)"]));
    expect(second.migration).toBe("0004");
    const migration = second.changes.find((c) => c.path === "migrations/versions/0004_create_reviews.py");
    expect(migration?.kind === "create" && migration.after).toContain('down_revision: str | None = "0003"');
  });

  it("numbers raw-SQL migrations the same way", async () => {
    const raw = renderedFiles({ orm: "none" });
    const first = await planGenerate(treeOver(raw), request("product", ["name:string"]));
    expect(paths(first.changes, "create")).toContain("migrations/0003_create_products.sql");
    const second = await planGenerate(
      treeOver(withChanges(raw, first.changes)),
      request("review", ["product:ref(product)"]),
    );
    expect(paths(second.changes, "create")).toContain("migrations/0004_create_reviews.sql");
  });

  it("changes nothing when run again with the same fields", async () => {
    const first = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const again = await planGenerate(
      treeOver(withChanges(renderedFiles(), first.changes)),
      request("product", ["name:string"]),
    );
    expect(again.changes).toEqual([]);
    expect(again.upToDate).toContain('"product" is already generated');
  });

  it("refuses the same name with other fields", async () => {
    const first = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const tree = treeOver(withChanges(renderedFiles(), first.changes));
    await expect(planGenerate(tree, request("product", ["title:string"]))).rejects.toThrow(
      'resource "product" already exists with other fields',
    );
    await expect(planGenerate(tree, request("products", ["title:string"]))).rejects.toThrow(
      'resource "product" already exists with other fields',
    );
  });

  it("refuses, planning nothing, when the router lost its marker", async () => {
    const files = renderedFiles();
    files.set(ROUTER, (files.get(ROUTER) ?? "").replace("# create-backend: routers\n", ""));
    const tree = treeOver(files);
    await expect(planGenerate(tree, request("product", ["name:string"]))).rejects.toThrow(
      'has lost its "# create-backend: routers" marker',
    );
    expect(tree.listChanges()).toEqual([]);
  });

  it("never overwrites a file it did not write, unless --force", async () => {
    const files = renderedFiles();
    files.set("app/services/products.py", "# mine\n");
    const tree = treeOver(files);
    await expect(planGenerate(tree, request("product", ["name:string"]))).rejects.toThrow(
      "these files already exist: app/services/products.py",
    );
    expect(tree.listChanges()).toEqual([]);
    const forced = await planGenerate(tree, request("product", ["name:string"], true));
    expect(forced.changes.find((c) => c.path === "app/services/products.py")).toMatchObject({
      kind: "update",
      before: "# mine\n",
    });
  });

  it("refuses, even with --force, a name whose files are the project's own or a feature's to add", async () => {
    const tree = treeOver(renderedFiles({ features: [] }));
    for (const [name, taken] of [
      ["refresh_token", "app/models/refresh_token.py"],
      ["session", "tests/api/test_sessions.py"],
      // The tasks feature is not on yet: `add tasks` would need this file later.
      ["claimed_task", "app/models/claimed_task.py"],
    ] as const) {
      const refused = planGenerate(tree, request(name, ["title:string"], true));
      await expect(refused, name).rejects.toThrow(
        `resource name "${name}" is taken by the project's own code`,
      );
      await expect(planGenerate(tree, request(name, ["title:string"], true))).rejects.toThrow(taken);
    }
    expect(tree.listChanges()).toEqual([]);
  });

  it("finds no clash in a file that already holds exactly what it would write", async () => {
    const first = await planGenerate(treeOver(renderedFiles()), request("product", ["name:string"]));
    const schema = first.changes.find((c) => c.path === "app/schemas/product.py");
    const files = renderedFiles();
    files.set("app/schemas/product.py", schema?.kind === "create" ? schema.after : "");
    const plan = await planGenerate(treeOver(files), request("product", ["name:string"]));
    expect(paths(plan.changes, "create")).not.toContain("app/schemas/product.py");
    expect(paths(plan.changes, "update")).not.toContain("app/schemas/product.py");
  });

  it("refuses a reference to a resource the project does not have", async () => {
    await expect(
      planGenerate(treeOver(renderedFiles()), request("review", ["product:ref(product)"])),
    ).rejects.toThrow('refers to "product", which is not a resource');
    // Even one named like a word no resource may have: what matters is that there is none.
    await expect(
      planGenerate(treeOver(renderedFiles()), request("review", ["thing:ref(nothing)"])),
    ).rejects.toThrow('refers to "nothing", which is not a resource of this project');
  });

  it("lets a resource refer to itself when the reference is optional (a tree), never when required", async () => {
    const tree = await planGenerate(
      treeOver(renderedFiles()),
      request("category", ["name:string", "parent:ref(category)?"]),
    );
    expect(paths(tree.changes, "create")).toContain("app/models/category.py");
    await expect(
      planGenerate(treeOver(renderedFiles()), request("category", ["name:string", "parent:ref(category)"])),
    ).rejects.toThrow(
      "is a required reference to category itself: the first category could never be created",
    );
  });

  it("refuses a name that clashes with a generated resource's plural", async () => {
    const first = await planGenerate(treeOver(renderedFiles()), {
      ...request("product", ["name:string"]),
      plural: "goods",
    });
    const tree = treeOver(withChanges(renderedFiles(), first.changes));
    await expect(planGenerate(tree, request("goods", ["name:string"]))).rejects.toThrow(
      'clashes with the existing resource "product"',
    );
  });
});
