import { appendFile, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { applyAtomically } from "../../src/generate/changes.js";
import { planDestroy } from "../../src/generate/destroy.js";
import { planGenerate } from "../../src/generate/generate.js";
import { findProject } from "../../src/generate/project.js";
import { renderedProjectPerTest } from "../helpers/project.js";

const project = renderedProjectPerTest("cb-destroy-");

async function generate(name: string, ...fields: string[]) {
  const plan = await planGenerate(await findProject(project.path()), { name, fields, force: false });
  await applyAtomically(project.path(), plan.changes);
}

describe("destroy resource", () => {
  it("removes the files and router lines it added, keeps the create migration and adds a drop", async () => {
    const routerBefore = await readFile(`${project.path()}/app/api/v1/router.py`, "utf8");
    await generate("product", "name:string");
    const plan = await planDestroy(await findProject(project.path()), "product", false);
    await applyAtomically(project.path(), plan.changes);
    expect(await readFile(`${project.path()}/app/api/v1/router.py`, "utf8")).toBe(routerBefore);
    const manifest = JSON.parse(await readFile(`${project.path()}/.create-backend.json`, "utf8"));
    expect(manifest.resources).toEqual([]);
    const deleted = plan.changes.filter((c) => c.kind === "delete").map((c) => c.path);
    expect(deleted).toContain("app/models/product.py");
    expect(deleted.some((p) => p.startsWith("migrations/"))).toBe(false);
    expect(
      plan.changes.some(
        (c) => c.kind === "create" && /migrations\/versions\/0003_drop_products\.py$/.test(c.path),
      ),
    ).toBe(true);
  });

  it("refuses, unless --force, when a generated file was changed since", async () => {
    await generate("product", "name:string");
    await appendFile(`${project.path()}/app/services/products.py`, "# my change\n");
    await expect(planDestroy(await findProject(project.path()), "product", false)).rejects.toThrow(
      'these files were changed since "product" was generated: app/services/products.py',
    );
    const forced = await planDestroy(await findProject(project.path()), "product", true);
    expect(forced.changes.some((c) => c.kind === "delete" && c.path === "app/services/products.py")).toBe(
      true,
    );
  });

  it("refuses to remove a resource another one refers to", async () => {
    await generate("product", "name:string");
    await generate("review", "product:ref(product)", "rating:int");
    await expect(planDestroy(await findProject(project.path()), "product", false)).rejects.toThrow(
      '"product" is referenced by review',
    );
  });

  it("says which resources exist when the name is unknown", async () => {
    await generate("product", "name:string");
    await expect(planDestroy(await findProject(project.path()), "widget", false)).rejects.toThrow(
      'no resource "widget" was generated in this project',
    );
  });
});
