import type { Command } from "commander";
import type { CliIO } from "./cli.js";
import { FIELD_HELP } from "./generate/help.js";
import { plainReporter, type Reporter, silentReporter } from "./report.js";

/** `generate resource` and `destroy resource`: the in-project commands. */
export function addResourceCommands(
  program: Command,
  io: CliIO,
  json: boolean,
  setAction: (run: () => Promise<unknown>) => void,
): void {
  const common = (command: Command) =>
    command
      .option("--force", "overwrite files that exist (generate) or were changed (destroy)")
      .option("--dry-run", "print the files and the diff it would write, and write nothing")
      .option("--json", "print one JSON object describing the result");
  const generate = program
    .command("generate")
    .alias("g")
    .description("add code to a project made by create-backend");
  common(
    generate
      .command("resource")
      .description(
        "add a REST resource end to end: model, schemas, repository, service, routes, migration, tests",
      )
      .argument("<name>", "the resource, singular or plural (product, people, ProductLine)")
      .argument("[fields...]", "name:type[?][:modifier...] (see below)")
      .option("--plural <name>", "the plural, when the inflection gets it wrong"),
  )
    .addHelpText("after", FIELD_HELP)
    .action(
      (name: string, fields: string[], opts: { plural?: string; force?: boolean; dryRun?: boolean }) => {
        setAction(async () => {
          const { runGenerate } = await import("./generate/command.js");
          return runGenerate(io.cwd, { name, fields, plural: opts.plural }, opts, pickReporter(io, json));
        });
      },
    );
  const destroy = program.command("destroy").description("remove what a generate command added");
  common(
    destroy.command("resource").description("remove a generated resource").argument("<name>", "the resource"),
  ).action((name: string, opts: { force?: boolean; dryRun?: boolean }) => {
    setAction(async () => {
      const { runDestroy } = await import("./generate/command.js");
      return runDestroy(io.cwd, name, opts, pickReporter(io, json));
    });
  });
}

function pickReporter(io: CliIO, json: boolean): Reporter {
  return json ? silentReporter() : plainReporter(io.stdout);
}
