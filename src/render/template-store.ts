import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFiles } from "../tree/disk-source.js";

/** Every template file, keyed by its path under templates/ (always with "/"). */
export type TemplateStore = ReadonlyMap<string, string>;

/**
 * The templates/ folder ships beside dist/ (published) and beside src/ (tests),
 * so it is found by walking up from this module rather than by a fixed path
 * that would differ between the bundle and the sources.
 */
export function templatesRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "templates");
    if (isDirectory(join(candidate, "base"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`create-backend is installed without its templates (looked above ${from})`);
}

const cache = new Map<string, TemplateStore>();

/** Reads every template once per process; render() itself never touches the disk. */
export function loadTemplates(root: string = templatesRoot()): TemplateStore {
  const known = cache.get(root);
  if (known) return known;
  const store = new Map([...readFiles(root)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  cache.set(root, store);
  return store;
}

/** The files of one layer, keyed by their path inside the layer. */
export function layerFiles(store: TemplateStore, layer: string): [string, string][] {
  const prefix = `${layer}/`;
  const out: [string, string][] = [];
  for (const [path, contents] of store) {
    if (path.startsWith(prefix)) out.push([path.slice(prefix.length), contents]);
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
