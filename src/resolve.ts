import { basename, resolve as resolvePath } from "node:path";
import type { Command } from "commander";
import { UsageError } from "./errors.js";
import {
  ANSWER_KEYS,
  answersSchema,
  canonicalFeatures,
  type Feature,
  featureOf,
  longFlag,
  OPTION_KEYS,
  OPTION_TABLE,
  type OptionKey,
  type Options,
  parseFeatureList,
} from "./options.js";
import { flagAttribute } from "./program.js";
import { projectNameProblem } from "./project-name.js";
import type { PromptAnswers } from "./prompts.js";

export const DEFAULT_PROJECT_NAME = "my-api";

/** What the flags said, validated; undefined where a flag was not given. */
export function givenByFlags(program: Command): PromptAnswers {
  const values = program.opts<Record<string, unknown>>();
  const given: PromptAnswers = {};
  for (const key of OPTION_KEYS) {
    const attribute = flagAttribute(key);
    if (program.getOptionValueSource(attribute) !== "cli") continue;
    const raw = values[attribute];
    if (key === "features") {
      try {
        given.features = parseFeatureList(String(raw));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    } else {
      given[key] = raw as string | boolean;
    }
  }
  validatePartial(given);
  return given;
}

/** Checks each given answer against the schema, naming the flag and the valid choices. */
function validatePartial(given: PromptAnswers): void {
  for (const key of ANSWER_KEYS) {
    if (given[key] === undefined) continue;
    const result = answersSchema.shape[key].safeParse(given[key]);
    if (!result.success) {
      throw new UsageError(`${longFlag(key)}: ${result.error.issues[0]?.message ?? "invalid value"}`);
    }
  }
}

/** Fills what is still open with the table's defaults, in canonical form. */
export function completeOptions(projectName: string, answers: PromptAnswers): Options {
  const pick = <K extends OptionKey>(key: K) => answers[key] ?? OPTION_TABLE[key].default;
  const parsed = answersSchema.parse(Object.fromEntries(ANSWER_KEYS.map((key) => [key, pick(key)])));
  for (const key of ANSWER_KEYS) {
    const feature = featureOf(key);
    if (feature === undefined || parsed.features.includes(feature)) continue;
    // Without its feature the choice means nothing: its default is kept, another refused.
    if (parsed[key] !== OPTION_TABLE[key].default) {
      throw new UsageError(
        `${longFlag(key)} ${String(parsed[key])} needs the ${feature} feature`,
        `add ${feature} to --features, or leave ${longFlag(key)} out`,
      );
    }
  }
  return {
    projectName,
    ...parsed,
    features: canonicalFeatures(parsed.features as Feature[]),
    install: Boolean(pick("install")),
    git: Boolean(pick("git")),
  };
}

export interface Target {
  /** Absolute directory the project goes to. */
  dir: string;
  /** How to refer to it in messages ("my-api", or "." for the current directory). */
  display: string;
  projectName: string;
}

/** `my-api` → ./my-api; `.` → the current directory, named after it. */
export function resolveTarget(dirArg: string, cwd: string): Target {
  if (dirArg === ".") {
    const name = basename(cwd);
    const problem = projectNameProblem(name);
    if (problem) {
      throw new UsageError(
        `the current directory's name cannot be the project name: ${problem}`,
        'give a name instead of "."',
      );
    }
    return { dir: cwd, display: ".", projectName: name };
  }
  const problem = projectNameProblem(dirArg);
  if (problem) throw new UsageError(`invalid project name ${JSON.stringify(dirArg)}: ${problem}`);
  return { dir: resolvePath(cwd, dirArg), display: dirArg, projectName: dirArg };
}
