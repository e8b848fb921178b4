import { type InstallTool, inProject, shellLine } from "./install-plan.js";
import { DATA_ACCESS_COMMANDS, FRAMEWORK_COMMANDS, type Options } from "./options.js";
import type { ScaffoldResult } from "./scaffold.js";

/**
 * What to type after the CLI is done, from the stack's own commands: what the
 * CLI could not do here (install, migrate, test) and then the dev server.
 */
export function nextSteps(display: string, options: Options, result: ScaffoldResult): string[] {
  const tool: InstallTool = result.install.tool ?? "uv";
  const command = (argv: readonly string[]) => shellLine({ title: "", ...inProject(tool, argv) });
  const install = result.install;
  return [
    ...(display === "." ? [] : [`cd ${display}`]),
    ...(install.installed ? [] : ["uv sync"]),
    ...("migratedTo" in install && install.migratedTo
      ? []
      : [command(DATA_ACCESS_COMMANDS[options.orm].migrate)]),
    command(tool === "uv" ? ["pytest"] : ["python", "-m", "pytest"]),
    command(FRAMEWORK_COMMANDS[options.framework].devServer),
  ];
}
