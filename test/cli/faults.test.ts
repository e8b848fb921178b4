import { randomUUID } from "node:crypto";
import { chmod, lstat, mkdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, entries, runCli, tempDir } from "../helpers/cli.js";
import {
  canMountReadOnly,
  ESC,
  fakeBin,
  killMarked,
  MARK_VARIABLE,
  processesMarked,
  STAGING_HOOK,
  startCli,
  waitForFile,
} from "../helpers/faults.js";

/**
 * Faults a user meets, against the built CLI: a target it may not write, a
 * target that appears meanwhile, signals, missing or failing tools. Each ends
 * with a clear message, the promised exit code, and no half-written state.
 */

let dir: { path: string; cleanup: () => Promise<void> };
let mark: string;
beforeEach(async () => {
  dir = await tempDir("cb-faults-");
  mark = randomUUID();
});
afterEach(async () => {
  killMarked(mark);
  await dir.cleanup();
});

const NO_INSTALL = ["--yes", "--no-install", "--no-git"];

describe("a target the CLI may not write", () => {
  it("refuses a read-only file system, writing nothing (a read-only bind mount in a mount namespace)", async (ctx) => {
    if (!(await canMountReadOnly())) ctx.skip();
    const ro = join(dir.path, "ro");
    await mkdir(ro);
    const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && cd "$1" && shift && exec "$@"';
    const run = await execa(
      "unshare",
      ["--mount", "--", "sh", "-c", script, "sh", ro, process.execPath, BIN, "my-api", ...NO_INSTALL],
      { env: { CI: "true", NO_COLOR: "1" }, reject: false },
    );
    expect(run.stderr).toContain(`error: cannot write the project at ${ro}: read-only file system`);
    expect(run.stderr).toContain("hint: nothing was written");
    expect(run.exitCode).toBe(1);
    expect(await entries(ro)).toEqual([]);
  });

  it("refuses a full disk, leaving no half-written project (a 64 KiB tmpfs)", async (ctx) => {
    if (!(await canMountReadOnly())) ctx.skip();
    const small = join(dir.path, "small");
    await mkdir(small);
    const script =
      'mount -t tmpfs -o size=64k none "$1" && cd "$1" && shift && "$@"; code=$?; echo ::listing; ls -A; exit $code';
    const run = await execa(
      "unshare",
      ["--mount", "--", "sh", "-c", script, "sh", small, process.execPath, BIN, "my-api", ...NO_INSTALL],
      { env: { CI: "true", NO_COLOR: "1" }, reject: false },
    );
    expect(run.stderr).toContain("no space left on device");
    expect(run.stderr).toContain("hint: nothing was written");
    expect(run.exitCode).toBe(1);
    // `ls -A` ran inside the namespace, on the full tmpfs, after the CLI exited.
    expect(run.stdout).toMatch(/::listing$/);
  });

  // As root, permissions are no obstacle: the CLI then runs as nobody (uid 65534).
  const asSomeoneElse = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  it.each([
    ["a new directory", "my-api", ""],
    ['"."', ".", "shop"],
  ])("refuses %s in a folder without write permission", async (_what, arg, sub) => {
    await chmod(dir.path, 0o755);
    const locked = join(dir.path, "locked");
    await mkdir(join(locked, sub), { recursive: true });
    await chmod(join(locked, sub), 0o555);
    await chmod(locked, 0o555);
    const cwd = join(locked, sub);
    const run = await execa(process.execPath, [BIN, arg, ...NO_INSTALL], {
      cwd,
      env: { CI: "true", NO_COLOR: "1", HOME: dir.path },
      reject: false,
      ...asSomeoneElse,
    });
    expect(run.stderr).toContain(`error: cannot write the project at ${cwd}: permission denied`);
    expect(run.exitCode).toBe(1);
    expect(await entries(cwd)).toEqual([]);
  });
});

