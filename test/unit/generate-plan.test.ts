import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { applyAtomically } from "../../src/generate/changes.js";
import { planGenerate } from "../../src/generate/generate.js";
import { findProject } from "../../src/generate/project.js";
import { renderedProjectPerTest } from "../helpers/project.js";

const project = renderedProjectPerTest("cb-plan-");

const plan = async (name: string, fields: string[], force = false) =>
  planGenerate(await findProject(project.path()), { name, fields, force });

describe("generate resource", () => {
  it("registers the routes at the marker, and a second identical run changes nothing", async () => {
    await applyAtomically(project.path(), (await plan("product", ["name:string"])).changes);
    const router = await readFile(`${project.path()}/app/api/v1/router.py`, "utf8");
    expect(router).toContain("from app.api.v1.routes import products\n# create-backend: route imports");
    const again = await plan("product", ["name:string"]);
    expect(again.changes).toEqual([]);
    expect(again.upToDate).toContain('"product" is already generated');
  });

  it("refuses the same name with other fields", async () => {
    await applyAtomically(project.path(), (await plan("product", ["name:string"])).changes);
    await expect(plan("product", ["title:string"])).rejects.toThrow(
      'resource "product" already exists with other fields',
    );
  });

  it("refuses, with nothing planned, when the router lost its marker", async () => {
    const path = `${project.path()}/app/api/v1/router.py`;
    await writeFile(path, (await readFile(path, "utf8")).replace("# create-backend: routers\n", ""));
    await expect(plan("product", ["name:string"])).rejects.toThrow(
      'has lost its "# create-backend: routers" marker',
    );
  });

  it("never overwrites a file it did not write, unless --force", async () => {
    await writeFile(`${project.path()}/app/services/products.py`, "# mine\n");
    await expect(plan("product", ["name:string"])).rejects.toThrow(
      "these files already exist: app/services/products.py",
    );
    const forced = await plan("product", ["name:string"], true);
    expect(forced.changes.find((c) => c.path === "app/services/products.py")?.kind).toBe("update");
  });

  it("refuses a reference to a resource the project does not have", async () => {
    await expect(plan("review", ["product:ref(product)"])).rejects.toThrow(
      'refers to "product", which is not a resource',
    );
  });
});
