import type { CliIO } from "../cli.js";
import { UsageError } from "../errors.js";
import { findProject, readManifest } from "../generate/project.js";
import { FEATURES } from "../options.js";
import { askFeature } from "../prompts.js";

/**
 * The feature `add` or `remove` was run without: asked on a terminal, from the ones this
 * project can take (off for add, on for remove); elsewhere (CI, a pipe, --json) a usage
 * error that lists them.
 */
export async function chooseFeature(
  direction: "add" | "remove",
  storageGiven: boolean,
  io: CliIO,
  json: boolean,
): Promise<{ feature: string; storage?: string }> {
  const manifest = readManifest(findProject(io.cwd).tree);
  const on = new Set<string>(manifest.answers.features);
  const choices = FEATURES.filter((f) => (direction === "add") !== on.has(f));
  if (!choices.length) {
    throw new UsageError(
      direction === "add"
        ? "every feature is on in this project already"
        : "this project has no feature to remove",
    );
  }
  const interactive = !json && !io.env.CI && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY);
  if (!interactive) {
    throw new UsageError(
      `which feature? create-backend ${direction} <feature>`,
      `this project can ${direction}: ${choices.join(", ")}`,
    );
  }
  return askFeature(direction, choices, !storageGiven, { input: io.stdin, output: io.stdout });
}
