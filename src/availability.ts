import { UsageError } from "./errors.js";
import type { Answers } from "./options.js";
import { OPTION_TABLE } from "./options.js";

/**
 * Choices the prompts and flags already know but whose templates have not
 * landed yet. Refusing them clearly beats rendering a project that fails.
 */
const NOT_YET_AVAILABLE: Partial<Record<keyof Answers, readonly string[]>> = {
  framework: ["flask"],
  database: ["postgres"],
  orm: ["none"],
  auth: ["none"],
};

export function assertAvailable(answers: Answers): void {
  for (const [key, values] of Object.entries(NOT_YET_AVAILABLE) as [keyof Answers, string[]][]) {
    const chosen = answers[key];
    if (typeof chosen === "string" && values.includes(chosen)) {
      const flag = OPTION_TABLE[key].flag.split(" ")[0];
      throw new UsageError(
        `${flag} ${chosen} is not available yet in this version of create-backend`,
        `available now: ${flag} ${String(OPTION_TABLE[key].default)}`,
      );
    }
  }
}
