import type { Command } from "commander";
import type { CliIO } from "./cli.js";
import { FIELD_HELP } from "./generate/help.js";
import { FEATURES } from "./options.js";
import { plainReporter, type Reporter, silentReporter } from "./report.js";
import type { UpgradeFlags } from "./upgrade/command.js";
import type { FeatureFlags } from "./upgrade/features.js";

interface GenerateOptions {
  plural?: string;
  private?: boolean;
  /** false under --no-owner. */
  owner: boolean;
  force?: boolean;
  dryRun?: boolean;
}

/** The in-project commands: `generate resource`, `destroy resource`, `upgrade`, `add` and `remove`. */
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
      .option(
        "--plural <name>",
        "the plural, when the inflection gets it wrong (the name is then the singular as typed)",
      )
      .option("--private", "JWT projects: only the owner reads its rows (others get 404)")
      .option("--no-owner", "JWT projects: rows have no owner_id; any signed-in user writes"),
  )
    .addHelpText("after", FIELD_HELP)
    .action((name: string, fields: string[], opts: GenerateOptions) => {
      setAction(async () => {
        const { runGenerate } = await import("./generate/command.js");
        const access = { private: opts.private, owner: opts.owner };
        const request = { name, fields, plural: opts.plural, access };
        return runGenerate(io.cwd, request, opts, pickReporter(io, json));
      });
    });
  const destroy = program.command("destroy").description("remove what a generate command added");
  common(
    destroy.command("resource").description("remove a generated resource").argument("<name>", "the resource"),
  ).action((name: string, opts: { force?: boolean; dryRun?: boolean }) => {
    setAction(async () => {
      const { runDestroy } = await import("./generate/command.js");
      return runDestroy(io.cwd, name, opts, pickReporter(io, json));
    });
  });
  program
    .command("upgrade")
    .description("bring this project to this version of create-backend, keeping your edits (three-way merge)")
    .option("--dry-run", "print the plan and the diff, and write nothing")
    .option("--check", "write nothing; exit 1 when this version would change something (for CI)")
    .option("--allow-dirty", "run even with uncommitted changes")
    .option("--restore", "bring back files you deleted")
    .option("--continue", "finish once the conflict markers of the last run are resolved")
    .option(
      "--base-release <path>",
      "the project's own release (.tgz or unpacked), to render its base when it has no pristine ref",
    )
    .option("--offline", "never fetch the project's release from npm (no exact base: hash-only mode)")
    .option("--no-install", "skip installing, migrating and running the tests afterwards")
    .option("--json", "print one JSON object describing the result")
    .action((opts: UpgradeFlags) => {
      setAction(async () => {
        const { runUpgrade } = await import("./upgrade/command.js");
        return runUpgrade(io.cwd, opts, pickReporter(io, json));
      });
    });
  for (const direction of ["add", "remove"] as const) {
    const command = program
      .command(direction)
      .description(
        direction === "add"
          ? "turn a feature on in this project, merged with your edits; its tables arrive as a new migration"
          : "turn a feature off; a new migration drops its tables (the history is kept)",
      )
      .argument("[feature]", `${FEATURES.join(" | ")} (asked for on a terminal when left out)`)
      .option("--dry-run", "print the plan and the diff, and write nothing")
      .option("--allow-dirty", "run even with uncommitted changes")
      .option("--no-install", "skip installing, migrating and running the tests afterwards")
      .option("--json", "print one JSON object describing the result");
    if (direction === "add") command.option("--storage <name>", "with uploads: local or s3 (default: local)");
    else command.option("--force", "remove even when you changed the feature's own files (they are kept)");
    command.action((feature: string | undefined, opts: FeatureFlags) => {
      setAction(async () => {
        const { runFeature } = await import("./upgrade/features.js");
        if (feature !== undefined)
          return runFeature(io.cwd, direction, feature, opts, pickReporter(io, json));
        const { chooseFeature } = await import("./upgrade/feature-choice.js");
        const chosen = await chooseFeature(direction, opts.storage !== undefined, io, json);
        const storage = opts.storage ?? chosen.storage;
        return runFeature(
          io.cwd,
          direction,
          chosen.feature,
          { ...opts, ...(storage === undefined ? {} : { storage }) },
          pickReporter(io, json),
        );
      });
    });
  }
}

function pickReporter(io: CliIO, json: boolean): Reporter {
  return json ? silentReporter() : plainReporter(io.stdout);
}
