import { MANIFEST_PATH, type ManifestInput, manifestFile } from "../manifest.js";
import type { Answers } from "../options.js";
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
  const layers = layersFor(input.answers);
  const answersContext = templateContext(input.answers, input.projectName, input.version);
  const contributions = collectContributions(store, layers, answersContext);
  const context = { ...answersContext, contributed: contributions.declared };
  const partials: Partials = {};
  for (const [name, fragments] of contributions.slots) {
    partials[name] = (scope) =>
      fragments.map(({ key, source }) => renderTemplate(key, source, scope, partials)).join("");
  }
  const chosen = new Map<string, { key: string; source: string }>();
  for (const layer of layers) {
    for (const [path, source] of layerFiles(store, layer)) {
      if (isContribution(path)) continue;
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
