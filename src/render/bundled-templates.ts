/** Every template file by its path under templates/, plus the `.hbs` ones precompiled. */
export interface BundledTemplates {
  files: ReadonlyMap<string, string>;
  compiled: Record<string, unknown>;
}

/**
 * Replaced at build time (scripts/build.mjs) by the templates themselves, so the
 * published CLI reads no template file and parses no template. From source, or
 * in a checkout where templates/ sits beside the bundle, there are none and
 * templates/ is read: edits to it show up without a rebuild.
 */
export const BUNDLED: BundledTemplates | undefined = undefined;
