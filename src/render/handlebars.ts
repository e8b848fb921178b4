import { createRequire } from "node:module";
import Handlebars from "handlebars/runtime";

/** A compiled template, as `Handlebars.compile` or `Handlebars.template(spec)` returns it. */
type Template = (context: object, options?: { partials?: Partials }) => string;

/** Partials by name; a function partial gets the context it is called with. */
export type Partials = Record<string, (context: object) => string>;

/**
 * The one set of compile options, shared with the build's precompiler
 * (scripts/templates-module.mjs). strict: a misspelt variable fails instead of
 * writing "". noEscape: we write Python, SQL and YAML, not HTML.
 */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

type Spec = Parameters<typeof Handlebars.template>[0];

const runtime = Handlebars.create();
const compiled = new Map<string, Template>();
let precompiled: Record<string, unknown> = {};

/**
 * Templates precompiled at build time (`Handlebars.precompile` specs), by key;
 * each is turned into a function on first use, as a project uses a third of them.
 */
export function usePrecompiled(specs: Record<string, unknown>): void {
  precompiled = specs;
}

/**
 * The full compiler (90 kB more to load than the runtime) only where templates
 * come from source: tests and a checkout. The published CLI's are precompiled,
 * and it ships without this module (the build leaves this require alone).
 */
function compiler(): typeof import("handlebars") {
  return createRequire(import.meta.url)("handlebars");
}

/**
 * Renders one template, compiled once per process under `key` unless the
 * build precompiled it. Text without `{{` is its own output.
 */
export function renderTemplate(key: string, source: string, context: object, partials?: Partials): string {
  const spec = precompiled[key];
  // From source, the text is part of the key: two stores (a test's) may hold one path.
  const cacheKey = spec === undefined ? `${key}\0${source}` : key;
  let template = compiled.get(cacheKey);
  if (!template) {
    if (spec === undefined && !source.includes("{{")) return source;
    template = (
      spec ? runtime.template(spec as Spec) : compiler().compile(source, COMPILE_OPTIONS)
    ) as Template;
    compiled.set(cacheKey, template);
  }
  try {
    return partials ? template(context, { partials }) : template(context);
  } catch (error) {
    throw new Error(`template ${key} failed to render: ${(error as Error).message}`);
  }
}

/** The JavaScript source of a template's spec, for the published bundle. */
export function precompileTemplate(source: string): string {
  return String(compiler().precompile(source, COMPILE_OPTIONS));
}
