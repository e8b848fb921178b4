import { type Answers, choiceOf, type Feature, featureOf, OPTION_TABLE, SELECT_KEYS } from "../options.js";

/**
 * The axes a layer can be specific to. Directory names are the option values,
 * except raw SQL, whose option value "none" would read badly as a folder.
 */
export function axisDirs(a: Answers): string[] {
  return [a.framework, choiceOf("orm", a.orm).dir, a.database];
}

/** Auth is an option of its own but lays out like a feature. */
export type LayerFeature = Feature | "auth";

export function enabledLayerFeatures(a: Answers): LayerFeature[] {
  return [...(a.auth === "jwt" ? (["auth"] as const) : []), ...a.features];
}

/**
 * Template folders in merge order: base, then each axis, then per feature its
 * common part and its axis-specific parts. A later layer's file replaces an
 * earlier one at the same path, so a combination is never a copy of another.
 */
export function layersFor(a: Answers): string[] {
  const axes = axisDirs(a);
  const layers = ["base", ...axes];
  for (const feature of enabledLayerFeatures(a)) {
    layers.push(`features/${feature}/common`, ...axes.map((axis) => `features/${feature}/${axis}`));
    layers.push(...featureChoiceLayers(a, feature));
  }
  return layers;
}

/**
 * A feature's own choices (`--storage s3` of uploads): a value other than the
 * default adds `features/<feature>/<value>` after the feature's other layers.
 */
function featureChoiceLayers(a: Answers, feature: LayerFeature): string[] {
  return SELECT_KEYS.filter((key) => featureOf(key) === feature && a[key] !== OPTION_TABLE[key].default).map(
    (key) => `features/${feature}/${a[key]}`,
  );
}