describe("a target that appears between the check and the write", () => {
  // The preload hook plays the other process: it creates the target just
  // before the CLI's rename, after every emptiness check has passed.
  const race = (action: string, target: string, cwd = dir.path, args = ["p", ...NO_INSTALL]) =>
    startCli(args, {
      cwd,
      preload: STAGING_HOOK,
      env: {
        CB_HOOK_ACTION: action,
        CB_HOOK_TARGET: target,
        CB_HOOK_LINK_TO: join(dir.path, "elsewhere"),
      },
    });

  it("refuses, keeping the intruder's files and leaving no temporary directory", async () => {
    const run = await race("intrude-dir", join(dir.path, "p"));
    expect(run.stderr).toContain("was created by something else while the project was being written");
    expect(run.exitCode).toBe(1);
    expect(await entries(dir.path)).toEqual(["p"]);
    expect(await entries(join(dir.path, "p"))).toEqual(["theirs.txt"]);
  });

  it("refuses a file put in its place, and leaves the file as it was", async () => {
    const run = await race("intrude-file", join(dir.path, "p"));
    expect(run.exitCode).toBe(1);
    expect(await readFile(join(dir.path, "p"), "utf8")).toBe("theirs");
    expect(await entries(dir.path)).toEqual(["p"]);
  });

  it("refuses a symlink put in its place, writing nothing through it", async () => {
    await mkdir(join(dir.path, "elsewhere"));
    const run = await race("intrude-symlink", join(dir.path, "p"));
    expect(run.exitCode).toBe(1);
    expect((await lstat(join(dir.path, "p"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir.path, "p"))).toBe(join(dir.path, "elsewhere"));
    expect(await entries(join(dir.path, "elsewhere"))).toEqual([]);
    expect(await entries(dir.path)).toEqual(["elsewhere", "p"]);
  });

  it('in ".", never replaces a file someone put there meanwhile, and takes its own entries back', async () => {
    const here = join(dir.path, "shop");
    await mkdir(here);
    // A second moved entry is a file named like one of ours: the first is already in.
    const run = await startCli([".", ...NO_INSTALL], {
      cwd: here,
      preload: STAGING_HOOK,
      env: { CB_HOOK_ACTION: "intrude-entry", CB_HOOK_AT: "2", CB_HOOK_TARGET: join(here, "README.md") },
    });
    expect(run.stderr).toContain(`something else put files in ${here}`);
    expect(run.exitCode).toBe(1);
    expect(await entries(here)).toEqual(["README.md"]);
    expect(await readFile(join(here, "README.md"), "utf8")).toBe("theirs");
  });
});

describe("a signal while the project is being written", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s leaves nothing behind and exits %i", async (signal, code) => {
    const reached = join(dir.path, "reached");
    const work = join(dir.path, "work");
    await mkdir(work);
    const cli = startCli(["p", ...NO_INSTALL], {
      cwd: work,
      preload: STAGING_HOOK,
      env: { CB_HOOK_ACTION: "pause", CB_HOOK_MARK: reached },
    });
    await waitForFile(reached);
    // The project is complete in its staging directory, not yet in place.
    expect((await entries(work)).some((e) => e.startsWith(".p.create-backend-"))).toBe(true);
    cli.kill(signal);
    const run = await cli;
    expect(run.exitCode).toBe(code);
    expect(run.stderr).toMatch(/\nCancelled$/);
    expect(await entries(work)).toEqual([]);
  });

  it('in ".", takes back the entries already moved in when interrupted part-way', async () => {
    const reached = join(dir.path, "reached");
    const here = join(dir.path, "shop");
    await mkdir(here);
    const cli = startCli([".", ...NO_INSTALL], {
      cwd: here,
      preload: STAGING_HOOK,
      env: { CB_HOOK_ACTION: "pause", CB_HOOK_AT: "4", CB_HOOK_MARK: reached },
    });
    await waitForFile(reached);
    // Three entries are in "." already.
    expect((await entries(here)).filter((e) => !e.includes(".create-backend-")).length).toBe(3);
    cli.kill("SIGINT");
    const run = await cli;
    expect(run.exitCode).toBe(130);
    expect(await entries(here)).toEqual([]);
  });

  it("under --json, reports the cancellation as the one JSON object", async () => {
    const reached = join(dir.path, "reached");
    const work = join(dir.path, "work");
    await mkdir(work);
    const cli = startCli(["p", "--json", "--no-install", "--no-git"], {
      cwd: work,
      preload: STAGING_HOOK,
      env: { CB_HOOK_ACTION: "pause", CB_HOOK_MARK: reached },
    });
    await waitForFile(reached);
    cli.kill("SIGTERM");
    const run = await cli;
    expect(run.exitCode).toBe(143);
    expect(JSON.parse(String(run.stdout))).toEqual({
      ok: false,
      error: { message: "cancelled by SIGTERM", exitCode: 143 },
    });
    expect(await entries(work)).toEqual([]);
  });
});

