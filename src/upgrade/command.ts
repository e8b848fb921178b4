import { CliError, EXIT, UsageError } from "../errors.js";
import { isMigrationFile } from "../generate/migrations.js";
import { findProject, readManifest } from "../generate/project.js";
import type { InstallOutcome } from "../install.js";
import { fileHash, MANIFEST_PATH, type Manifest, parseManifest, serialiseManifest } from "../manifest.js";
import { catchUpMigrations, render } from "../render/index.js";
import { cliTemplates } from "../render/templates.js";
import type { Reporter } from "../report.js";
import { describe } from "../tree/change.js";
import { flushChanges } from "../tree/flush.js";
import type { Tree } from "../tree/tree.js";
import { VERSION } from "../version.js";
import { declaredSince, type Since } from "./declared.js";
import { applyDecisions, readCurrent, refuseDirtyTree } from "./disk.js";
import { type Decision, isConflict, planUpgrade, writes } from "./plan.js";
import { readPristineOf, recordPristine } from "./pristine.js";
import { renderWithRelease } from "./release-base.js";
import { replayResources } from "./render-state.js";
import { type WrittenMigration, writeSchemaCatchUp } from "./schema-catch-up.js";
import { hasConflictMarkers, mergeInProcess } from "./three-way.js";
import { installAndTest, installSummary, missingSettings } from "./verify.js";
import { compareVersions } from "./versions.js";

export interface UpgradeFlags {
  dryRun?: boolean;
  check?: boolean;
  allowDirty?: boolean;
  restore?: boolean;
  continue?: boolean;
  baseRelease?: string;
  offline?: boolean;
  /** commander's `--no-install`: false when given. */
  install?: boolean;
}

/** Where B came from (README, "Upgrading a project"). */
export type BaseSource = "pristine" | "re-rendered" | "release" | "hashes";

export interface UpgradeResult {
  project: string;
  from: string;
  to: string;
  /** Null for --continue, which plans nothing. */
  base: BaseSource | null;
  /** Why there is no exact base, in hash-only mode. */
  baseWhy?: string;
  dryRun: boolean;
  upToDate: boolean;
  files: { path: string; action: Decision["action"]; why?: string; from?: string; movedTo?: string }[];
  /** New migrations on the current head: what this version's schema adds. */
  migrations: WrittenMigration[];
  conflicts: string[];
  /** Settings `.env.example` names that `.env` (never written by upgrade) does not set. */
  newSettings: string[];
  /** Installed, migrated and tested afterwards (unless --no-install or conflicts). */
  install?: InstallOutcome;
  diff?: string;
}

/** Never written by upgrade: the owner's settings, applied migrations, lock files. */
export const untouchable = (path: string) =>
  path === ".env" ||
  path === MANIFEST_PATH ||
  isMigrationFile(path) ||
  path.endsWith(".lock") ||
  path === "package-lock.json";

/**
 * `create-backend upgrade`: brings a project made by an older version to this one,
 * keeping its owner's edits (three-way merges), or says what it would do (--dry-run,
 * --check).
 */
