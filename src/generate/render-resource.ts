import type { Answers } from "../options.js";
import { renderTemplate } from "../render/handlebars.js";
import { axisDirs } from "../render/layers.js";
import { isTemplate, outputPath } from "../render/paths.js";
import { layerFiles, type TemplateStore } from "../render/template-store.js";
import type { ResourceContext } from "./context.js";
import type { LineEdit } from "./edits.js";
import { fitBrackets } from "./fit-brackets.js";

/** `create` writes a resource; `drop` writes what `destroy` adds (a migration dropping it). */
export type ResourceTemplateSet = "create" | "drop";

/** A layer's root may hold this file: the marker edits the layer needs, as JSON. */
const EDITS_FILE = "edits.json.hbs";

export interface RenderedResource {
  files: Map<string, string>;
  edits: LineEdit[];
}

/**
 * Pure, like the project render: resource templates are layered the same way
 * (base, framework, data access, database), and their paths are templates too
 * (`app/models/{{resource.singular}}.py.hbs`).
 */
export function renderResource(
  set: ResourceTemplateSet,
  answers: Answers,
  context: ResourceContext,
  store: TemplateStore,
): RenderedResource {
  const files = new Map<string, string>();
  const edits: LineEdit[] = [];
  for (const layer of ["base", ...axisDirs(answers)].map((l) => `resource/${set}/${l}`)) {
    for (const [path, source] of layerFiles(store, layer)) {
      const key = `${layer}/${path}`;
      if (path === EDITS_FILE) {
        edits.push(...(JSON.parse(renderTemplate(key, source, context)) as LineEdit[]));
        continue;
      }
      const target = outputPath(renderTemplate(`path:${key}`, path, context));
      const text = isTemplate(path) ? renderTemplate(key, source, context) : source;
      files.set(target, target.endsWith(".py") ? fitBrackets(text) : text);
    }
  }
  return { files, edits };
}
