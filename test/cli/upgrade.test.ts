import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../src/manifest.js";
import { PRISTINE_REF, readPristine, recordPristine } from "../../src/upgrade/pristine.js";
import { VERSION } from "../../src/version.js";
import { runCli, tempDir } from "../helpers/cli.js";

/**
 * `create-backend upgrade` on a project an "older version" made (issue 18). The older
 * render is simulated: its pristine base differs from this version's in a few files,
 * and the project's owner has edited some of them since.
 */
let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd });
const commitAll = async (cwd: string, message: string) => {
  await git(cwd, "add", "-A");
  await git(cwd, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message);
};

/** A project as "0.0.9" left it, then edited by its owner; returns what this version renders. */
async function olderProject(): Promise<{ project: string; now: Map<string, string> }> {
  const made = await runCli(["api", "--no-install", "--features", "none", "--yes"], { cwd: dir.path });
  expect(made.exitCode, made.stderr).toBe(0);
  const project = join(dir.path, "api");
  const now = (await readPristine(project)) as Map<string, string>;
  const main = now.get("app/main.py") as string;
  const older = new Map(now);
  // 0.0.9 ended app/main.py differently, wrote an older README line and a file this version dropped.
  older.set("app/main.py", `${main}# rendered by 0.0.9\n`);
  older.set("README.md", (now.get("README.md") as string).replace(/^# .*$/m, "# api (0.0.9)"));
  older.set("OLD.md", "only 0.0.9 wrote this\n");
  older.set(".gitignore", (now.get(".gitignore") as string).replace(".venv/", ".venv-old/"));
  older.set(
    MANIFEST_PATH,
    (now.get(MANIFEST_PATH) as string).replace(`"version": "${VERSION}"`, '"version": "0.0.9"'),
  );
  await recordPristine(project, older, "create-backend 0.0.9: create");
  // The disk as 0.0.9 left it...
  for (const path of ["app/main.py", "README.md", "OLD.md", ".gitignore", MANIFEST_PATH])
    await writeFile(join(project, path), older.get(path) as string);
  // ...then the owner's edits: the top of app/main.py, and the line this version changes in .gitignore.
  await writeFile(join(project, "app/main.py"), `# my note\n${older.get("app/main.py")}`);
  await writeFile(
    join(project, ".gitignore"),
    (older.get(".gitignore") as string).replace(".venv-old/", ".venv-mine/"),
  );
  await commitAll(project, "as 0.0.9 left it, edited");
  return { project, now };
}

describe("create-backend upgrade", () => {
  it("updates untouched files, merges edited ones, deletes dropped ones, and leaves markers where both changed a line", async () => {
    const { project, now } = await olderProject();
    const check = await runCli(["upgrade", "--check"], { cwd: project });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain("would change this project");

    const run = await runCli(["upgrade", "--json", "--no-install"], { cwd: project });
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(false);
    expect(result.error.message).toContain(".gitignore");
    // What was written is in the JSON too, beside the error.
    expect(result.result).toMatchObject({ conflicts: [".gitignore"], base: "pristine" });
    expect(result.result.files).toContainEqual({ path: "OLD.md", action: "delete" });

    const read = (path: string) => readFile(join(project, path), "utf8");
    expect(await read("README.md")).toBe(now.get("README.md"));
    expect(await read("app/main.py")).toBe(`# my note\n${now.get("app/main.py")}`);
    await expect(read("OLD.md")).rejects.toThrow();
    const gitignore = await read(".gitignore");
    expect(gitignore).toContain(
      `<<<<<<< yours\n.venv-mine/\n||||||| create-backend 0.0.9\n.venv-old/\n=======\n.venv/\n>>>>>>> create-backend ${VERSION}`,
    );
    expect(JSON.parse(await read(MANIFEST_PATH)).version).toBe(VERSION);
    const log = await git(project, "log", "--format=%s", PRISTINE_REF);
    expect(log.stdout.split("\n")[0]).toBe(`create-backend ${VERSION}: upgrade from 0.0.9`);

    // Markers left: another run refuses; resolved, --continue finishes.
    expect((await runCli(["upgrade", "--allow-dirty"], { cwd: project })).exitCode).toBe(2);
    await writeFile(join(project, ".gitignore"), now.get(".gitignore") as string);
    const finish = await runCli(["upgrade", "--continue", "--no-install"], { cwd: project });
    expect(finish.exitCode, finish.stderr).toBe(0);
    expect(finish.stdout).toContain(`No conflict markers left: the project is at create-backend ${VERSION}`);
    await commitAll(project, "upgraded");
    const again = await runCli(["upgrade", "--check"], { cwd: project });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain("Up to date");
  });

  it("--dry-run shows the plan and the diff and writes nothing", async () => {
    const { project } = await olderProject();
    const before = (await git(project, "status", "--porcelain")).stdout;
    const head = (await git(project, "rev-parse", PRISTINE_REF)).stdout;
    const run = await runCli(["upgrade", "--dry-run"], { cwd: project });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Upgrade from 0\.0\.9 to \S+ \(base: pristine\)/);
    expect(run.stdout).toMatch(/update\s+README\.md/);
    expect(run.stdout).toMatch(/merge\s+app\/main\.py/);
    expect(run.stdout).toMatch(/conflict\s+\.gitignore/);
    expect(run.stdout).toMatch(/delete\s+OLD\.md/);
    expect(run.stdout).toContain("-# api (0.0.9)");
    expect((await git(project, "status", "--porcelain")).stdout).toBe(before);
    expect((await git(project, "rev-parse", PRISTINE_REF)).stdout).toBe(head);
  });

  it("is what generate and destroy ask for first in a project another version made", async () => {
    const { project } = await olderProject();
    const generate = await runCli(["generate", "resource", "gadget", "name:string"], { cwd: project });
    expect(generate.exitCode).toBe(2);
    expect(generate.stderr).toContain("made by create-backend 0.0.9");
    expect(generate.stderr).toContain("create-backend upgrade");
    expect((await git(project, "status", "--porcelain")).stdout).toBe("");
  });

  it("refuses a dirty tree, and a project made by a newer version", async () => {
    const { project } = await olderProject();
    await writeFile(join(project, "README.md"), "mine\n");
    const dirty = await runCli(["upgrade"], { cwd: project });
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr).toContain("uncommitted changes");
    const manifest = await readFile(join(project, MANIFEST_PATH), "utf8");
    await writeFile(
      join(project, MANIFEST_PATH),
      manifest.replace('"version": "0.0.9"', '"version": "9.0.0"'),
    );
    const newer = await runCli(["upgrade", "--allow-dirty"], { cwd: project });
    expect(newer.exitCode).toBe(2);
    expect(newer.stderr).toContain("never goes back");
  });
});

