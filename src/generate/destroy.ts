import { CliError, UsageError } from "../errors.js";
import { fileHash, type Manifest, type ResourceEntry } from "../manifest.js";
import type { Tree } from "../tree/tree.js";
import { removeInsertedLine } from "./edits.js";
import { parseFields } from "./fields.js";
import type { Plan } from "./generate.js";
import { resourceNames, toSnake } from "./names.js";
import { readManifest, writeManifest } from "./project.js";
import { renderForProject } from "./render-for-project.js";

/**
 * Plans undoing one `generate resource` on the tree: deletes the files it
 * created, takes out the lines it inserted, and adds a migration that drops
 * the table (history is kept, so a database that ran the create migration
 * follows). Files changed since they were generated are kept unless --force.
 * A refused plan leaves the tree as it was.
 */
export async function planDestroy(tree: Tree, name: string, force: boolean): Promise<Plan> {
  const manifest = readManifest(tree);
  const entry = findEntry(manifest, name);

  const doomed: string[] = [];
  const edited: string[] = [];
  for (const [path, hash] of Object.entries(entry.files)) {
    // Migrations are history: a database that ran the create migration needs it
    // to reach the drop migration added below.
    if (path.startsWith("migrations/")) continue;
    const before = tree.read(path);
    if (before === undefined) continue;
    if (fileHash(before) !== hash && !force) edited.push(path);
    doomed.push(path);
  }
  if (edited.length > 0) {
    throw new CliError(`these files were changed since "${entry.name}" was generated: ${edited.join(", ")}`, {
      hint: "nothing was removed; keep your changes elsewhere, or remove them anyway with --force",
    });
  }
  const unedited = new Map<string, string>();
  for (const file of new Set(entry.edits.map((e) => e.file))) {
    const before = tree.read(file);
    if (before === undefined) continue;
    unedited.set(file, entry.edits.filter((e) => e.file === file).reduce(removeInsertedLine, before));
  }

  const names = resourceNames(entry.name, entry.plural);
  const drop = await renderForProject(
    "drop",
    tree,
    manifest,
    names,
    parseFields(entry.fields),
    entry.ownership ?? "owned",
  );
  for (const path of doomed) tree.delete(path);
  for (const [path, contents] of [...unedited, ...drop.files]) tree.write(path, contents);
  writeManifest(tree, { ...manifest, resources: manifest.resources.filter((r) => r !== entry) });
  return { changes: tree.listChanges(), resource: names, migration: drop.migration.revision };
}

/** The resource to remove, refused when unknown or when another one refers to it. */
function findEntry(manifest: Manifest, name: string): ResourceEntry {
  // The name as the manifest has it first (as typed with --plural: canvas), then inflected.
  const typed = toSnake(name);
  const singular = safeSingular(name);
  const entry =
    manifest.resources.find((r) => r.name === typed || r.plural === typed) ??
    manifest.resources.find((r) => r.name === singular || r.plural === singular);
  if (!entry) {
    const known = manifest.resources.map((r) => r.name);
    throw new UsageError(
      `no resource "${name}" was generated in this project`,
      known.length > 0 ? `generated resources: ${known.join(", ")}` : "none has been generated yet",
    );
  }
  const dependents = manifest.resources.filter(
    (r) => r.name !== entry.name && parseFields(r.fields).some((f) => f.ref === entry.name),
  );
  if (dependents.length > 0) {
    throw new UsageError(
      `"${entry.name}" is referenced by ${dependents.map((d) => d.name).join(", ")}`,
      `destroy ${dependents.map((d) => d.name).join(", ")} first`,
    );
  }
  return entry;
}

function safeSingular(name: string): string {
  try {
    return resourceNames(name).singular;
  } catch {
    return name;
  }
}
