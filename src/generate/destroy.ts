import { CliError, UsageError } from "../errors.js";
import { fileHash } from "../manifest.js";
import { templateContext } from "../render/context.js";
import { cliTemplates } from "../render/templates.js";
import { VERSION } from "../version.js";
import type { Change } from "./changes.js";
import { resourceContext } from "./context.js";
import { removeInsertedLine } from "./edits.js";
import { parseFields } from "./fields.js";
import { manifestChange, nextMigration, type Plan } from "./generate.js";
import { resourceNames } from "./names.js";
import { type Project, readProjectFile } from "./project.js";
import { renderResource } from "./render-resource.js";

/**
 * Undoes one `generate resource`: deletes the files it created, takes out the
 * lines it inserted, and adds a migration that drops the table (history is
 * kept, so a database that ran the create migration follows). Files changed
 * since they were generated are kept unless --force.
 */
export async function planDestroy(project: Project, name: string, force: boolean): Promise<Plan> {
  const { manifest } = project;
  const singular = safeSingular(name);
  const entry = manifest.resources.find((r) => r.name === singular || r.plural === singular);
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

  const changes: Change[] = [];
  const edited: string[] = [];
  for (const [path, hash] of Object.entries(entry.files)) {
    // Migrations are history: a database that ran the create migration needs it
    // to reach the drop migration added below.
    if (path.startsWith("migrations/")) continue;
    const before = await readProjectFile(project.root, path);
    if (before === undefined) continue;
    if (fileHash(before) !== hash && !force) edited.push(path);
    changes.push({ kind: "delete", path, before });
  }
  if (edited.length > 0) {
    throw new CliError(`these files were changed since "${entry.name}" was generated: ${edited.join(", ")}`, {
      hint: "nothing was removed; keep your changes elsewhere, or remove them anyway with --force",
    });
  }
  for (const file of new Set(entry.edits.map((e) => e.file))) {
    const before = await readProjectFile(project.root, file);
    if (before === undefined) continue;
    const after = entry.edits.filter((e) => e.file === file).reduce(removeInsertedLine, before);
    if (after !== before) changes.push({ kind: "update", path: file, before, after });
  }

  const names = resourceNames(entry.name, entry.plural);
  const migration = await nextMigration(project);
  const { projectName, ...answers } = manifest.answers;
  const context = resourceContext(
    templateContext(answers, projectName, VERSION),
    names,
    parseFields(entry.fields),
    migration,
  );
  for (const [path, after] of renderResource("drop", answers, context, await cliTemplates()).files) {
    changes.push({ kind: "create", path, after });
  }
  const next = { ...manifest, resources: manifest.resources.filter((r) => r !== entry) };
  changes.push(await manifestChange(project, next, changes));
  return { changes, resource: names, migration: migration.revision };
}

function safeSingular(name: string): string {
  try {
    return resourceNames(name).singular;
  } catch {
    return name;
  }
}
