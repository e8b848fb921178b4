import { AUTHS, DATABASES, FRAMEWORKS, ORMS } from "../../src/options.js";
import { type Stack, stack } from "./stacks.js";

/** framework × database × data access × auth, all features on: 16 stacks. */
export function fullStacks(): Stack[] {
  const out: Stack[] = [];
  for (const framework of FRAMEWORKS)
    for (const database of DATABASES)
      for (const orm of ORMS) for (const auth of AUTHS) out.push(stack({ framework, database, orm, auth }));
  return out;
}

/** The 16 plus the minimal one (default stack, no features): what CI generates, installs and tests. */
export function matrixStacks(): Stack[] {
  return [...fullStacks(), stack({ features: [] })];
}

/** The flags that make the CLI render a stack. */
export function stackFlags(s: Stack): string[] {
  const a = s.answers;
  return [
    "--framework",
    a.framework,
    "--db",
    a.database,
    "--orm",
    a.orm,
    "--auth",
    a.auth,
    "--features",
    a.features.length > 0 ? a.features.join(",") : "none",
  ];
}
