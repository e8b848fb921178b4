import type { Manifest } from "../manifest.js";
import { cliTemplates } from "../render/templates.js";
import type { Reporter } from "../report.js";
import { VERSION } from "../version.js";
import { recordPristine } from "./pristine.js";
import { renderState } from "./render-state.js";

/**
 * After a command wrote the project: the render of its new state becomes the pristine
 * base (src/upgrade/pristine.ts). Only for a project this version made or last upgraded,
 * whose render this version can reproduce. Never fatal: without it `upgrade` falls back
 * to the manifest's hashes, and the command's own work is done.
 */
export async function keepPristine(
  root: string,
  manifest: Manifest,
  what: string,
  reporter: Reporter,
  rendered?: ReadonlyMap<string, string>,
): Promise<void> {
  if (manifest.version !== VERSION) return;
  try {
    const files = rendered ?? (await renderState(manifest, VERSION, await cliTemplates()));
    await recordPristine(root, files, `create-backend ${VERSION}: ${what}`);
  } catch (error) {
    reporter.warn(`could not record the pristine render for a later upgrade: ${(error as Error).message}`);
  }
}
