import Handlebars from "handlebars";

const hbs = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders one template, compiled once per process under `key`. strict: a
 * misspelt variable fails instead of writing "". noEscape: we write Python,
 * SQL and YAML, not HTML.
 */
export function renderTemplate(key: string, source: string, context: object): string {
  let template = compiled.get(key);
  if (!template) {
    template = hbs.compile(source, { strict: true, noEscape: true });
    compiled.set(key, template);
  }
  try {
    return template(context);
  } catch (error) {
    throw new Error(`template ${key} failed to render: ${(error as Error).message}`);
  }
}
