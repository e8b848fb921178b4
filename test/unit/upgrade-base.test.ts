import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { planGenerate } from "../../src/generate/generate.js";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { PRISTINE_REF, readPristine, recordPristine } from "../../src/upgrade/pristine.js";
import { renderState } from "../../src/upgrade/render-state.js";
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
