import { CliError, UsageError } from "../errors.js";
import {
  fileHash,
  MANIFEST_PATH,
  type Manifest,
  type ResourceEntry,
  serialiseManifest,
} from "../manifest.js";
import { templateContext } from "../render/context.js";
import { cliTemplates } from "../render/templates.js";
import { VERSION } from "../version.js";
import { builtInResources } from "./builtin-resources.js";
import type { Change } from "./changes.js";
import { resourceContext } from "./context.js";
import { insertAboveMarker, type LineEdit } from "./edits.js";
import { type Field, parseFields } from "./fields.js";
import { type NextMigration, nextAlembicRevision, nextSqlMigration } from "./migrations.js";
import { type ResourceNames, resourceNames } from "./names.js";
import { type Project, readProjectFile } from "./project.js";
import { renderResource } from "./render-resource.js";

export interface GenerateRequest {
  name: string;
  fields: string[];
  plural?: string;
  force: boolean;
}

export interface Plan {
  changes: Change[];
  /** Why nothing changes, when nothing does. */
  upToDate?: string;
  resource: ResourceNames;
  migration?: string;
}

/** Names and fields; a mistake in either is a usage error (NameError, FieldError: exit 2). */
export function parseRequest(request: GenerateRequest): { names: ResourceNames; fields: Field[] } {
  return { names: resourceNames(request.name, request.plural), fields: parseFields(request.fields) };
}

export async function nextMigration(project: Project): Promise<NextMigration> {
  return project.manifest.answers.orm === "sqlalchemy"
    ? nextAlembicRevision(project.root)
    : nextSqlMigration(project.root);
}

/** Every change `generate resource` makes, computed without writing anything. */
export async function planGenerate(project: Project, request: GenerateRequest): Promise<Plan> {
  const { names, fields } = parseRequest(request);
  const { manifest } = project;
  const existing = manifest.resources.find((r) => r.name === names.singular);
  if (existing) {
    if (
      JSON.stringify(existing.fields) === JSON.stringify(fields.map((f) => f.source)) &&
      existing.plural === names.plural
    ) {
      return {
        changes: [],
        upToDate: `resource "${names.singular}" is already generated with these fields`,
        resource: names,
      };
    }
    throw new UsageError(
      `resource "${names.singular}" already exists with other fields (${existing.fields.join(" ")})`,
      `remove it first: create-backend destroy resource ${names.singular}`,
    );
  }
  assertNoClash(manifest, names);
  assertRefsExist(manifest, fields);

  const migration = await nextMigration(project);
  const { projectName, ...answers } = manifest.answers;
  const context = resourceContext(templateContext(answers, projectName, VERSION), names, fields, migration);
  const rendered = renderResource("create", answers, context, await cliTemplates());

  const changes: Change[] = [];
  const clashes: string[] = [];
  for (const [path, after] of rendered.files) {
    const before = await readProjectFile(project.root, path);
    if (before === undefined) changes.push({ kind: "create", path, after });
    else if (before !== after) {
      if (request.force) changes.push({ kind: "update", path, before, after });
      else clashes.push(path);
    }
  }
  if (clashes.length > 0) {
    throw new CliError(`these files already exist: ${clashes.join(", ")}`, {
      hint: "nothing was written; move them away, or overwrite them with --force",
    });
  }
  changes.push(...(await markerEdits(project.root, rendered.edits)));

  const entry: ResourceEntry = {
    name: names.singular,
    plural: names.plural,
    fields: fields.map((f) => f.source),
    files: Object.fromEntries([...rendered.files].map(([path, contents]) => [path, fileHash(contents)])),
    edits: rendered.edits,
    migration: migration.revision,
  };
  changes.push(
    await manifestChange(project, { ...manifest, resources: [...manifest.resources, entry] }, changes),
  );
  return { changes, resource: names, migration: migration.revision };
}

function assertNoClash(manifest: Manifest, names: ResourceNames): void {
  for (const other of manifest.resources) {
    const theirs = [other.name, other.plural];
    if (theirs.includes(names.singular) || theirs.includes(names.plural)) {
      throw new UsageError(
        `resource name "${names.singular}" clashes with the existing resource "${other.name}"`,
      );
    }
  }
}

function assertRefsExist(manifest: Manifest, fields: readonly Field[]): void {
  const known = new Set([
    ...builtInResources(manifest.answers.auth),
    ...manifest.resources.map((r) => r.name),
  ]);
  for (const field of fields) {
    if (field.ref && !known.has(field.ref)) {
      throw new UsageError(
        `field "${field.name}" refers to "${field.ref}", which is not a resource of this project (known: ${[...known].join(", ")})`,
      );
    }
  }
}

/** Applies marker edits in memory, file by file; a lost marker stops everything. */
export async function markerEdits(root: string, edits: readonly LineEdit[]): Promise<Change[]> {
  const byFile = new Map<string, LineEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const changes: Change[] = [];
  for (const [file, fileEdits] of byFile) {
    const before = await readProjectFile(root, file);
    if (before === undefined)
      throw new CliError(`${file} is missing; the generator adds the new routes there`);
    let after = before;
    for (const edit of fileEdits) after = insertAboveMarker(after, edit);
    if (after !== before) changes.push({ kind: "update", path: file, before, after });
  }
  return changes;
}

/** The manifest after the changes: the new log, and a fresh hash of every file written. */
export async function manifestChange(
  project: Project,
  next: Manifest,
  changes: readonly Change[],
): Promise<Change> {
  const files = { ...next.files };
  for (const c of changes) {
    if (c.kind === "delete") delete files[c.path];
    else files[c.path] = fileHash(c.after);
  }
  const before = (await readProjectFile(project.root, MANIFEST_PATH)) ?? "";
  return { kind: "update", path: MANIFEST_PATH, before, after: serialiseManifest({ ...next, files }) };
}
