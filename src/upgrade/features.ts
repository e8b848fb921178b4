import { CliError, UsageError } from "../errors.js";
import { initialMigration, nextMigration } from "../generate/migrations.js";
import { findProject, readManifest, writeManifest } from "../generate/project.js";
import type { InstallOutcome } from "../install.js";
import type { Manifest } from "../manifest.js";
import { canonicalFeatures, FEATURES, type Feature, STORAGES, type Storage } from "../options.js";
import { cliTemplates } from "../render/templates.js";
import type { Reporter } from "../report.js";
import { describe } from "../tree/change.js";
import { flushChanges } from "../tree/flush.js";
import { VERSION } from "../version.js";
import { planTable, untouchable } from "./command.js";
import { applyDecisions, readCurrent, refuseDirtyTree } from "./disk.js";
import { featureMigration } from "./feature-migration.js";
import { keepPristine } from "./keep-pristine.js";
import { type Decision, isConflict, planUpgrade } from "./plan.js";
import { renderState } from "./render-state.js";
import { mergeInProcess } from "./three-way.js";
import { installAndTest, installSummary, missingSettings } from "./verify.js";

export interface FeatureFlags {
  dryRun?: boolean;
  force?: boolean;
  allowDirty?: boolean;
  storage?: string;
  /** commander's `--no-install`: false when given. */
  install?: boolean;
}

export interface FeatureResult {
  project: string;
  feature: Feature;
  direction: "add" | "remove";
  dryRun: boolean;
  upToDate: boolean;
  files: { path: string; action: Decision["action"] }[];
  conflicts: string[];
  migration: string | null;
  /** Settings the feature reads that `.env` (never written by the CLI) does not set yet. */
  newSettings: string[];
  /** Installed, migrated and tested afterwards (unless --no-install). */
  install?: InstallOutcome;
  diff?: string;
}

/**
 * `create-backend add <feature>` and `remove <feature>`: the project as if it had been
 * made with (or without) the feature, merged with its owner's edits like an upgrade: B
 * renders the old answers, N the new ones, C is the disk. The feature's tables come and
 * go as a new migration on the current head.
 */
