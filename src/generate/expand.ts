import type { FieldFacts } from "./field-facts.js";
import type { ResourceNames } from "./names.js";
import { fromImport } from "./python-code.js";

/** One reference `?expand=` may embed (api-contract.md, "List queries and relations"). */
export interface Expansion {
  /** The key the row is embedded under: the reference without `_id`. */
  name: string;
  /** The embedded row's schema: the target's Out, or the public user form. */
  out: string;
  /** The target's `get_many`, as the service names it. */
  loader: string;
  /** The target's path under /api/v1, for the tests to read it back. */
  path: string;
  isUser: boolean;
  selfRef: boolean;
}

/** A nested list, `GET /<parents>/{id}/<children>` (api-contract.md, "Nested lists"). */
export interface NestedList {
  /** The reference's column, which the parent's id fills: `gadget_id`. */
  column: string;
  parent: ResourceNames;
  selfRef: boolean;
}

export interface ExpandFacts {
  expansions: Expansion[];
  /**
   * One per parent that a single reference points at: not users (their rows are
   * accounts), nor a private resource's rows, and not a parent two references share
   * (which one would the route mean?).
   */
  nested: NestedList[];
  /** The schema module's imports of the targets' schemas (module, line). */
  schemaImports: [string, string][];
  /** The service's repository imports, its own included, in ruff's order. */
  serviceRepoImports: string[];
  /** The `Literal[...]` of the names, as ruff formats it. */
  literal: string;
}

/**
 * Every reference can be expanded, except one to a private resource: its rows are their
 * owner's alone, and the referring row may belong to someone else.
 */
export function expandFacts(
  resource: ResourceNames,
  refFields: readonly FieldFacts[],
  privateResources: ReadonlySet<string>,
): ExpandFacts {
  const expansions: Expansion[] = [];
  const targets = new Map<string, ResourceNames>();
  for (const f of refFields) {
    const ref = f.ref;
    if (!ref || (privateResources.has(ref.singular) && !f.selfRef)) continue;
    if (f.selfRef && privateResources.has(resource.singular)) continue;
    if (!f.selfRef) targets.set(ref.singular, ref);
    expansions.push({
      name: f.name.replace(/_id$/, ""),
      out: f.refIsUser ? "UserPublic" : `${ref.pascal}Out`,
      loader: f.selfRef ? `${resource.plural}_repo.get_many` : `${ref.plural}_repo.get_many`,
      path: ref.path,
      isUser: f.refIsUser,
      selfRef: f.selfRef,
    });
  }
  const schemaImports = [...targets.values()].map((ref): [string, string] => {
    const module = `app.schemas.${ref.singular}`;
    const name = ref.singular === "user" ? "UserPublic" : `${ref.pascal}Out`;
    return [module, fromImport(module, [name])];
  });
  const repos: [string, string][] = [
    [resource.plural, `from app.repositories import ${resource.plural} as ${resource.plural}_repo`],
    ...[...targets.values()].map((ref): [string, string] => [
      ref.plural,
      `from app.repositories import ${ref.plural} as ${ref.plural}_repo`,
    ]),
  ];
  const quoted = expansions.map((e) => `"${e.name}"`);
  const targetCount = new Map<string, number>();
  for (const f of refFields)
    if (f.ref) targetCount.set(f.ref.singular, (targetCount.get(f.ref.singular) ?? 0) + 1);
  const nested = refFields.flatMap((f): NestedList[] => {
    const parent = f.ref;
    if (!parent || f.refIsUser || targetCount.get(parent.singular) !== 1) return [];
    if (privateResources.has(parent.singular) && !f.selfRef) return [];
    return [{ column: f.name, parent, selfRef: f.selfRef }];
  });
  return {
    // One name stays on one line: ruff would join `Literal[\n    "a",\n]`.
    literal:
      quoted.length === 1
        ? `Literal[${quoted[0]}]`
        : `Literal[\n${quoted.map((q) => `    ${q},\n`).join("")}]`,
    expansions,
    nested,
    schemaImports,
    serviceRepoImports: repos.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line),
  };
}
