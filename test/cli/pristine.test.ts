import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { PRISTINE_REF, readPristine } from "../../src/upgrade/pristine.js";
import { renderState } from "../../src/upgrade/render-state.js";
import { runCli, tempDir } from "../helpers/cli.js";

/**
 * Every write of the CLI keeps its render on refs/create-backend/pristine: the exact base
 * a later `upgrade` merges from (issue 18).
 */
let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const log = async (project: string) =>
  (await execa("git", ["log", "--format=%s", PRISTINE_REF], { cwd: project })).stdout.split("\n");

describe("the pristine render", () => {
  it("is recorded by create, then by each generate and destroy, as the project's state renders", async () => {
    const made = await runCli(["api", "--no-install", "--features", "none", "--yes"], { cwd: dir.path });
    expect(made.exitCode, made.stderr).toBe(0);
    const project = join(dir.path, "api");
    const version = parseManifest(
      await readFile(join(project, MANIFEST_PATH), "utf8"),
      MANIFEST_PATH,
    ).version;
    expect(await log(project)).toEqual([`create-backend ${version}: create`]);

    const generated = await runCli(["generate", "resource", "gadget", "name:string"], { cwd: project });
    expect(generated.exitCode, generated.stderr).toBe(0);
    expect((await log(project))[0]).toBe(`create-backend ${version}: generated gadget`);
    const manifest = parseManifest(await readFile(join(project, MANIFEST_PATH), "utf8"), MANIFEST_PATH);
    const pristine = await readPristine(project);
    expect(pristine).toEqual(await renderState(manifest, version, loadTemplates()));
    // What is on disk is that render (the owner has changed nothing yet), .env aside.
    for (const [path, text] of pristine ?? [])
      expect(await readFile(join(project, path), "utf8"), path).toBe(text);

    const destroyed = await runCli(["destroy", "resource", "gadget"], { cwd: project });
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(await log(project)).toHaveLength(3);
  });

  it("is not recorded with --no-git: upgrade then works from the manifest's hashes", async () => {
    const made = await runCli(["api", "--no-install", "--no-git", "--features", "none", "--yes"], {
      cwd: dir.path,
    });
    expect(made.exitCode, made.stderr).toBe(0);
    expect(await readPristine(join(dir.path, "api"))).toBeUndefined();
  });
});
