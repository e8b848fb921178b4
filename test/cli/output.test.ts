import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, runCli, tempDir } from "../helpers/cli.js";
import { ESC } from "../helpers/faults.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir("cb-output-");
});
afterEach(async () => {
  await dir.cleanup();
});

const ALL_FLAGS = [
  "--framework",
  "fastapi",
  "--db",
  "sqlite",
  "--orm",
  "sqlalchemy",
  "--auth",
  "jwt",
  "--features",
  "none",
  "--no-install",
  "--no-git",
];

describe("output into a pipe or a log is plain text", () => {
  const runs: [string, string[]][] = [
    ["a scaffold", ["shop", "--yes", "--no-install", "--no-git"]],
    ["a dry run", ["shop", "--yes", "--dry-run"]],
    ["--help", ["--help"]],
    ["generate --help", ["generate", "resource", "--help"]],
    ["a bad value", ["shop", "--db", "mysql"]],
    ["an unknown flag", ["shop", "--framwork", "flask"]],
    ["outside a project", ["generate", "resource", "product", "name:string"]],
  ];
  // Whatever the colour variables say: no colour and no spinner reach a pipe.
  it.each([
    ["no colour variable at all", { NO_COLOR: undefined, CI: undefined }],
    ["FORCE_COLOR=1", { NO_COLOR: undefined, FORCE_COLOR: "1" }],
    ["FORCE_COLOR=3 and CLICOLOR_FORCE", { NO_COLOR: undefined, FORCE_COLOR: "3", CLICOLOR_FORCE: "1" }],
    ["NO_COLOR=1", { NO_COLOR: "1" }],
  ])("with %s", async (_what, env) => {
    for (const [what, args] of runs) {
      const run = await runCli(args, { cwd: dir.path, env });
      expect(run.stdout + run.stderr, what).not.toContain(ESC);
      expect(run.stdout + run.stderr, what).not.toBe("");
    }
  });
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
async function onTerminal(args: string[], env: Record<string, string | undefined>) {
  const command = [process.execPath, BIN, ...args].map((w) => `'${w}'`).join(" ");
  const run = await execa("script", ["-qec", command, "/dev/null"], {
    cwd: dir.path,
    env: { CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm-256color", ...env },
    stdin: "ignore",
    reject: false,
  });
  return { exitCode: run.exitCode, screen: String(run.stdout) };
}

const hasScript = (await execa("script", ["--version"], { reject: false })).exitCode === 0;

describe.skipIf(!hasScript)("on a terminal", () => {
  it("draws colours and a spinner when nothing asks otherwise", async () => {
    const run = await onTerminal(["shop", ...ALL_FLAGS], {});
    expect(run.exitCode).toBe(0);
    expect(run.screen).toContain(ESC);
  });

  it.each([
    ["NO_COLOR=1", { NO_COLOR: "1" }],
    ["FORCE_COLOR=0", { FORCE_COLOR: "0" }],
    ["TERM=dumb", { TERM: "dumb" }],
  ])("%s gives plain lines: no colour, no spinner, no escape at all", async (_what, env) => {
    const run = await onTerminal(["shop", ...ALL_FLAGS], env);
    expect(run.exitCode).toBe(0);
    expect(run.screen).toContain("Done: shop is ready.");
    expect(run.screen).not.toContain(ESC);
  });
});

describe("--json prints exactly one JSON object, whatever happens", () => {
  /** The whole of stdout is one object, nothing goes to stderr, and the exit code is the one it names. */
  async function oneObject(args: string[], cwd = dir.path) {
    const run = await runCli(args, { cwd });
    const result = JSON.parse(run.stdout);
    expect(typeof result).toBe("object");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(result.ok ? 0 : result.error.exitCode);
    return result;
  }

  it.each([
    ["a bad value", ["shop", "--json", "--orm", "peewee"], 2, "--orm: invalid orm"],
    ["an unknown flag", ["shop", "--json", "--nope"], 2, "unknown option '--nope'"],
    ["a flag without its value", ["shop", "--json", "--framework"], 2, "argument missing"],
    ["too many arguments", ["a", "b", "--json"], 2, "too many arguments"],
    ["a bad project name", ["../up", "--json"], 2, "invalid project name"],
    ["a flag given twice", ["shop", "--json", "--db", "sqlite", "--db", "postgres"], 2, "given twice"],
    ["features none with a feature", ["shop", "--json", "--features", "none,ci"], 2, "cannot be combined"],
  ])("%s", async (_what, args, exitCode, message) => {
    const result = await oneObject(args);
    expect(result.ok).toBe(false);
    expect(result.error.exitCode).toBe(exitCode);
    expect(result.error.message).toContain(message);
  });

  it("an existing non-empty directory", async () => {
    await mkdir(join(dir.path, "shop"));
    await writeFile(join(dir.path, "shop", "mine.txt"), "");
    const result = await oneObject(["shop", "--json", "--no-install", "--no-git"]);
    expect(result.error).toMatchObject({
      exitCode: 1,
      hint: "choose another name, or empty that directory first",
    });
    expect(result.error.message).toContain("already exists and is not empty");
  });

  it("a file where the directory should be", async () => {
    await writeFile(join(dir.path, "shop"), "");
    const result = await oneObject(["shop", "--json", "--no-install", "--no-git"]);
    expect(result.error.message).toContain("exists and is not a directory");
  });

  it("generate resource outside a project, with a bad field, with an unknown flag; destroy of an unknown resource", async () => {
    const outside = await oneObject(["generate", "resource", "product", "name:string", "--json"]);
    expect(outside.error.message).toContain("not inside a create-backend project");

    await runCli(["shop", "--yes", "--no-install", "--no-git", "--features", "none"], { cwd: dir.path });
    const project = join(dir.path, "shop");
    const badField = await oneObject(["generate", "resource", "product", "name:strin", "--json"], project);
    expect(badField.error.exitCode).toBe(2);
    const badName = await oneObject(["generate", "resource", "../product", "--json"], project);
    expect(badName.error.exitCode).toBe(2);
    const unknownFlag = await oneObject(["generate", "resource", "product", "--json", "--nope"], project);
    expect(unknownFlag.error.message).toContain("unknown option '--nope'");
    const unknown = await oneObject(["destroy", "resource", "product", "--json"], project);
    expect(unknown.error.message).toContain('no resource "product"');
    const generated = await oneObject(["generate", "resource", "product", "name:string", "--json"], project);
    expect(generated).toMatchObject({ ok: true, resource: "product" });
  });

  it("refuses a manifest naming a file outside the project, deleting nothing", async () => {
    await runCli(["shop", "--yes", "--no-install", "--no-git", "--features", "none"], { cwd: dir.path });
    const project = join(dir.path, "shop");
    await runCli(["generate", "resource", "product", "name:string"], { cwd: project });
    // A manifest as a hostile repository could ship it: destroy would delete ../victim.txt.
    await writeFile(join(dir.path, "victim.txt"), "precious");
    const manifestPath = join(project, ".create-backend.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.resources[0].files["../victim.txt"] = `sha256:${"0".repeat(64)}`;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const result = await oneObject(["destroy", "resource", "product", "--force", "--json"], project);
    expect(result.error.message).toContain(
      'resources.0.files names "../victim.txt", not a relative path inside the project',
    );
    expect(await readFile(join(dir.path, "victim.txt"), "utf8")).toBe("precious");
    expect(await readFile(join(project, "app/models/product.py"), "utf8")).toContain("class Product");
  });
});
