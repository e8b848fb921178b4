import type { Manifest } from "../manifest.js";
import { templateContext } from "../render/context.js";
import type { TemplateStore } from "../render/template-store.js";
import { cliTemplates } from "../render/templates.js";
import type { Tree } from "../tree/tree.js";
import { VERSION } from "../version.js";
import { resourceContext } from "./context.js";
import type { Field } from "./fields.js";
import { type NextMigration, nextMigration } from "./migrations.js";
import type { ResourceNames } from "./names.js";
import type { Ownership } from "./ownership.js";
import { type RenderedResource, type ResourceTemplateSet, renderResource } from "./render-resource.js";

/**
 * What `generate` and `destroy` both render: one resource's template set for
 * this project's answers, numbered as the project's next migration.
 */
export async function renderForProject(
  set: ResourceTemplateSet,
  tree: Tree,
  manifest: Manifest,
  names: ResourceNames,
  fields: readonly Field[],
  ownership: Ownership,
  store?: TemplateStore,
): Promise<RenderedResource & { migration: NextMigration }> {
  const migration = nextMigration(tree, manifest.answers.orm);
  const { projectName, ...answers } = manifest.answers;
  const context = resourceContext(
    templateContext(answers, projectName, VERSION),
    names,
    fields,
    migration,
    ownership,
    new Set(manifest.resources.filter((r) => r.ownership === "private").map((r) => r.name)),
  );
  return { ...renderResource(set, answers, context, store ?? (await cliTemplates())), migration };
}
