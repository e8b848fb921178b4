import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { tempDir } from "../helpers/cli.js";
import { matrixStacks, stackFlags } from "../helpers/matrix.js";

const ROOT = join(import.meta.dirname, "../..");

/**
 * The package as published: `npm pack` (of the build `npm test` made first),
 * installed from the tarball into an empty directory with an empty npm cache,
 * as `npx create-backend` does on a new machine. Catches files missing from
 * `files`, a runtime dependency that slipped back in, and any difference
 * between the precompiled templates it carries and templates/.
 */
describe("the packed package", () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let bin: string;

  beforeAll(async () => {
    dir = await tempDir("cb-pack-");
    const packed = await execa(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", dir.path],
      {
        cwd: ROOT,
      },
    );
    const tarball = join(dir.path, JSON.parse(packed.stdout)[0].filename);
    const app = join(dir.path, "app");
    await execa("mkdir", ["-p", app]);
    await execa("npm", ["init", "-y"], { cwd: app });
    await execa(
      "npm",
      ["install", "--no-audit", "--no-fund", "--offline", "--cache", join(dir.path, "cache"), tarball],
      { cwd: app },
    );
    bin = join(app, "node_modules/.bin/create-backend");
  });

  afterAll(async () => {
    await dir.cleanup();
  });

  it("installs as one package, offline: nothing to fetch", async () => {
    const modules = await readdir(join(dir.path, "app/node_modules"));
    expect(modules.filter((m) => !m.startsWith("."))).toEqual(["create-backend"]);
    const installed = JSON.parse(
      await readFile(join(dir.path, "app/node_modules/create-backend/package.json"), "utf8"),
    );
    expect(installed.dependencies ?? {}).toEqual({});
  });

  it("ships the licences of the code it bundles, and no template sources", async () => {
    const root = join(dir.path, "app/node_modules/create-backend");
    const licences = await readFile(join(root, "dist/THIRD-PARTY-LICENSES.txt"), "utf8");
    for (const bundled of [
      "commander",
      "handlebars",
      "zod",
      "@clack/prompts",
      "execa",
      "pluralize",
      "diff",
    ]) {
      expect(licences).toContain(`\n${bundled}@`);
    }
    expect(await readdir(root)).not.toContain("templates");
  });

  it("prints its version", async () => {
    const run = await execa(bin, ["--version"]);
    expect(run.stdout).toBe(pkg.version);
  });

  it("scaffolds every stack byte for byte as the templates in this repository render it", async () => {
    for (const s of matrixStacks()) {
      const cwd = join(dir.path, s.id);
      await execa("mkdir", ["-p", cwd]);
      await execa(bin, ["my-api", "--yes", "--no-install", "--no-git", ...stackFlags(s)], {
        cwd,
        env: { CI: "true" },
      });
      const written = await readTree(join(cwd, "my-api"));
      // .env is .env.example with a fresh key: the one file that differs run to run.
      const env = written.get(".env") ?? "";
      written.delete(".env");
      const expected = render(
        { projectName: "my-api", answers: s.answers, version: pkg.version },
        loadTemplates(),
      );
      expect(written, s.id).toEqual(expected);
      const secretLine = /^SECRET_KEY=.*$/m;
      expect(env.replace(secretLine, ""), s.id).toBe(expected.get(".env.example")?.replace(secretLine, ""));
      if (s.answers.auth === "jwt") expect(env).toMatch(/^SECRET_KEY=[\w-]{64}$/m);
    }
  });

  it("generates a resource from its precompiled templates as the repository's templates do", async () => {
    const cwd = join(dir.path, "resource");
    await execa("mkdir", ["-p", cwd]);
    await execa(bin, ["my-api", "--yes", "--no-install", "--no-git"], { cwd, env: { CI: "true" } });
    const project = join(cwd, "my-api");
    const args = ["generate", "resource", "product", "name:string(80)", "price:decimal", "released:date?"];
    const fromPackage = await execa(bin, [...args, "--dry-run"], { cwd: project, env: { CI: "true" } });
    const fromCheckout = await execa(
      process.execPath,
      [join(ROOT, "bin/create-backend.js"), ...args, "--dry-run"],
      {
        cwd: project,
        env: { CI: "true" },
      },
    );
    expect(fromPackage.stdout).toContain("app/models/product.py");
    expect(fromPackage.stdout).toBe(fromCheckout.stdout);
  });
});

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, "utf8"));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
