import { renderTemplate } from "./handlebars.js";
import { type Contributed, mergeDeclarations, parseDeclaration } from "./layer-declaration.js";
import { layerFiles, type TemplateStore } from "./template-store.js";

/**
 * A layer's lists of dependencies, routers and models (layer-declaration.ts).
 * `layer.json.hbs` when an entry depends on another axis (the PostgreSQL
 * driver differs by data access).
 */
const DECLARATION_FILES = ["layer.json", "layer.json.hbs"];

/**
 * A layer's text for files it does not own: `slots/<name>.hbs` is rendered where
 * a template says `{{> "<name>"}}`, after the fragments of earlier layers. An
 * empty slot leaves nothing, not even its line, as a false `{{#if}}` would.
 */
export const SLOTS_DIR = "slots/";

export interface Fragment {
  key: string;
  source: string;
}

export interface Contributions {
  declared: Contributed;
  /** Every slot any layer fills, enabled or not; fragments only from the enabled ones. */
  slots: Map<string, Fragment[]>;
}

/** Whether a file of a layer is a contribution rather than a project file. */
export function isContribution(pathInLayer: string): boolean {
  return DECLARATION_FILES.includes(pathInLayer) || pathInLayer.startsWith(SLOTS_DIR);
}

export function collectContributions(
  store: TemplateStore,
  layers: readonly string[],
  context: object,
): Contributions {
  const slots = new Map<string, Fragment[]>();
  // Known slot names come from every layer, so a slot that no enabled layer
  // fills is empty, while a misspelt one fails the render.
  for (const key of store.keys()) {
    const name = slotName(key);
    if (name !== undefined && !slots.has(name)) slots.set(name, []);
  }
  const declarations = [];
  for (const layer of layers) {
    for (const [path, source] of layerFiles(store, layer)) {
      const key = `${layer}/${path}`;
      if (DECLARATION_FILES.includes(path)) {
        const text = path.endsWith(".hbs") ? renderTemplate(key, source, context) : source;
        declarations.push({ layer, declaration: parseDeclaration(key, text) });
      }
      const name = slotName(key);
      if (name !== undefined && path.startsWith(SLOTS_DIR)) slots.get(name)?.push({ key, source });
    }
  }
  return { declared: mergeDeclarations(declarations), slots };
}

/**
 * Slot fragments whose name no template includes: a renamed or removed `{{> "…"}}` line
 * would otherwise drop them from every project without a word. Checked by the unit
 * tests on the repository's templates: the published bundle keeps no template source
 * to search.
 */
export function fragmentsNoTemplateIncludes(store: TemplateStore): string[] {
  const included = new Set<string>();
  for (const source of store.values()) {
    for (const match of source.matchAll(/\{\{> "([^"]+)"/g))
      if (match[1] !== undefined) included.add(match[1]);
  }
  const names = new Set([...store.keys()].map(slotName).filter((name) => name !== undefined));
  return [...names].filter((name) => !included.has(name)).sort();
}

/** Slots sit at a layer's root: `base/slots/…` or `features/<name>/<part>/slots/…`. */
function slotName(key: string): string | undefined {
  return /^(?:features\/[^/]+\/[^/]+|[^/]+)\/slots\/([^/]+)\.hbs$/.exec(key)?.[1];
}
