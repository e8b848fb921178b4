import { join } from "node:path";
import { execa } from "execa";
import { expect } from "vitest";
import { staticChecks } from "./static-checks.js";

/**
 * Commands inside a generated project, for the end-to-end tests: each must succeed (its
 * output is the failure message), `commit` records the work tree, and `green` is the
 * bar every project is held to: ruff, mypy --strict, bandit, and its own tests.
 */
export function inProject(project: string, mypyCacheRoot: string, env: Record<string, string> = {}) {
  const sh = async (file: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const r = await execa(file, args, {
      cwd: project,
      env: { ...env, ...extraEnv },
      all: true,
      reject: false,
    });
    expect(r.exitCode, `${file} ${args.join(" ")}\n${r.all}`).toBe(0);
    return r.all ?? "";
  };
  const commit = async (message = "work") => {
    await sh("git", ["add", "-A"]);
    await sh("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message]);
  };
  const green = async () => {
    await sh("uv", ["run", "--no-sync", "ruff", "check", "."]);
    await sh("uv", ["run", "--no-sync", "ruff", "format", "--check", "."]);
    for (const [file, args] of staticChecks(join(mypyCacheRoot, ".mypy_cache"))) await sh(file, args);
    expect(await sh("uv", ["run", "--no-sync", "pytest", "-q", "-p", "no:cacheprovider"])).toMatch(
      /\d+ passed/,
    );
  };
  return { sh, commit, green };
}
