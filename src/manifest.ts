import { createHash } from "node:crypto";
import * as z from "zod/mini";
import { OWNERSHIPS } from "./generate/ownership.js";
import { answersSchema } from "./options.js";

/**
 * `.create-backend.json`: how the project was made. `generate`, `destroy` and a
 * future `upgrade` work from it, so it records everything from the first
 * release on: the answers, the resource log and a hash of every owned file.
 */
export const MANIFEST_PATH = ".create-backend.json";
export const MANIFEST_SCHEMA_VERSION = 1;

export const manifestAnswersSchema = z.extend(answersSchema, { projectName: z.string() });

const hashSchema = z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/));

/**
 * `destroy` deletes and edits the paths a manifest names, and a manifest is
 * just a file in a repository anyone may have sent: a path leaving the
 * project ("../x", "/etc/x") is refused when the manifest is read.
 */
export function isProjectPath(path: string): boolean {
  return (
    !path.startsWith("/") &&
    !/[\\\0]/.test(path) &&
    path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..")
  );
}

const outside = (paths: string[]) => paths.find((path) => !isProjectPath(path));
const pathProblem = (path: unknown) =>
  `names ${JSON.stringify(path)}, not a relative path inside the project`;
const pathSchema = z.string().check(z.refine(isProjectPath, { error: (issue) => pathProblem(issue.input) }));
/** Checked as a whole, so the message can name the key (a key schema's own message is lost). */
const filesSchema = z.record(z.string(), hashSchema).check(
  z.refine((files) => outside(Object.keys(files)) === undefined, {
    error: (issue) => pathProblem(outside(Object.keys(issue.input as object))),
  }),
);

/** One `generate resource` run: enough for `destroy` to undo exactly it. */
export const resourceEntrySchema = z.object({
  name: z.string(),
  plural: z.string(),
  /** The field arguments as typed, in order. */
  fields: z.array(z.string()),
  /** The files it created, with the hash of what it wrote. */
  files: filesSchema,
  /** The lines it inserted at marker comments. */
  edits: z.array(z.object({ file: pathSchema, marker: z.string(), line: z.string() })),
  migration: z.string(),
  /** Absent for the default, `owned` (and on projects without auth). */
  ownership: z.optional(z.enum(OWNERSHIPS)),
});

export type ResourceEntry = z.infer<typeof resourceEntrySchema>;

export const manifestSchema = z.object({
  schema: z.literal(MANIFEST_SCHEMA_VERSION),
  /**
   * A release's version, and nothing else: `upgrade` fetches that release by it and runs
   * it, so a spec npm would take from elsewhere (`file:`, `github:`) or a path is refused.
   */
  version: z
    .string()
    .check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { error: "is not a release version (x.y.z)" })),
  answers: manifestAnswersSchema,
  resources: z.array(resourceEntrySchema),
  files: filesSchema,
});

export type Manifest = z.infer<typeof manifestSchema>;

export interface ManifestInput {
  version: string;
  answers: Manifest["answers"];
  resources: Manifest["resources"];
  files: ReadonlyMap<string, string>;
}

export function fileHash(contents: string): string {
  return `sha256:${createHash("sha256").update(contents).digest("hex")}`;
}

/** The manifest's text; keys in a fixed order so it renders byte-identically. */
export function manifestFile(input: ManifestInput): string {
  const files: Record<string, string> = {};
  for (const path of [...input.files.keys()].sort()) {
    if (path === MANIFEST_PATH) continue;
    files[path] = fileHash(input.files.get(path) as string);
  }
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA_VERSION,
    version: input.version,
    answers: input.answers,
    resources: input.resources,
    files,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest's text for an already-built manifest object. */
export function serialiseManifest(manifest: Manifest): string {
  const files: Record<string, string> = {};
  for (const path of Object.keys(manifest.files).sort()) files[path] = manifest.files[path] as string;
  return `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
}

/** Reads a manifest back, validated by the same schema the CLI's options use. */
export function parseManifest(text: string, where: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not valid JSON`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${where} is not a create-backend manifest: ${first?.path.join(".")} ${first?.message}`);
  }
  return parsed.data;
}
