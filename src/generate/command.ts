import { UsageError } from "../errors.js";
import type { Reporter } from "../report.js";
import { type Change, describe } from "../tree/change.js";
import { flushChanges } from "../tree/flush.js";
import { compareVersions } from "../upgrade/versions.js";
import { VERSION } from "../version.js";
import { planDestroy } from "./destroy.js";
import { type GenerateRequest, type Plan, planGenerate } from "./generate.js";
import { type FoundProject, findProject, readManifest } from "./project.js";

export interface ResourceResult {
  project: string;
  resource: string;
  dryRun: boolean;
  created: string[];
  updated: string[];
  deleted: string[];
  migration: string | null;
  upToDate: boolean;
  /** The unified diff, under --dry-run. */
  diff?: string;
}

export interface ResourceFlags {
  force?: boolean;
  dryRun?: boolean;
}

export async function runGenerate(
  cwd: string,
  request: Omit<GenerateRequest, "force">,
  flags: ResourceFlags,
  reporter: Reporter,
): Promise<ResourceResult> {
  const project = sameVersionProject(cwd);
  const plan = await planGenerate(project.tree, { ...request, force: Boolean(flags.force) });
  return carryOut(project, plan, flags, reporter, "Generated");
}

export async function runDestroy(
  cwd: string,
  name: string,
  flags: ResourceFlags,
  reporter: Reporter,
): Promise<ResourceResult> {
  const project = sameVersionProject(cwd);
  const plan = await planDestroy(project.tree, name, Boolean(flags.force));
  return carryOut(project, plan, flags, reporter, "Destroyed");
}

/**
 * The project, if this version made it (or last upgraded it). Another version's
 * templates would write code against files the project does not have, or has otherwise.
 */
function sameVersionProject(cwd: string): FoundProject {
  const project = findProject(cwd);
  const { version } = readManifest(project.tree);
  if (version === VERSION) return project;
  const older = compareVersions(version, VERSION) < 0;
  throw new UsageError(
    `this project was made by create-backend ${version}, and this is ${VERSION}: its templates differ`,
    older
      ? "bring the project to this version first: create-backend upgrade"
      : `use that version: npx create-backend@${version} ...`,
  );
}

/** The plan is in the project's tree: a dry run shows it, otherwise it is flushed. */
async function carryOut(
  { root, tree }: FoundProject,
  plan: Plan,
  flags: ResourceFlags,
  reporter: Reporter,
  verb: string,
): Promise<ResourceResult> {
  const paths = (kind: Change["kind"]) => plan.changes.filter((c) => c.kind === kind).map((c) => c.path);
  const result: ResourceResult = {
    project: root,
    resource: plan.resource.singular,
    dryRun: Boolean(flags.dryRun),
    created: paths("create"),
    updated: paths("update"),
    deleted: paths("delete"),
    migration: plan.migration ?? null,
    upToDate: plan.changes.length === 0,
  };
  if (plan.upToDate) {
    reporter.close(`Nothing to do: ${plan.upToDate}.`);
    return result;
  }
  if (flags.dryRun) {
    result.diff = describe(plan.changes);
    reporter.info(result.diff);
    reporter.close("Dry run: nothing was written.");
    return result;
  }
  await flushChanges(root, tree);
  const { keepPristine } = await import("../upgrade/keep-pristine.js");
  await keepPristine(root, readManifest(tree), `${verb.toLowerCase()} ${plan.resource.singular}`, reporter);
  const lines = [
    ...result.created.map((p) => `create  ${p}`),
    ...result.updated.map((p) => `update  ${p}`),
    ...result.deleted.map((p) => `delete  ${p}`),
  ];
  reporter.note(`${verb} ${plan.resource.singular}`, lines);
  reporter.close("Next: apply the migration and run the tests (see the project's README).");
  return result;
}
