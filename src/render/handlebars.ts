import Handlebars from "handlebars";

/** A compiled template, as `Handlebars.compile` or `Handlebars.template(spec)` returns it. */
type Template = (context: object) => string;

/**
 * The one set of compile options, shared with the build's precompiler
 * (scripts/templates-module.mjs). strict: a misspelt variable fails instead of
 * writing "". noEscape: we write Python, SQL and YAML, not HTML.
 */
export const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

const hbs = Handlebars.create();
const compiled = new Map<string, Template>();

/** Templates precompiled at build time (`Handlebars.precompile` specs), by key. */
export function usePrecompiled(specs: Record<string, unknown>): void {
  for (const [key, spec] of Object.entries(specs)) {
    // The spec is object code the build generated with Handlebars.precompile.
    compiled.set(key, hbs.template(spec as Parameters<typeof hbs.template>[0]) as Template);
  }
}

/**
 * Renders one template, compiled once per process under `key` unless the
 * build precompiled it. Text without `{{` is its own output.
 */
export function renderTemplate(key: string, source: string, context: object): string {
  let template = compiled.get(key);
  if (!template) {
    if (!source.includes("{{")) return source;
    template = hbs.compile(source, COMPILE_OPTIONS);
    compiled.set(key, template);
  }
  try {
    return template(context);
  } catch (error) {
    throw new Error(`template ${key} failed to render: ${(error as Error).message}`);
  }
}

/** The JavaScript source of a template's spec, for the published bundle. */
export function precompileTemplate(source: string): string {
  return String(Handlebars.precompile(source, COMPILE_OPTIONS));
}
