import type { Auth } from "../options.js";
import type { ResourceNames } from "./names.js";

/**
 * The resources a project is scaffolded with (templates/): items always, users
 * with JWT auth. Their names are fixed: `generate resource` cannot take them,
 * and a `ref` field may point at them.
 */
export const BUILT_IN = {
  item: { singular: "item", plural: "items", pascal: "Item", path: "items", words: "item" },
  user: { singular: "user", plural: "users", pascal: "User", path: "users", words: "user" },
} as const satisfies Record<string, ResourceNames>;

export type BuiltInName = keyof typeof BUILT_IN;
export const BUILT_IN_NAMES = Object.keys(BUILT_IN) as BuiltInName[];

export function isBuiltIn(name: string): name is BuiltInName {
  return Object.hasOwn(BUILT_IN, name);
}

/** The built-in resources a project with this auth has: item, and user with JWT. */
export function builtInResources(auth: Auth): BuiltInName[] {
  return BUILT_IN_NAMES.filter((name) => name !== "user" || auth === "jwt");
}
