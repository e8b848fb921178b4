import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { planGenerate } from "../../src/generate/generate.js";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { planUpgrade } from "../../src/upgrade/plan.js";
import { PRISTINE_REF, readPristine, recordPristine } from "../../src/upgrade/pristine.js";
import { renderState } from "../../src/upgrade/render-state.js";
import { mergeInProcess } from "../../src/upgrade/three-way.js";
import { renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * Where `upgrade` gets B from (issue 18): the project's state rendered again from its
 * manifest, and the pristine render the CLI keeps on a git ref of its own.
 */
describe("renderState", () => {
  it("renders a project and its resource log as create and generate left it, byte for byte", async () => {
    let files = renderedFiles({ framework: "flask", orm: "none" });
    for (const request of [
      { name: "gadget", fields: ["name:string:unique"], force: false },
      {
        name: "review",
        fields: ["gadget:ref(gadget)", "rating:int"],
        force: false,
        access: { private: true },
      },
      { name: "tag", fields: ["label:string"], plural: "taglist", force: false, access: { owner: false } },
    ]) {
      files = withChanges(files, (await planGenerate(treeOver(files), request)).changes);
    }
    const manifest = parseManifest(files.get(MANIFEST_PATH) as string, MANIFEST_PATH);
    const again = await renderState(manifest, manifest.version, loadTemplates());
    expect([...again.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(again.get(path), path).toBe(text);
  });

  it("names the resource an older version made that these templates refuse, and how to go on", async () => {
    const manifest = parseManifest(renderedFiles().get(MANIFEST_PATH) as string, MANIFEST_PATH);
    // A field called `q` was allowed before `?q=` searched every list.
    const older = {
      ...manifest,
      resources: [
        { name: "note", plural: "notes", fields: ["q:string"], files: {}, edits: [], migration: "0003" },
      ],
    };
    await expect(renderState(older, manifest.version, loadTemplates())).rejects.toThrow(
      'the resource "note" cannot be generated again by these templates: field name "q" is reserved',
    );
  });
});

describe("the pristine ref", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const repository = async () => {
    dir = await mkdtemp(join(tmpdir(), "cb-pristine-"));
    await execa("git", ["init", "-q", "-b", "main"], { cwd: dir });
    return dir;
  };

  it("keeps each render exactly, odd names and trailing blanks included, each on top of the last", async () => {
    const root = await repository();
    const first = new Map([
      ["app/main.py", "print('hi')\n"],
      ['docs/café "quoted".md', "ends with blanks  \n  "],
      ["empty.txt", ""],
    ]);
    expect(await recordPristine(root, first, "create")).toBe(true);
    expect(await readPristine(root)).toEqual(first);
    const second = new Map([["app/main.py", "print('bye')\n"]]);
    expect(await recordPristine(root, second, "generate resource gadget")).toBe(true);
    expect(await readPristine(root)).toEqual(second);
    const log = await execa("git", ["log", "--format=%s", PRISTINE_REF], { cwd: root });
    expect(log.stdout.split("\n")).toEqual(["generate resource gadget", "create"]);
    // The project's own history and status know nothing of it.
    const status = await execa("git", ["status", "--porcelain"], { cwd: root });
    expect(status.stdout).toBe("");
  });

  it("records nothing outside a repository, and reads nothing from a project that has none", async () => {
    dir = await mkdtemp(join(tmpdir(), "cb-pristine-"));
    expect(await recordPristine(dir, new Map([["a", "b"]]), "create")).toBe(false);
    expect(await readPristine(dir)).toBeUndefined();
    await execa("git", ["init", "-q"], { cwd: dir });
    expect(await readPristine(dir)).toBeUndefined();
  });
});

/**
 * The whole upgrade path with two template sets injected into the renderer (issue 18):
 * v1 renders B and the project's disk, v2 renders N. No network, no release.
 */
describe("an upgrade from template set v1 to v2", () => {
  const ROUTER = "fastapi/app/api/v1/router.py.hbs";
  const v1 = loadTemplates();
  // v2 rewords the router's docstring, adds a module, and drops the gunicorn config.
  const v2 = new Map(v1);
  v2.set(
    ROUTER,
    (v1.get(ROUTER) as string).replace(
      "The one place routes are registered.",
      "Every route, registered here.",
    ),
  );
  v2.set("base/app/core/feature_flags.py", "FLAGS: dict[str, bool] = {}\n");
  v2.delete("base/gunicorn.conf.py.hbs");

  it("keeps the owner's edit, takes v2's, adds and drops files, and writes the resource's router lines once", async () => {
    let files = renderedFiles({ framework: "fastapi" });
    const request = { name: "gadget", fields: ["name:string"], force: false };
    files = withChanges(files, (await planGenerate(treeOver(files), request)).changes);
    const manifest = parseManifest(files.get(MANIFEST_PATH) as string, MANIFEST_PATH);
    const base = await renderState(manifest, manifest.version, v1);
    const next = await renderState(manifest, manifest.version, v2);
    expect(base.get("app/api/v1/router.py")).toBe(files.get("app/api/v1/router.py"));

    // The owner adds a router of their own below the generated ones.
    const router = (files.get("app/api/v1/router.py") as string).replace(
      "# create-backend: routers\n",
      "# create-backend: routers\napi_router.include_router(admin.router)\n",
    );
    const current = new Map(
      [...files].map(([path, text]) => [
        path,
        { text: path === "app/api/v1/router.py" ? router : text, executable: false, binary: false },
      ]),
    );
    const decisions = planUpgrade({
      current,
      base,
      next,
      recorded: new Map(Object.entries(manifest.files)),
      untouchable: (path) => path === MANIFEST_PATH,
      restore: false,
      merge: mergeInProcess,
      labels: { current: "yours", base: "v1", next: "v2" },
    });
    const decision = (path: string) => decisions.find((d) => d.path === path);
    const merged = decision("app/api/v1/router.py") as { action: string; text: string };
    expect(merged.action).toBe("merge");
    expect(merged.text).toContain("Every route, registered here.");
    expect(merged.text).toContain("api_router.include_router(admin.router)\n");
    expect(merged.text.match(/include_router\(gadgets\.router\)/g)).toHaveLength(1);
    expect(merged.text.match(/from app\.api\.v1\.routes import gadgets/g)).toHaveLength(1);
    expect(decision("app/core/feature_flags.py")).toMatchObject({ action: "add" });
    expect(decision("gunicorn.conf.py")).toEqual({ path: "gunicorn.conf.py", action: "delete" });
    // Everything else is as v1 left it and v2 renders it: nothing to do.
    // (The manifest is the command's to rewrite.)
    const acted = decisions
      .filter((d) => d.action !== "unchanged" && d.path !== MANIFEST_PATH)
      .map((d) => d.path);
    expect(acted.sort()).toEqual(["app/api/v1/router.py", "app/core/feature_flags.py", "gunicorn.conf.py"]);
  });
});
