import {
  ANSWER_KEYS,
  type Answers,
  AXIS_KEYS,
  featureOf,
  longFlag,
  OPTION_TABLE,
} from "../../src/options.js";
import { type Stack, stack } from "./stacks.js";

/** framework × database × data access × auth (every axis), all features on, uploads on the local disk: 16 stacks. */
export function fullStacks(): Stack[] {
  let combinations: Partial<Answers>[] = [{}];
  for (const key of AXIS_KEYS) {
    const choices = OPTION_TABLE[key].choices;
    combinations = combinations.flatMap((partial) => choices.map((c) => ({ ...partial, [key]: c.value })));
  }
  return combinations.map((answers) => stack(answers));
}

/**
 * Uploads on S3 (`--storage s3`), one stack per framework rather than a second
 * matrix: the storage code is shared, and the data access shows on both (raw SQL on Flask).
 */
export function s3Stacks(): Stack[] {
  return [stack({ storage: "s3" }), stack({ framework: "flask", orm: "none", storage: "s3" })];
}

/** The 16, the minimal one (default stack, no features) and the S3 ones: what CI generates, installs and tests. */
export function matrixStacks(): Stack[] {
  return [...fullStacks(), stack({ features: [] }), ...s3Stacks()];
}

/** The flags that make the CLI render a stack. */
export function stackFlags(s: Stack): string[] {
  return ANSWER_KEYS.flatMap((key) => {
    const value = s.answers[key];
    const feature = featureOf(key);
    if (feature !== undefined && !s.answers.features.includes(feature)) return [];
    if (typeof value === "string") return [longFlag(key), value];
    return [longFlag(key), value.length > 0 ? value.join(",") : "none"];
  });
}