export async function runUpgrade(
  cwd: string,
  flags: UpgradeFlags,
  reporter: Reporter,
): Promise<UpgradeResult> {
  const { root, tree } = findProject(cwd);
  const { manifest, recorded, recordedAnswers, since } = readForUpgrade(tree);
  if (compareVersions(manifest.version, VERSION) > 0) {
    throw new UsageError(
      `this project was made by create-backend ${manifest.version}, newer than this one (${VERSION}): upgrade never goes back`,
      `run it with that version or later: npx create-backend@${manifest.version} upgrade`,
    );
  }
  const owned = [...Object.keys(manifest.files), ...manifest.resources.flatMap((r) => Object.keys(r.files))];
  const marked = owned.filter((path) => hasConflictMarkers(tree.read(path) ?? ""));
  if (marked.length) {
    throw new CliError(`conflict markers from an earlier upgrade are still in: ${marked.join(", ")}`, {
      exitCode: flags.continue ? EXIT.failure : EXIT.usage,
      hint: "resolve them (keep the lines you want, delete the <<<<<<< ||||||| ======= >>>>>>> lines), then run create-backend upgrade --continue",
    });
  }
  if (flags.continue) {
    // Nothing is planned again: the run that left the markers had its base.
    const done = result(root, manifest.version, manifest.version, null, [], flags);
    if (flags.install !== false) done.install = await installAndTest(root, manifest.answers, reporter);
    // Said so that it is true whether or not an upgrade left conflicts to resolve.
    reporter.close(
      `No conflict markers left: the project is at create-backend ${manifest.version}${done.install ? `; ${installSummary(done.install)}` : ""}.`,
    );
    return done;
  }
  const writing = !flags.dryRun && !flags.check;
  if (writing && !flags.allowDirty) await refuseDirtyTree(root, "upgrade");

  const store = await cliTemplates();
  const { projectName, ...answers } = manifest.answers;
  // A new project's render, then N: the same with the project's resources generated on it.
  const fresh = render({ projectName, answers, version: VERSION }, store);
  const next = await replayResources(fresh, manifest.resources, store);
  const sameVersion = manifest.version === VERSION;
  const { base, source, why } = await findBase(
    root,
    { manifest, recorded, recordedAnswers },
    next,
    flags,
    reporter,
  );

  const paths = new Set([...(base?.keys() ?? []), ...next.keys(), ...Object.keys(manifest.files)]);
  const current = await readCurrent(root, tree, paths);
  const decisions = planUpgrade({
    current,
    base,
    next,
    recorded: new Map(Object.entries(manifest.files)),
    untouchable,
    renames: since.renames,
    restore: Boolean(flags.restore),
    merge: mergeInProcess,
    labels: {
      current: "yours",
      base: `create-backend ${manifest.version}`,
      next: `create-backend ${VERSION}`,
    },
  });

  applyDecisions(tree, decisions);
  const schema = writeSchemaCatchUp(
    tree,
    answers.orm,
    new Map([...fresh].filter(([path]) => isMigrationFile(path))),
    catchUpMigrations({ projectName, answers, version: VERSION }, store),
    manifest.version,
    VERSION,
  );
  const migrations = schema.written;
  if (schema.missingInitial) {
    reporter.warn(
      `no ${schema.missingInitial} (or any migration named initial): this version's schema changes were not written; add them by hand, or put the migrations back and run upgrade again`,
    );
  }
  const changed = tree.listChanges().length > 0 || !sameVersion;
  if (changed) tree.write(MANIFEST_PATH, upgradedManifest(manifest, decisions, next));
  const outcome = result(root, manifest.version, VERSION, source, decisions, flags);
  if (why) outcome.baseWhy = why;
  outcome.migrations = migrations;
  outcome.newSettings = missingSettings(next.get(".env.example") ?? "", tree.read(".env"));
  outcome.upToDate = !changed;

  if (!writing) {
    if (flags.dryRun) {
      outcome.diff = describe(tree.listChanges());
      reporter.info(`Upgrade from ${manifest.version} to ${VERSION} (base: ${source})`);
      reporter.info(planTable(decisions, migrations));
      if (outcome.diff) reporter.info(outcome.diff);
    }
    if (flags.check && changed) {
      throw new CliError(`create-backend ${VERSION} would change this project (${summary(decisions)})`, {
        hint: "run create-backend upgrade --dry-run to see how",
        result: outcome,
      });
    }
    reporter.close(changed ? "Dry run: nothing was written." : `Up to date with create-backend ${VERSION}.`);
    return outcome;
  }
  if (!changed) {
    reporter.close(`Up to date with create-backend ${VERSION}.`);
    return outcome;
  }
  await flushChanges(root, tree);
  await recordPristine(root, next, `create-backend ${VERSION}: upgrade from ${manifest.version}`).catch(
    (error: Error) => reporter.warn(`could not record the pristine render: ${error.message}`),
  );
  reporter.note(
    `Upgraded from ${manifest.version} to ${VERSION} (base: ${source})`,
    planTable(decisions, migrations).split("\n"),
  );
  if (outcome.newSettings.length) {
    reporter.warn(`.env does not set ${outcome.newSettings.join(", ")} yet: see .env.example`);
  }
  if (outcome.conflicts.length) {
    throw new CliError(`${outcome.conflicts.length} file(s) need a hand: ${outcome.conflicts.join(", ")}`, {
      hint: "resolve the conflict markers in them, then run create-backend upgrade --continue",
      result: outcome,
    });
  }
  if (flags.install === false) {
    reporter.close("Next: install, apply the migrations and run the tests (see the project's README).");
    return outcome;
  }
  outcome.install = await installAndTest(root, manifest.answers, reporter);
  reporter.close(`Upgraded to ${VERSION}: ${installSummary(outcome.install)}.`);
  return outcome;
}

/**
 * The manifest with the declared changes of every release since its version applied to
 * its answers (a renamed option), and the answers as recorded, which the project's own
 * release understands.
 */
function readForUpgrade(tree: Tree): Recorded & { since: Since } {
  const recorded = readManifest(tree);
  const raw = JSON.parse(tree.read(MANIFEST_PATH) as string) as { answers: Record<string, unknown> };
  const since = declaredSince(recorded.version, VERSION);
  const manifest = parseManifest(
    JSON.stringify({ ...raw, answers: since.answers(raw.answers) }),
    MANIFEST_PATH,
  );
  return { manifest, recorded, recordedAnswers: raw.answers, since };
}

