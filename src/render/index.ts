import { MANIFEST_PATH, type ManifestInput, manifestFile } from "../manifest.js";
import { type Answers, FEATURES, STORAGES } from "../options.js";
import { templateContext } from "./context.js";
import { collectContributions, isContribution } from "./contributions.js";
import { type Partials, renderTemplate } from "./handlebars.js";
import { layersFor } from "./layers.js";
import { isTemplate, outputPath } from "./paths.js";
import { layerFiles, type TemplateStore } from "./template-store.js";

export interface RenderInput {
  projectName: string;
  answers: Answers;
  version: string;
}

export type RenderedFiles = Map<string, string>;

/**
 * Pure: (answers, templates) → file contents by relative path, sorted, plus the
 * manifest. Same input, same bytes — a later `upgrade` depends on that.
 */
export function render(input: RenderInput, store: TemplateStore): RenderedFiles {
  const { layers, context, partials } = renderScope(input, store);
  const chosen = new Map<string, { key: string; source: string }>();
  for (const layer of layers) {
    for (const [path, source] of layerFiles(store, layer)) {
      if (isContribution(path) || isCatchUp(path)) continue;
      chosen.set(outputPath(path), { key: `${layer}/${path}`, source });
    }
  }
  const files: RenderedFiles = new Map();
  for (const path of [...chosen.keys()].sort()) {
    const { key, source } = chosen.get(path) as { key: string; source: string };
    files.set(path, isTemplate(key) ? renderTemplate(key, source, context, partials) : source);
  }
  const manifest: ManifestInput = {
    version: input.version,
    answers: { projectName: input.projectName, ...input.answers },
    resources: [],
    files,
  };
  files.set(MANIFEST_PATH, manifestFile(manifest));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Every path a project on these answers' stack could hold, whichever features it turns
 * on later and wherever it keeps uploads: what a generated resource must not write over.
 */
export function everyProjectPath(answers: Answers, store: TemplateStore): Set<string> {
  const paths = new Set<string>();
  for (const storage of STORAGES) {
    for (const layer of layersFor({ ...answers, features: [...FEATURES], storage })) {
      for (const [path] of layerFiles(store, layer)) {
        if (!isContribution(path) && !isCatchUp(path)) paths.add(outputPath(path));
      }
    }
  }
  return paths;
}

function renderScope(input: RenderInput, store: TemplateStore) {
  const layers = layersFor(input.answers);
  const answersContext = templateContext(input.answers, input.projectName, input.version);
  const contributions = collectContributions(store, layers, answersContext);
  const context = { ...answersContext, contributed: contributions.declared };
  const partials: Partials = {};
  for (const [name, fragments] of contributions.slots) {
    partials[name] = (scope) =>
      fragments.map(({ key, source }) => renderTemplate(key, source, scope, partials)).join("");
  }
  return { layers, context, partials };
}

/**
 * A layer's `upgrades/<version>/<name>.py.hbs` (or `.sql.hbs`): the migration that brings
 * a schema made before <version> to what that version's layer creates, for a change to a
 * migration every project applied already. Never part of a new project.
 */
const UPGRADES_DIR = "upgrades/";
const isCatchUp = (pathInLayer: string) => pathInLayer.startsWith(UPGRADES_DIR);

export interface CatchUpMigration {
  version: string;
  /** The migration's name: `durable_tasks`. */
  name: string;
  render: (revision: Record<string, unknown>) => string;
}

/** The catch-up migrations of the project's layers, in no particular order. */
export function catchUpMigrations(input: RenderInput, store: TemplateStore): CatchUpMigration[] {
  const { layers, context, partials } = renderScope(input, store);
  const found: CatchUpMigration[] = [];
  for (const layer of layers) {
    for (const [path, source] of layerFiles(store, layer)) {
      if (!isCatchUp(path)) continue;
      const match = /^upgrades\/([^/]+)\/([a-z0-9_]+)\.(?:py|sql)\.hbs$/.exec(path);
      if (!match)
        throw new Error(
          `${layer}/${path}: a catch-up migration is upgrades/<version>/<name>.py.hbs or .sql.hbs`,
        );
      const [, version = "", name = ""] = match;
      found.push({
        version,
        name,
        render: (migration) =>
          renderTemplate(`${layer}/${path}`, source, { ...context, migration }, partials),
      });
    }
  }
  return found;
}