/**
 * Projects the 0.1.0 release made, with the release itself (test/fixtures/releases): they
 * have no pristine ref, so the base is the release's own render, replayed.
 */
describe("create-backend upgrade of a project made by 0.1.0", () => {
  const RELEASE = resolve(import.meta.dirname, "../fixtures/releases/create-backend-0.1.0.tgz");

  async function madeBy010(flags: string[]): Promise<string> {
    await execa("tar", ["-xzf", RELEASE, "-C", dir.path]);
    const cli = join(dir.path, "package", "bin", "create-backend.js");
    const made = await execa(process.execPath, [cli, "old", ...flags, "--no-install", "--yes"], {
      cwd: dir.path,
      env: { CI: "true" },
      reject: false,
    });
    expect(made.exitCode, made.stderr).toBe(0);
    return join(dir.path, "old");
  }

  it("renders the base with that release, and says so; without it, hash-only mode is said out loud", async () => {
    const project = await madeBy010(["--features", "tasks"]);
    const exact = await runCli(["upgrade", "--dry-run", "--json", "--base-release", RELEASE], {
      cwd: project,
    });
    expect(exact.exitCode, exact.stderr).toBe(0);
    const planned = JSON.parse(exact.stdout);
    expect(planned).toMatchObject({ from: "0.1.0", to: VERSION, base: "release", conflicts: [] });
    // The schema 0.2.0 brings, on top of the applied 0001.
    expect(planned.migrations.map((m: { path: string }) => m.path)).toEqual([
      "migrations/versions/0002_roles_and_sessions.py",
      "migrations/versions/0003_durable_tasks.py",
    ]);
    // .env is never written: the settings it lacks are named.
    expect(planned.newSettings).toEqual(
      expect.arrayContaining(["TASK_QUEUE_URL", "REFRESH_TOKEN_EXPIRE_DAYS"]),
    );

    const blindJson = await runCli(["upgrade", "--dry-run", "--json", "--offline"], { cwd: project });
    expect(JSON.parse(blindJson.stdout)).toMatchObject({
      base: "hashes",
      baseWhy: "create-backend 0.1.0 is not in the cache, and --offline keeps npm out of it",
    });
    // Named on the command line, a release that gives no base is an error, not a fallback.
    const wrong = await runCli(["upgrade", "--dry-run", "--base-release", join(dir.path, "nope.tgz")], {
      cwd: project,
    });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain("--base-release gives no base: ");
    expect(wrong.stderr).toContain("does not exist");
    const blind = await runCli(["upgrade", "--dry-run", "--offline"], { cwd: project });
    expect(blind.exitCode, blind.stderr).toBe(0);
    expect(blind.stdout).toContain("warning: no exact base for this project");
    expect(blind.stdout).toContain("(base: hashes)");
    expect(blind.stdout).toContain("--base-release <create-backend-0.1.0.tgz>");
    expect((await git(project, "status", "--porcelain")).stdout).toBe("");
  });

  it("after an upgrade undone with git, takes the base from the release again, not the ref's newer render", async () => {
    const project = await madeBy010(["--features", "none"]);
    const first = await runCli(["upgrade", "--no-install", "--base-release", RELEASE], { cwd: project });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await readPristine(project)).toBeDefined();
    await git(project, "checkout", "-q", ".");
    await git(project, "clean", "-qfd");
    const again = await runCli(["upgrade", "--dry-run", "--json", "--base-release", RELEASE], {
      cwd: project,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ from: "0.1.0", base: "release", conflicts: [] });
  });

  it("moves Flask's multipart reader to app/core, the owner's edit and mode with it, in conflict with the rewrite", async () => {
    const project = await madeBy010(["--framework", "flask", "--features", "uploads"]);
    const reader = join(project, "app/api/multipart.py");
    await writeFile(reader, `${await readFile(reader, "utf8")}\n\n# ours: a note the owner added\n`);
    await chmod(reader, 0o755);
    await commitAll(project, "a note in the multipart reader");
    const planned = await runCli(["upgrade", "--dry-run", "--json", "--base-release", RELEASE], {
      cwd: project,
    });
    const outcome = JSON.parse(planned.stdout);
    expect(outcome.files).toContainEqual({
      path: "app/core/multipart.py",
      action: "conflict",
      from: "app/api/multipart.py",
    });
    expect(outcome.files).toContainEqual({
      path: "app/api/multipart.py",
      action: "delete",
      movedTo: "app/core/multipart.py",
    });
    // 0.2.0 rewrote the reader, so the note meets the new file as a conflict, not as a file left behind.
    const run = await runCli(["upgrade", "--no-install", "--base-release", RELEASE], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("app/core/multipart.py");
    const moved = await readFile(join(project, "app/core/multipart.py"), "utf8");
    expect(moved).toContain("# ours: a note the owner added");
    expect(moved).toContain(">>>>>>> create-backend");
    expect((await stat(join(project, "app/core/multipart.py"))).mode & 0o111).not.toBe(0);
    await expect(readFile(reader, "utf8")).rejects.toThrow();
  });

  it("refuses a manifest whose version is not a release's, before anything is fetched or run", async () => {
    const project = await madeBy010(["--features", "none"]);
    const manifest = await readFile(join(project, MANIFEST_PATH), "utf8");
    await writeFile(
      join(project, MANIFEST_PATH),
      manifest.replace('"version": "0.1.0"', '"version": "file:../evil"'),
    );
    await commitAll(project, "a manifest someone sent");
    const run = await runCli(["upgrade", "--dry-run"], { cwd: project });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("version is not a release version (x.y.z)");
  });

  it("finds the markers of a conflict in a file both sides added, so --continue waits for it", async () => {
    const project = await madeBy010(["--features", "none"]);
    // The owner wrote an app/cli.py of their own; 0.2.0 brings one too.
    await writeFile(join(project, "app/cli.py"), '"""Our own commands."""\n');
    await commitAll(project, "our cli");
    const run = await runCli(["upgrade", "--no-install", "--base-release", RELEASE], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("app/cli.py");
    const waiting = await runCli(["upgrade", "--continue", "--no-install"], { cwd: project });
    expect(waiting.exitCode).toBe(1);
    expect(waiting.stderr).toContain("conflict markers from an earlier upgrade are still in: app/cli.py");
  });

  it("leaves the project untouched when a write fails midway: no file, no manifest, no ref", async () => {
    const project = await madeBy010(["--features", "none"]);
    // A directory where 0.2.0 writes a new file: the rename onto it fails after others succeeded.
    await mkdir(join(project, "app/core/readiness.py", "in-the-way"), { recursive: true });
    await writeFile(join(project, "app/core/readiness.py", "in-the-way", "keep"), "");
    await commitAll(project, "something in the way");
    const before = await treeSnapshot(project);
    const run = await runCli(["upgrade", "--no-install", "--base-release", RELEASE], { cwd: project });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("app/core/readiness.py");
    expect(await treeSnapshot(project)).toEqual(before);
    expect((await git(project, "status", "--porcelain")).stdout).toBe("");
    expect(await readPristine(project)).toBeUndefined();
  });
});

/** Every file under the project but .git, with its contents. */
async function treeSnapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes(`${root}/.git/`)) continue;
    out[path.slice(root.length + 1)] = await readFile(path, "utf8");
  }
  return out;
}