/** The manifest after the upgrade: this version, and the hash of what it rendered for each file. */
function upgradedManifest(
  manifest: Manifest,
  decisions: Decision[],
  next: ReadonlyMap<string, string>,
): string {
  const files = { ...manifest.files };
  const ofResources = new Set(manifest.resources.flatMap((r) => Object.keys(r.files)));
  for (const d of decisions) {
    const rendered = next.get(d.path);
    if (d.action === "delete") delete files[d.path];
    // What this version renders for every path it owns: a file it wrote (a conflict too,
    // so --continue finds its markers), or one it would have, kept as its owner has it.
    // Untouchable files keep the hash of what was written; resources' files are theirs.
    else if (rendered !== undefined && !untouchable(d.path) && !ofResources.has(d.path))
      if (d.path in files || writes(d)) files[d.path] = fileHash(rendered);
  }
  const resources = manifest.resources.map((r) => ({
    ...r,
    files: Object.fromEntries(
      Object.entries(r.files).map(([path, hash]) => {
        const rendered = next.get(path);
        return [path, rendered === undefined || untouchable(path) ? hash : fileHash(rendered)];
      }),
    ),
  }));
  return serialiseManifest({ ...manifest, version: VERSION, files, resources });
}

function result(
  project: string,
  from: string,
  to: string,
  base: BaseSource | null,
  decisions: Decision[],
  flags: UpgradeFlags,
): UpgradeResult {
  return {
    project,
    from,
    to,
    base,
    dryRun: Boolean(flags.dryRun || flags.check),
    upToDate: true,
    migrations: [],
    newSettings: [],
    files: decisions
      .filter((d) => d.action !== "unchanged")
      .map((d) => ({
        path: d.path,
        action: d.action,
        ...(d.action === "keep" ? { why: d.why } : {}),
        ...("from" in d && d.from ? { from: d.from } : {}),
        ...(d.action === "delete" && d.movedTo ? { movedTo: d.movedTo } : {}),
      })),
    conflicts: decisions.filter(isConflict).map((d) => d.path),
  };
}

const WHY: Record<string, string> = {
  "changed-and-dropped": "this version no longer has it; you changed it, so it stays",
  "deleted-by-you": "you deleted it; it stays deleted (--restore brings it back)",
  "never-touched": "never written by upgrade",
};

/** One line a file that is not unchanged: the plan as a table. */
export function planTable(decisions: Decision[], migrations: WrittenMigration[] = []): string {
  const rows = decisions.filter((d) => d.action !== "unchanged");
  if (!rows.length && !migrations.length) return "every file is as this version renders it";
  return [
    ...rows.map((d) => `${d.action.padEnd(9)} ${d.path}${note(d)}`),
    ...migrations.map((m) => `${"add".padEnd(9)} ${m.path}  (the schema: ${m.source})`),
  ].join("\n");
}

/**
 * B, from the best source there is: the pristine ref; this version's render when the
 * project is this version's; the project's own release, replayed; else none (hash-only
 * mode, said out loud).
 */
interface Recorded {
  /** The manifest with the declared changes since its version applied. */
  manifest: Manifest;
  /** As it is on disk. */
  recorded: Manifest;
  recordedAnswers: Record<string, unknown>;
}

async function findBase(
  root: string,
  { manifest, recorded, recordedAnswers }: Recorded,
  /** N: what this version renders, which is B too when the project is this version's. */
  next: ReadonlyMap<string, string>,
  flags: UpgradeFlags,
  reporter: Reporter,
): Promise<{ base: ReadonlyMap<string, string> | undefined; source: BaseSource; why?: string }> {
  const pristine = await readPristineOf(root, recorded);
  if (pristine) return { base: pristine, source: "pristine" };
  if (manifest.version === VERSION) return { base: next, source: "re-rendered" };
  const release = await renderWithRelease(manifest, recordedAnswers, {
    path: flags.baseRelease,
    offline: flags.offline,
  });
  if (release.files) return { base: release.files, source: "release" };
  if (flags.baseRelease !== undefined) {
    // Asked for by name: falling back to the hashes would hide a wrong path or package.
    throw new UsageError(
      `--base-release gives no base: ${release.why}`,
      "check the path; without --base-release, upgrade works from the manifest's hashes (changed files get two-way conflicts)",
    );
  }
  reporter.warn(
    `no exact base for this project (${release.why}): files you changed get two-way conflicts, never a silent overwrite; --base-release <create-backend-${manifest.version}.tgz> gives the exact base`,
  );
  return { base: undefined, source: "hashes", why: release.why };
}

function note(d: Decision): string {
  if (d.action === "keep") return `  (${WHY[d.why]})`;
  if (d.action === "delete" && d.movedTo) return `  (moved to ${d.movedTo})`;
  if ("from" in d && d.from) return `  (moved from ${d.from})`;
  return "";
}

function summary(decisions: Decision[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions)
    if (d.action !== "unchanged") counts.set(d.action, (counts.get(d.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} ${action}`).join(", ") || "the manifest's version";
}
