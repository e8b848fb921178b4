import { NameError, UsageError } from "../errors.js";
import { planGenerate } from "../generate/generate.js";
import type { Ownership } from "../generate/ownership.js";
import { MANIFEST_PATH, type Manifest } from "../manifest.js";
import { render } from "../render/index.js";
import type { TemplateStore } from "../render/template-store.js";
import type { Change } from "../tree/change.js";
import { memorySource } from "../tree/source.js";
import { Tree } from "../tree/tree.js";

/**
 * What a project looks like untouched by its owner: the render of its answers, then each
 * resource of its log generated again in order. Pure, like the render: the same manifest
 * and templates give the same bytes. With this version's templates it is N; with the
 * recorded version's (or the old answers, for `add`/`remove`) it is B.
 */
export async function renderState(
  manifest: Pick<Manifest, "answers" | "resources">,
  version: string,
  store: TemplateStore,
): Promise<Map<string, string>> {
  const { projectName, ...answers } = manifest.answers;
  return replayResources(render({ projectName, answers, version }, store), manifest.resources, store);
}

/** A render with each resource of a resource log generated again on it, in order. */
export async function replayResources(
  rendered: ReadonlyMap<string, string>,
  resources: Manifest["resources"],
  store: TemplateStore,
): Promise<Map<string, string>> {
  let files = new Map(rendered);
  for (const resource of resources) {
    const plan = await planGenerate(
      new Tree(memorySource(files)),
      {
        name: resource.name,
        plural: resource.plural,
        fields: resource.fields,
        force: false,
        access: flagsOf(resource.ownership),
        replay: true,
      },
      store,
    ).catch((error: unknown) => {
      // A name these templates refuse (a field called `q`, now the list's search).
      if (!(error instanceof NameError)) throw error;
      throw new UsageError(
        `the resource "${resource.name}" cannot be generated again by these templates: ${error.message}`,
        `rename it in the code and in ${MANIFEST_PATH} (its fields), or remove it with the version that made it (destroy resource ${resource.name}), then upgrade`,
      );
    });
    files = applied(files, plan.changes);
  }
  return files;
}

function flagsOf(ownership: Ownership | undefined) {
  return { private: ownership === "private", owner: ownership !== "shared" };
}

function applied(files: ReadonlyMap<string, string>, changes: readonly Change[]): Map<string, string> {
  const next = new Map(files);
  for (const change of changes) {
    if (change.kind === "delete") next.delete(change.path);
    else next.set(change.path, change.after);
  }
  return next;
}
