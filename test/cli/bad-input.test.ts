import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entries, runCli, tempDir } from "../helpers/cli.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

/** Every bad input: a clear message on stderr, a non-zero exit, and nothing written. */
async function expectRefused(args: string[], message: string | RegExp, exitCode = 2) {
  const before = await entries(dir.path);
  const run = await runCli(args, { cwd: dir.path });
  expect(run.stderr).toMatch(message);
  expect(run.exitCode).toBe(exitCode);
  expect(run.stdout).toBe("");
  expect(await entries(dir.path)).toEqual(before);
  return run;
}

describe("invalid project names", () => {
  it.each([
    ["", "it is empty"],
    ["a/b", "it must not contain / or \\"],
    ["../escape", "it must not contain / or \\"],
    [".hidden", "it must not start with a dot"],
    ["with space", "it must not contain spaces"],
    ["x".repeat(65), "it is longer than 64 characters"],
  ])("refuses %j", async (name, why) => {
    await expectRefused(
      [name, "--yes", "--no-install", "--no-git"],
      `invalid project name ${JSON.stringify(name)}: ${why}`,
    );
  });

  it("refuses a leading dash (it reads as an unknown flag)", async () => {
    await expectRefused(["-my-api", "--yes"], /unknown option '-m/);
  });

  it("refuses the '--' escaped leading dash as a name", async () => {
    await expectRefused(["--yes", "--", "-my-api"], "must not start with a dash");
  });
});

describe("the target directory", () => {
  it("refuses an existing non-empty directory and leaves it untouched", async () => {
    await mkdir(join(dir.path, "my-api"));
    await writeFile(join(dir.path, "my-api", "notes.txt"), "mine");
    await expectRefused(
      ["my-api", "--yes", "--no-install", "--no-git"],
      "my-api already exists and is not empty",
      1,
    );
    expect(await entries(join(dir.path, "my-api"))).toEqual(["notes.txt"]);
  });

  it('takes "." as the current directory when it is empty', async () => {
    const here = join(dir.path, "shop");
    await mkdir(here);
    const run = await runCli([".", "--yes", "--no-install", "--no-git"], { cwd: here });
    expect(run.exitCode).toBe(0);
    expect(await entries(here)).toContain(".create-backend.json");
    expect(await entries(dir.path)).toEqual(["shop"]);
  });

  it('refuses "." when the current directory is not empty', async () => {
    await writeFile(join(dir.path, "x"), "");
    await expectRefused([".", "--yes", "--no-install", "--no-git"], "already exists and is not empty", 1);
  });
});

describe("option values and flags", () => {
  it.each([
    [["--framework", "django"], '--framework: invalid framework "django"; choose one of: fastapi, flask'],
    [["--db", "mysql"], '--db: invalid database "mysql"; choose one of: sqlite, postgres'],
    [["--orm", "peewee"], '--orm: invalid orm "peewee"; choose one of: sqlalchemy, none'],
    [["--auth", "oauth"], '--auth: invalid auth "oauth"; choose one of: jwt, none'],
    [
      ["--features", "cors,graphql"],
      'invalid feature "graphql"; choose one of: cors, uploads, tasks, docker, ci',
    ],
    [["--features", "cors,cors"], "a feature is listed twice"],
    [["--storage", "ftp"], '--storage: invalid storage "ftp"; choose one of: local, s3'],
    [["--storage", "s3", "--features", "cors"], "--storage s3 needs the uploads feature"],
  ])("refuses %j, listing the valid choices", async (flags, message) => {
    await expectRefused(["my-api", "--yes", ...flags], message);
  });

  it("refuses an unknown flag and suggests the nearest one", async () => {
    await expectRefused(
      ["my-api", "--framwork", "flask"],
      /unknown option '--framwork'\n\(Did you mean --framework\?\)/,
    );
  });

  it("refuses a second positional argument", async () => {
    await expectRefused(["my-api", "other"], /too many arguments/);
  });
});

describe("--yes with a conflicting flag combination", () => {
  it('refuses "--features none" combined with a feature', async () => {
    await expectRefused(
      ["my-api", "--yes", "--features", "none,cors"],
      '"--features none" cannot be combined',
    );
  });

  it("refuses an option given twice with different values", async () => {
    await expectRefused(
      ["my-api", "--yes", "--framework", "fastapi", "--framework", "flask"],
      '--framework was given twice ("fastapi" and "flask")',
    );
  });
});

describe("--json", () => {
  it("reports a refusal as one JSON object on stdout", async () => {
    const run = await runCli(["my-api", "--json", "--framework", "django"], { cwd: dir.path });
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: {
        message: '--framework: invalid framework "django"; choose one of: fastapi, flask',
        exitCode: 2,
      },
    });
    expect(await entries(dir.path)).toEqual([]);
  });

  it("reports an unknown flag as JSON too", async () => {
    const run = await runCli(["my-api", "--json", "--nope"], { cwd: dir.path });
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout).error.message).toContain("unknown option '--nope'");
  });
});
