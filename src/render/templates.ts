import { BUNDLED } from "./bundled-templates.js";
import { usePrecompiled } from "./handlebars.js";
import type { TemplateStore } from "./template-store.js";

/** The templates the CLI renders from: built in when published, else templates/. */
export async function cliTemplates(): Promise<TemplateStore> {
  if (BUNDLED) {
    usePrecompiled(BUNDLED.compiled);
    return BUNDLED.files;
  }
  const { loadTemplates } = await import("./template-store.js");
  return loadTemplates();
}
