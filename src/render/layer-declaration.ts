import * as z from "zod/mini";

/**
 * What a layer adds to files it does not own, as data (its `layer.json`). The
 * base templates loop over the merged lists, so a feature is one folder: no
 * base file names it. Text contributions (settings, README sections, tables)
 * are slot fragments instead (contributions.ts).
 */
const Ordered = {
  /** Placed before this entry of an earlier layer (items reference users, so users come first). */
  before: z.optional(z.string()),
};

const Dependency = z.strictObject({
  spec: z.string(),
  /** Why it is there, written above it in pyproject.toml. */
  comment: z.optional(z.string()),
  ...Ordered,
});

const Router = z.strictObject({
  /** A module of app/api/v1/routes exposing `router`. */
  module: z.string(),
  ...Ordered,
});

const Model = z.strictObject({
  /** A module of app/models. */
  module: z.string(),
  /** The mapped class it defines. */
  name: z.string(),
  ...Ordered,
});

export const LayerDeclaration = z.strictObject({
  dependencies: z.optional(z.array(Dependency)),
  routers: z.optional(z.array(Router)),
  models: z.optional(z.array(Model)),
});

export type LayerDeclaration = z.infer<typeof LayerDeclaration>;
type Lists = { [K in keyof LayerDeclaration]-?: NonNullable<LayerDeclaration[K]> };

/** Every layer's lists joined in layer order, each entry placed per its `before`. */
export type Contributed = Lists;

const KEY_OF = {
  dependencies: (d: z.infer<typeof Dependency>) => d.spec.split(/[<>=!~[ ;]/)[0] ?? d.spec,
  routers: (r: z.infer<typeof Router>) => r.module,
  models: (m: z.infer<typeof Model>) => m.module,
} as const;

export function mergeDeclarations(
  declarations: readonly { layer: string; declaration: LayerDeclaration }[],
): Contributed {
  const merged: Contributed = { dependencies: [], routers: [], models: [] };
  for (const { layer, declaration } of declarations) {
    place(merged.dependencies, declaration.dependencies ?? [], KEY_OF.dependencies, layer);
    place(merged.routers, declaration.routers ?? [], KEY_OF.routers, layer);
    place(merged.models, declaration.models ?? [], KEY_OF.models, layer);
  }
  return merged;
}

function place<T extends { before?: string | undefined }>(
  list: T[],
  added: readonly T[],
  key: (entry: T) => string,
  layer: string,
): void {
  for (const entry of added) {
    const same = list.find((other) => key(other) === key(entry));
    if (same !== undefined) {
      // Two features that need one package (redis: rate limits and the task queue)
      // list it once; two different pins of it are a mistake to fix in the layers.
      if (JSON.stringify({ ...same, before: undefined }) === JSON.stringify({ ...entry, before: undefined }))
        continue;
      throw new Error(
        `${layer}/layer.json: "${key(entry)}" is already contributed differently by an earlier layer`,
      );
    }
    if (entry.before === undefined) {
      list.push(entry);
      continue;
    }
    const at = list.findIndex((other) => key(other) === entry.before);
    // A typo would otherwise quietly append: say which layer asked for what.
    if (at < 0)
      throw new Error(`${layer}/layer.json: nothing named "${entry.before}" to place "${key(entry)}" before`);
    list.splice(at, 0, entry);
  }
}

export function parseDeclaration(key: string, text: string): LayerDeclaration {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${key} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = LayerDeclaration.safeParse(json);
  if (!parsed.success) throw new Error(`${key} is not a layer declaration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
