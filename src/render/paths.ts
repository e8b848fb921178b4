/**
 * npm drops dotfiles from published packages, so templates name them with a
 * leading underscore (`_gitignore`, `_github/`). Python's `__init__.py` keeps
 * its double underscore.
 */
export function outputPath(templatePath: string): string {
  const segments = templatePath.split("/").map((s) => (/^_[^_]/.test(s) ? `.${s.slice(1)}` : s));
  const last = segments.length - 1;
  segments[last] = stripTemplateSuffix(segments[last] ?? "");
  return segments.join("/");
}

export const TEMPLATE_SUFFIX = ".hbs";

export function isTemplate(templatePath: string): boolean {
  return templatePath.endsWith(TEMPLATE_SUFFIX);
}

function stripTemplateSuffix(name: string): string {
  return name.endsWith(TEMPLATE_SUFFIX) ? name.slice(0, -TEMPLATE_SUFFIX.length) : name;
}
