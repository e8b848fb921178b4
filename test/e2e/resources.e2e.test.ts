import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { fullStacks, stackFlags } from "../helpers/matrix.js";
import { inProject } from "../helpers/project-shell.js";
import { EVERY_TYPE, REFERENCING, SELF_REFERENCING } from "../helpers/resources.js";
import { staticChecks } from "../helpers/static-checks.js";

/**
 * `generate resource` end to end on every framework × database × data access
 * stack, with and without auth: three resources (every field type; required and
 * optional refs; a tree), private, owned and shared on JWT stacks, migrations from
 * scratch, ruff and the project's tests green, and the generated code passes mypy
 * --strict and bandit too (test/helpers/static-checks.ts); then `destroy` them in
 * reverse order and still green.
 */
let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-resources-");
});
afterAll(async () => {
  await root.cleanup();
});

const stacks = fullStacks().map((s) => ({ ...s, answers: { ...s.answers, features: [] } }));

describe.each(stacks.map((s) => [s.id, s] as const))("%s", (id, stack) => {
  it("generates three resources, stays green, and destroys them in reverse order cleanly", async () => {
    const env: Record<string, string> = {};
    if (stack.answers.database === "postgres") {
      expect(
        process.env.TEST_DATABASE_URL,
        "TEST_DATABASE_URL must be set (.ci/run starts PostgreSQL)",
      ).toBeTruthy();
      env.TEST_DATABASE_URL = process.env.TEST_DATABASE_URL as string;
    }
    const name = `res-${id}`;
    const made = await runCli([name, "--json", "--no-install", "--no-git", ...stackFlags(stack)], {
      cwd: root.path,
    });
    expect(made.exitCode, made.stdout).toBe(0);
    const project = join(root.path, name);
    const cli = (args: string[]) => runCli(args, { cwd: project });
    const { sh } = inProject(project, root.path, env);
    const green = async () => {
      await sh("uv", ["run", "--no-sync", "ruff", "check", "."]);
      await sh("uv", ["run", "--no-sync", "ruff", "format", "--check", "."]);
      expect(await sh("uv", ["run", "--no-sync", "pytest", "-q", "-p", "no:cacheprovider"])).toMatch(
        /\d+ passed/,
      );
    };
    await sh("uv", ["sync", "--quiet"]);

    // With accounts, each ownership once: gadgets are private, reviews owned, categories shared.
    const jwt = stack.answers.auth === "jwt";
    const access = (flag: string) => (jwt ? [flag] : []);
    const gadget = [...EVERY_TYPE, ...access("--private")];
    for (const resource of [gadget, REFERENCING, [...SELF_REFERENCING, ...access("--no-owner")]]) {
      const generated = await cli(["generate", "resource", ...resource]);
      expect(generated.exitCode, generated.stdout + generated.stderr).toBe(0);
    }
    if (!jwt) {
      const refused = await cli(["generate", "resource", "note", "title:string", "--private"]);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain("--private needs accounts");
      expect(existsSync(join(project, "app", "models", "note.py"))).toBe(false);
    }
    const again = await cli(["generate", "resource", ...gadget]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("Nothing to do");

    // The migrations build a fresh database from scratch, the new tables included.
    if (stack.answers.database === "sqlite") {
      const fresh = { DATABASE_URL: `sqlite:///${join(project, "fresh.db")}` };
      if (stack.answers.orm === "sqlalchemy") {
        await sh("uv", ["run", "--no-sync", "alembic", "upgrade", "head"], fresh);
        // Three resources after 0001, and after auth's 0002 (roles and sessions) on JWT stacks.
        const head = stack.answers.auth === "jwt" ? "0005" : "0004";
        expect(await sh("uv", ["run", "--no-sync", "alembic", "heads"])).toMatch(
          new RegExp(`^${head} \\(head\\)`),
        );
      } else {
        await sh("uv", ["run", "--no-sync", "python", "-m", "app.core.migrate"], fresh);
      }
    }
    await green();
    // Once per stack, with every resource in: the most generated code there will be.
    for (const [file, args] of staticChecks(join(root.path, ".mypy_cache"))) await sh(file, args);

    // A resource another refers to cannot go first.
    const refused = await cli(["destroy", "resource", "gadget"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("is referenced by review");
    for (const resource of ["category", "review", "gadget"]) {
      const destroyed = await cli(["destroy", "resource", resource]);
      expect(destroyed.exitCode, destroyed.stdout + destroyed.stderr).toBe(0);
    }
    await green();
  });
});
