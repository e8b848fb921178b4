import { CliError, UsageError } from "../errors.js";
import { fileHash, type Manifest, type ResourceEntry } from "../manifest.js";
import { everyProjectPath } from "../render/index.js";
import type { TemplateStore } from "../render/template-store.js";
import { cliTemplates } from "../render/templates.js";
import type { Change } from "../tree/change.js";
import type { Tree } from "../tree/tree.js";
import { builtInResources } from "./builtin-resources.js";
import { insertAboveMarker, type LineEdit } from "./edits.js";
import { type Field, parseFields } from "./fields.js";
import { type ResourceNames, resourceNames } from "./names.js";
import { type Ownership, type OwnershipFlags, ownershipFromFlags } from "./ownership.js";
import { readManifest, writeManifest } from "./project.js";
import { renderForProject } from "./render-for-project.js";

export interface GenerateRequest {
  name: string;
  fields: string[];
  plural?: string;
  force: boolean;
  /** --private and --no-owner. */
  access?: OwnershipFlags;
  /** A resource the project has, generated again (upgrade): its name was accepted then. */
  replay?: boolean;
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

/**
 * Plans `generate resource` on the tree: the resource's files, the lines it
 * registers at marker comments, and the manifest entry `destroy` undoes it
 * by. A refused plan leaves the tree as it was.
 */
export async function planGenerate(
  tree: Tree,
  request: GenerateRequest,
  /** The templates: this version's unless given (upgrade renders other versions'). */
  store?: TemplateStore,
): Promise<Plan> {
  const { names, fields } = parseRequest(request);
  const manifest = readManifest(tree);
  const ownership = ownershipFromFlags(request.access ?? {}, manifest.answers.auth);
  const existing = manifest.resources.find((r) => r.name === names.singular);
  if (existing) {
    if (
      JSON.stringify(existing.fields) === JSON.stringify(fields.map((f) => f.source)) &&
      existing.plural === names.plural &&
      (existing.ownership ?? "owned") === ownership
    ) {
      return {
        changes: [],
        upToDate: `resource "${names.singular}" is already generated with these fields`,
        resource: names,
      };
    }
    throw new UsageError(
      `resource "${names.singular}" already exists with other fields or access (${describeEntry(existing)})`,
      `remove it first: create-backend destroy resource ${names.singular}`,
    );
  }
  assertNoClash(manifest, names);
  assertRefsExist(manifest, names.singular, fields);

  const templates = store ?? (await cliTemplates());
  const rendered = await renderForProject("create", tree, manifest, names, fields, ownership, templates);
  if (!request.replay) assertNotTheProjects(manifest, names, [...rendered.files.keys()], templates);
  const clashes = [...rendered.files].filter(([path, after]) => {
    const before = tree.read(path);
    return before !== undefined && before !== after;
  });
  if (clashes.length > 0 && !request.force) {
    throw new CliError(`these files already exist: ${clashes.map(([path]) => path).join(", ")}`, {
      hint: "nothing was written; move them away, or overwrite them with --force",
    });
  }
  const edited = markerEdits(tree, rendered.edits);
  for (const [path, contents] of [...rendered.files, ...edited]) tree.write(path, contents);

  const entry: ResourceEntry = {
    name: names.singular,
    plural: names.plural,
    fields: fields.map((f) => f.source),
    files: Object.fromEntries([...rendered.files].map(([path, contents]) => [path, fileHash(contents)])),
    edits: rendered.edits,
    migration: rendered.migration.revision,
    ...(ownership === "owned" ? {} : { ownership }),
  };
  writeManifest(tree, { ...manifest, resources: [...manifest.resources, entry] });
  return { changes: tree.listChanges(), resource: names, migration: rendered.migration.revision };
}

/**
 * A resource named after one of the project's own modules (`refresh_token`, `session`),
 * or one a feature would add later (`claimed_task` before `add tasks`), would write over
 * it: refused, and --force cannot change that.
 */
function assertNotTheProjects(
  manifest: Manifest,
  names: ResourceNames,
  paths: readonly string[],
  store: TemplateStore,
): void {
  const { projectName: _, ...answers } = manifest.answers;
  const theirs = everyProjectPath(answers, store);
  const taken = paths.filter((path) => theirs.has(path) || path in manifest.files);
  if (taken.length > 0) {
    throw new UsageError(
      `resource name "${names.singular}" is taken by the project's own code: it would write over ${taken.join(", ")}`,
      `choose another name, such as ${names.singular}_entry`,
    );
  }
}

function describeEntry(entry: ResourceEntry): string {
  const flag: Record<Ownership, string> = { owned: "", private: " --private", shared: " --no-owner" };
  return `${entry.fields.join(" ")}${flag[entry.ownership ?? "owned"]}`;
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

/**
 * A reference points at a resource that exists, or at the one being generated (a tree:
 * `parent:ref(category)?`). Only an optional one may point at itself: the first row
 * could never be created. References can form no other cycle, since a resource can only
 * refer to resources made before it.
 */
function assertRefsExist(manifest: Manifest, singular: string, fields: readonly Field[]): void {
  const known = new Set([
    ...builtInResources(manifest.answers.auth),
    ...manifest.resources.map((r) => r.name),
    singular,
  ]);
  for (const field of fields) {
    if (field.ref === singular && !field.optional) {
      throw new UsageError(
        `field "${field.name}" is a required reference to ${singular} itself: the first ${singular} could never be created`,
        `make it optional: ${field.name.replace(/_id$/, "")}:ref(${singular})?`,
      );
    }
    if (field.ref && !known.has(field.ref)) {
      throw new UsageError(
        `field "${field.name}" refers to "${field.ref}", which is not a resource of this project (known: ${[...known].join(", ")})`,
      );
    }
  }
}

/** Each edited file's new contents, computed before anything is written: a lost marker stops everything. */
function markerEdits(tree: Tree, edits: readonly LineEdit[]): Map<string, string> {
  const byFile = new Map<string, LineEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const edited = new Map<string, string>();
  for (const [file, fileEdits] of byFile) {
    const before = tree.read(file);
    if (before === undefined)
      throw new CliError(`${file} is missing; the generator adds the new routes there`);
    edited.set(file, fileEdits.reduce(insertAboveMarker, before));
  }
  return edited;
}
