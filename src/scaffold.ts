import { randomBytes } from "node:crypto";
import type { GitOutcome } from "./git.js";
import type { InstallChecks, InstallOutcome } from "./install.js";
import { MANIFEST_PATH, parseManifest } from "./manifest.js";
import { DATA_ACCESS_COMMANDS, type Options } from "./options.js";
import type { RenderedFiles } from "./render/index.js";
import type { Reporter } from "./report.js";
import type { Target } from "./resolve.js";
import { assertWritableTarget, flushChanges } from "./tree/flush.js";
import { newTree } from "./tree/tree.js";
import { VERSION } from "./version.js";

export interface ScaffoldResult {
  path: string;
  options: Options;
  files: string[];
  dryRun: boolean;
  install: InstallOutcome | { tool: null; installed: false; tests: "not-run" };
  git: GitOutcome;
}

/** Renders the project in memory; heavy modules load only on this path. */
export async function renderProject(options: Options): Promise<RenderedFiles> {
  const [{ render }, { cliTemplates }] = await Promise.all([
    import("./render/index.js"),
    import("./render/templates.js"),
  ]);
  const { projectName, install: _install, git: _git, ...answers } = options;
  return render({ projectName, answers, version: VERSION }, await cliTemplates());
}

/**
 * `.env` is the one file that differs between two runs with the same answers:
 * it carries a fresh secret. It is not in the manifest and git ignores it.
 */
export function withEnvFile(files: RenderedFiles): Map<string, string> {
  const example = files.get(".env.example");
  if (example === undefined) return files;
  const env = example.replace(/^SECRET_KEY=.*$/m, `SECRET_KEY=${newSecretKey()}`);
  return new Map([...files, [".env", env]]);
}

/** A fresh signing key for the project's `.env`: never shared, never committed. */
function newSecretKey(): string {
  return randomBytes(48).toString("base64url");
}

/**
 * A PostgreSQL project's tests and development database need a server; when
 * none answers, the CLI says so and what to run later instead of failing.
 */
export async function postgresBlockers(
  options: Pick<Options, "database">,
  dir: string,
): Promise<Omit<InstallChecks, "head">> {
  if (options.database !== "postgres") {
    return { migrateBlocker: async () => undefined, testBlocker: async () => undefined };
  }
  const { isReachable, devDatabaseUrl, testDatabaseUrl } = await import("./database-probe.js");
  const { readFile } = await import("node:fs/promises");
  const dotenv = await readFile(`${dir}/.env`, "utf8").catch(() => undefined);
  const unreachable = async (url: string | undefined) => !url || !(await isReachable(url));
  return {
    migrateBlocker: async () =>
      (await unreachable(devDatabaseUrl(process.env, dotenv)))
        ? "the development database (DATABASE_URL in .env) is not answering, so it was not migrated; start it, e.g. docker compose up -d postgres"
        : undefined,
    testBlocker: async () =>
      (await unreachable(testDatabaseUrl(process.env, dotenv)))
        ? "the generated tests need PostgreSQL, and none answers at TEST_DATABASE_URL (see .env); start one, e.g. docker compose up -d postgres"
        : undefined,
  };
}

/** The newest migration of a rendered project: `0001`, or `0002` with auth (its roles migration). */
export function headMigration(files: Iterable<string>): string {
  const numbers = [...files].flatMap((path) => /^migrations\/(?:versions\/)?(\d{4})_/.exec(path)?.[1] ?? []);
  return numbers.sort().at(-1) ?? "0000";
}

export async function scaffold(
  options: Options,
  target: Target,
  reporter: Reporter,
  dryRun: boolean,
): Promise<ScaffoldResult> {
  assertWritableTarget(target.dir);
  const files = await renderProject(options);
  // What reaches the disk: the render and the project's own .env, each counted.
  const written = withEnvFile(files);
  const result: ScaffoldResult = {
    path: target.dir,
    options,
    files: [...written.keys()],
    dryRun,
    install: { tool: null, installed: false, tests: "not-run" },
    git: "skipped",
  };
  if (dryRun) return result;

  const writing = reporter.start(`Writing ${written.size} files to ${target.display}`);
  try {
    await flushChanges(target.dir, newTree(written));
  } catch (error) {
    writing.fail();
    throw error;
  }
  writing.done(`Wrote ${written.size} files to ${target.display} (manifest: ${MANIFEST_PATH})`);

  try {
    if (options.install) {
      const { planInstall, installAndVerify } = await import("./install.js");
      const migrate = DATA_ACCESS_COMMANDS[options.orm].migrate;
      const plan = await planInstall(target.dir, target.display, files.get("pyproject.toml") ?? "", migrate);
      result.install = await installAndVerify(target.dir, target.display, plan, reporter, {
        head: headMigration(files.keys()),
        ...(await postgresBlockers(options, target.dir)),
      });
    }
  } finally {
    // The first commit also records uv.lock when the install made one; a
    // failed install still leaves a repository the user can work in.
    if (options.git) {
      const { initRepository } = await import("./git.js");
      result.git = await initRepository(target.dir);
      if (result.git === "failed")
        reporter.warn("git init or the first commit failed; the project is fine without it");
      if (result.git === "committed") {
        // The base a later `upgrade` merges from (src/upgrade/pristine.ts).
        const { keepPristine } = await import("./upgrade/keep-pristine.js");
        const manifest = parseManifest(files.get(MANIFEST_PATH) as string, MANIFEST_PATH);
        await keepPristine(target.dir, manifest, "create", reporter, files);
      }
    }
  }
  return result;
}