export async function runFeature(
  cwd: string,
  direction: "add" | "remove",
  name: string,
  flags: FeatureFlags,
  reporter: Reporter,
): Promise<FeatureResult> {
  if (name === "auth") {
    throw new UsageError(
      "auth cannot be added or removed later: every owned table's owner_id, the users and their sessions would change with it",
      "make a new project with the --auth you want and move the code over",
    );
  }
  const feature = FEATURES.find((f) => f === name);
  if (!feature) {
    throw new UsageError(`unknown feature "${name}"`, `one of: ${FEATURES.join(", ")}`);
  }
  if (flags.storage !== undefined && (direction === "remove" || feature !== "uploads")) {
    throw new UsageError("--storage goes with add uploads only");
  }
  const storage = STORAGES.find((s) => s === (flags.storage ?? "local"));
  if (!storage) throw new UsageError(`unknown storage "${flags.storage}"`, `one of: ${STORAGES.join(", ")}`);
  const { root, tree } = findProject(cwd);
  const manifest = readManifest(tree);
  if (manifest.version !== VERSION) {
    throw new UsageError(
      `this project was made by create-backend ${manifest.version}, and this is ${VERSION}`,
      "bring it to this version first: create-backend upgrade",
    );
  }
  const has = manifest.answers.features.includes(feature);
  if (
    has &&
    direction === "add" &&
    flags.storage !== undefined &&
    flags.storage !== manifest.answers.storage
  ) {
    // Moving the files already stored is not something add can do for the owner.
    throw new UsageError(
      `the project has uploads already, stored on ${manifest.answers.storage}: add cannot change where they are stored`,
      `to start over on ${flags.storage}: create-backend remove uploads, then create-backend add uploads --storage ${flags.storage} (files stored so far stay where they are)`,
    );
  }
  const result: FeatureResult = {
    project: root,
    feature,
    direction,
    dryRun: Boolean(flags.dryRun),
    upToDate: has === (direction === "add"),
    files: [],
    conflicts: [],
    migration: null,
    newSettings: [],
  };
  if (result.upToDate) {
    reporter.close(`Nothing to do: the project ${has ? "has" : "does not have"} ${feature} already.`);
    return result;
  }
  if (!flags.dryRun && !flags.allowDirty) await refuseDirtyTree(root, direction);

  const store = await cliTemplates();
  const after = withFeature(manifest, feature, direction, storage);
  const base = await renderState(manifest, VERSION, store);
  const next = await renderState(after, VERSION, store);
  const current = await readCurrent(root, tree, new Set([...base.keys(), ...next.keys()]));
  if (direction === "remove" && !flags.force) {
    const changed = [...base.keys()].filter(
      (path) =>
        !next.has(path) &&
        !untouchable(path) &&
        current.has(path) &&
        current.get(path)?.text !== base.get(path),
    );
    if (changed.length) {
      throw new CliError(
        `you changed files of ${feature} that removing it would delete: ${changed.join(", ")}`,
        {
          exitCode: 2,
          hint: `keep them elsewhere first, or run create-backend remove ${feature} --force (they are then kept, not deleted)`,
        },
      );
    }
  }
  // The initial migration with the feature is what a new project runs; this one has
  // applied its own, and gets the difference as a new migration below.
  const planned = planUpgrade({
    current,
    base,
    next,
    recorded: new Map(Object.entries(manifest.files)),
    untouchable,
    restore: false,
    merge: mergeInProcess,
    labels: {
      current: "yours",
      base: `${direction === "add" ? "without" : "with"} ${feature}`,
      next: `${direction === "add" ? "with" : "without"} ${feature}`,
    },
  });
  const decisions = planned.filter((d) => !(d.action === "keep" && d.path.startsWith("migrations/")));
  applyDecisions(tree, decisions);
  const initial = initialMigration(manifest.answers.orm);
  const [without, withIt] = direction === "add" ? [base, next] : [next, base];
  const migration = featureMigration(
    manifest.answers.orm,
    direction,
    feature,
    without.get(initial) ?? "",
    withIt.get(initial) ?? "",
    nextMigration(tree, manifest.answers.orm),
  );
  if (migration) tree.write(migration.path, migration.text);
  writeManifest(tree, after);

  result.files = decisions
    .filter((d) => d.action !== "unchanged")
    .map((d) => ({ path: d.path, action: d.action }));
  result.conflicts = decisions.filter(isConflict).map((d) => d.path);
  result.migration = migration?.path ?? null;
  result.newSettings = missingSettings(next.get(".env.example") ?? "", tree.read(".env"));
  const verb = direction === "add" ? "Added" : "Removed";
  if (flags.dryRun) {
    result.diff = describe(tree.listChanges());
    reporter.info(planTable(decisions));
    reporter.info(result.diff);
    reporter.close("Dry run: nothing was written.");
    return result;
  }
  await flushChanges(root, tree);
  await keepPristine(root, after, `${direction} ${feature}`, reporter, next);
  reporter.note(`${verb} ${feature}`, [
    ...planTable(decisions).split("\n"),
    ...(migration ? [`create    ${migration.path}`] : []),
  ]);
  if (result.newSettings.length) {
    reporter.warn(`.env does not set ${result.newSettings.join(", ")} yet: see .env.example`);
  }
  if (result.conflicts.length) {
    throw new CliError(`${result.conflicts.length} file(s) need a hand: ${result.conflicts.join(", ")}`, {
      hint: "resolve the conflict markers in them; the rest is written",
      result,
    });
  }
  if (flags.install === false) {
    reporter.close("Next: install, apply the migration and run the tests (see the project's README).");
    return result;
  }
  result.install = await installAndTest(root, manifest.answers, reporter);
  reporter.close(`${verb} ${feature}: ${installSummary(result.install)}.`);
  return result;
}

function withFeature(
  manifest: Manifest,
  feature: Feature,
  direction: "add" | "remove",
  storage: Storage,
): Manifest {
  const features = manifest.answers.features.filter((f) => f !== feature);
  const answers = {
    ...manifest.answers,
    features: canonicalFeatures(direction === "add" ? [...features, feature] : features),
    ...(feature === "uploads" ? { storage: direction === "add" ? storage : ("local" as const) } : {}),
  };
  return { ...manifest, answers };
}
