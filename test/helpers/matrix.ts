import { ANSWER_KEYS, type Answers, longFlag, OPTION_TABLE, SELECT_KEYS } from "../../src/options.js";
import { type Stack, stack } from "./stacks.js";

/** framework × database × data access × auth (every single-choice option), all features on: 16 stacks. */
export function fullStacks(): Stack[] {
  let combinations: Partial<Answers>[] = [{}];
  for (const key of SELECT_KEYS) {
    const choices = OPTION_TABLE[key].choices;
    combinations = combinations.flatMap((partial) => choices.map((c) => ({ ...partial, [key]: c.value })));
  }
  return combinations.map((answers) => stack(answers));
}

/** The 16 plus the minimal one (default stack, no features): what CI generates, installs and tests. */
export function matrixStacks(): Stack[] {
  return [...fullStacks(), stack({ features: [] })];
}

/** The flags that make the CLI render a stack. */
export function stackFlags(s: Stack): string[] {
  return ANSWER_KEYS.flatMap((key) => {
    const value = s.answers[key];
    if (typeof value === "string") return [longFlag(key), value];
    return [longFlag(key), value.length > 0 ? value.join(",") : "none"];
  });
}