/** A uv that hangs (with a grandchild) or fails on the subcommand its environment names. */
const FAKE_UV = `
[ "$1" = "--version" ] && { echo "uv 0.0.0-fake"; exit 0; }
# The step: "sync", or what "uv run" runs ("alembic", "pytest").
step="$1"; [ "$1" = run ] && step="$2"
if [ "$step" = "$FAKE_UV_HANG" ]; then
  if [ -n "$FAKE_UV_STUBBORN" ]; then (trap '' TERM; exec /bin/sleep 300) & else /bin/sleep 300 & fi
  : > "$FAKE_UV_MARK"
  wait
fi
if [ "$step" = "$FAKE_UV_FAIL" ]; then
  printf '\\033[31mFAILED\\033[0m tests/test_items.py::test_create - assert 201 == 500\\n'
  printf '\\033[31m1 failed\\033[0m, 40 passed in 1.2s\\n'
  exit 1
fi
exit 0`;

describe("a signal during the install", () => {
  const install = async (env: Record<string, string>, args: string[] = ["p", "--yes", "--no-git"]) => {
    const bin = await fakeBin(dir.path, { uv: FAKE_UV });
    const reached = join(dir.path, "reached");
    const cli = startCli(args, {
      cwd: dir.path,
      env: { PATH: bin, FAKE_UV_MARK: reached, [MARK_VARIABLE]: mark, ...env },
    });
    await waitForFile(reached);
    // The grandchild is running before the signal is sent (it may take a moment to exec).
    const sleeping = () => processesMarked(mark).some((p) => p.includes("sleep 300"));
    for (let i = 0; i < 100 && !sleeping(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(sleeping()).toBe(true);
    // Wrapped: an async function returning the subprocess itself would wait for it.
    return { cli };
  };

  /** Orphans are reaped by init a moment after the CLI exits; give them that moment. */
  async function expectNoneLeft(): Promise<void> {
    for (let i = 0; i < 40 && processesMarked(mark).length > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(processesMarked(mark)).toEqual([]);
  }

  it.each([
    ["SIGINT", 130, "sync"],
    ["SIGTERM", 143, "sync"],
    ["SIGINT", 130, "alembic"],
    ["SIGINT", 130, "pytest"],
  ] as const)(
    "%s (exit %i) during %s stops every child, keeps the project and says how to resume",
    async (signal, code, step) => {
      const { cli } = await install({ FAKE_UV_HANG: step });
      cli.kill(signal);
      const run = await cli;
      expect(run.exitCode).toBe(code);
      expect(run.stderr).toContain(
        "Cancelled: the project is kept in p; to finish: cd p && uv sync && uv run alembic upgrade head && uv run pytest -q",
      );
      await expectNoneLeft();
      expect(await entries(join(dir.path, "p"))).toContain(".create-backend.json");
    },
  );

  it("kills a child that ignores SIGTERM after a short grace period", async () => {
    const { cli } = await install({ FAKE_UV_HANG: "sync", FAKE_UV_STUBBORN: "1" });
    const started = Date.now();
    cli.kill("SIGINT");
    const run = await cli;
    expect(run.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expectNoneLeft();
  });

  it("under --json, the cancellation is the one JSON object, with how to resume", async () => {
    const { cli } = await install({ FAKE_UV_HANG: "sync" }, ["p", "--json", "--no-git"]);
    cli.kill("SIGTERM");
    const run = await cli;
    expect(run.exitCode).toBe(143);
    expect(JSON.parse(String(run.stdout))).toEqual({
      ok: false,
      error: {
        message: "cancelled by SIGTERM",
        exitCode: 143,
        hint: "the project is kept in p; to finish: cd p && uv sync && uv run alembic upgrade head && uv run pytest -q",
      },
    });
    expect(run.stderr).toBe("");
    await expectNoneLeft();
  });
});

describe("install and test failures", () => {
  it("the generated tests failing: exit 1, their last lines without colour codes, how to retry", async () => {
    const bin = await fakeBin(dir.path, { uv: FAKE_UV });
    const run = await runCli(["p", "--yes", "--no-git"], {
      cwd: dir.path,
      // The tools' colours are forced on: what we show again must still be plain.
      env: { PATH: bin, FAKE_UV_FAIL: "pytest", FORCE_COLOR: "1", NO_COLOR: undefined },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: "uv run pytest -q" failed (exit code 1)');
    expect(run.stderr).toContain("  | 1 failed, 40 passed in 1.2s");
    expect(run.stderr).toContain("hint: the project was kept; fix the cause, then run:\n  cd p\n  uv sync\n");
    expect(run.stderr + run.stdout).not.toContain(ESC);
    expect(await entries(join(dir.path, "p"))).toContain("pyproject.toml");
  });

  it("the first migration failing: exit 1, its last lines, the migrate and test commands to retry", async () => {
    const bin = await fakeBin(dir.path, { uv: FAKE_UV });
    const run = await runCli(["p", "--yes", "--no-git", "--orm", "none"], {
      cwd: dir.path,
      env: { PATH: bin, FAKE_UV_FAIL: "python" },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: "uv run python -m app.core.migrate" failed (exit code 1)');
    expect(run.stderr).toContain("  | 1 failed, 40 passed in 1.2s");
    expect(run.stderr).toContain(
      "then run:\n  cd p\n  uv sync\n  uv run python -m app.core.migrate\n  uv run pytest -q",
    );
    expect(await entries(join(dir.path, "p"))).toContain("pyproject.toml");
  });

  it("says the development database was migrated, and leaves that out of the next steps", async () => {
    const bin = await fakeBin(dir.path, { uv: FAKE_UV });
    const run = await runCli(["p", "--yes", "--no-git"], { cwd: dir.path, env: { PATH: bin } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Database migrated to 0002");
    expect(run.stdout).not.toContain("alembic upgrade head\n");
    expect(run.stdout).toContain("uv run uvicorn app.main:app --reload");
  });

  it("under --json, an install failure is one JSON object with the phase, output and retry commands", async () => {
    const bin = await fakeBin(dir.path, { uv: FAKE_UV });
    const run = await runCli(["p", "--json", "--no-git"], {
      cwd: dir.path,
      // With NO_COLOR as well, Node itself would warn on stderr that FORCE_COLOR wins.
      env: { PATH: bin, FAKE_UV_FAIL: "sync", FORCE_COLOR: "3", NO_COLOR: undefined },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: false,
      error: {
        message: '"uv sync" failed (exit code 1)',
        exitCode: 1,
        phase: "install",
        retry: ["cd p", "uv sync", "uv run alembic upgrade head", "uv run pytest -q"],
      },
    });
    expect(result.error.output).toContain("1 failed, 40 passed in 1.2s");
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).not.toContain("\\u001b");
  });

  it.each([
    ["too old", "echo 3.8", "but python3 is 3.8"],
    [
      "broken",
      "echo 'pyenv: python3: command not found' >&2; exit 127",
      "but python3 does not run (exit code 127)",
    ],
  ])("without uv, a python3 that is %s is named, and the project kept", async (_what, body, why) => {
    const bin = await fakeBin(dir.path, { python3: body });
    const run = await runCli(["p", "--yes", "--no-git"], { cwd: dir.path, env: { PATH: bin } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: Python 3.10 or newer is needed to install the project, ${why}`);
    expect(run.stderr).toContain("python3 -m venv .venv");
    expect(await entries(join(dir.path, "p"))).toContain(".create-backend.json");
  });

  it("under --json, a missing Python is one JSON object too", async () => {
    const bin = await fakeBin(dir.path, {});
    const run = await runCli(["p", "--json", "--no-git"], { cwd: dir.path, env: { PATH: bin } });
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(false);
    expect(result.error.message).toContain("python3 was not found on the PATH");
    expect(result.error.hint).toContain("the project was kept in p");
  });
});

describe("an old Node.js", () => {
  it.each(["18.19.0", "16.20.2", "19.9.0", "20.11.1"])(
    "%s gets one line naming the version needed, and exit 1",
    async (version) => {
      const preload = join(dir.path, "old-node.mjs");
      // The shim reads process.versions.node; the preload makes this Node claim another version.
      await writeFile(
        preload,
        `Object.defineProperty(process, "versions", { value: { ...process.versions, node: ${JSON.stringify(version)} } });\n`,
      );
      const run = await execa(process.execPath, ["--import", preload, BIN, "my-api", "--yes"], {
        cwd: dir.path,
        reject: false,
      });
      expect(run.stderr).toBe(`create-backend needs Node.js 20.12 or newer; this is Node.js ${version}.`);
      expect(run.stdout).toBe("");
      expect(run.exitCode).toBe(1);
      expect(await entries(dir.path)).toEqual(["old-node.mjs"]);
    },
  );
});
