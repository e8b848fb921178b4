import { Command, InvalidArgumentError, Option } from "commander";
import { longFlag, OPTION_KEYS, OPTION_TABLE, type OptionKey } from "./options.js";
import { VERSION } from "./version.js";

/** The commander attribute of a flag: "--db <name>" → "db", "--no-install" → "install". */
export function flagAttribute(key: OptionKey): string {
  return longFlag(key)
    .replace(/^--(no-)?/, "")
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Given twice with different values is a contradiction; commander would keep
 * the last one silently, so the parser refuses it.
 */
function once(flag: string) {
  return (value: string, previous: string | undefined) => {
    if (previous !== undefined && previous !== value) {
      throw new InvalidArgumentError(`${flag} was given twice ("${previous}" and "${value}")`);
    }
    return value;
  };
}

export function buildProgram(): Command {
  const program = new Command("create-backend")
    .description("Scaffold a working, tested Python backend (FastAPI or Flask)")
    .argument("[dir]", 'project directory and name ("." for the current, empty directory)')
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show this help");
  for (const key of OPTION_KEYS) {
    const spec = OPTION_TABLE[key];
    if (spec.kind === "confirm") {
      program.addOption(new Option(spec.flag, spec.description));
      continue;
    }
    const choices = spec.choices.map((c) => c.value).join(", ");
    const extra = spec.kind === "multiselect" ? `${choices}` : choices;
    const def = Array.isArray(spec.default) ? spec.default.join(",") : spec.default;
    const option = new Option(spec.flag, `${spec.description} (${extra}; default: ${def})`);
    option.argParser(once(longFlag(key)));
    program.addOption(option);
  }
  program
    .option("-y, --yes", "ask nothing: take the defaults for every option not given")
    .option("--dry-run", "list the files that would be written, and write nothing")
    .option("--json", "print one JSON object describing the result (implies --yes)")
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    // Options after a subcommand's name belong to it (generate --dry-run).
    .enablePositionalOptions();
  return program;
}
