import { existsSync, rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { onInterrupt } from "../interrupts.js";
import { MANIFEST_PATH, type Manifest, parseManifest } from "../manifest.js";
import { longFlag, OPTION_KEYS, type OptionKey } from "../options.js";
import { run } from "../processes.js";
import { projectNameProblem } from "../project-name.js";
import { readFiles } from "../tree/disk-source.js";

/**
 * B for a project another release made, when it has no pristine ref (every project made
 * before 0.2.0): that release's own CLI, run on the project's answers and resource log
 * in a scratch directory. The same code that wrote the project writes its base, so the
 * base is exact, and it is checked against the manifest before it is trusted.
 *
 * The release comes from `--base-release` (a packed `.tgz` or an unpacked package), the
 * cache, or npm (`npm pack create-backend@<version>`, unless `--offline`). Whatever
 * fails on the way, the upgrade goes on in hash-only mode, and says why.
 */
export interface ReleaseOptions {
  /** `--base-release <path>`: the recorded version's package, `.tgz` or directory. */
  path?: string;
  /** `--offline`: never ask npm for the release. */
  offline?: boolean;
  /** Where fetched releases are kept; by default the user's cache directory. */
  cacheDir?: string;
}

export type ReleaseBase = { files: Map<string, string> } | { files: undefined; why: string };

const PACKAGE = "create-backend";
const THEIR_CLI = "the release's CLI";

export async function renderWithRelease(
  manifest: Manifest,
  /** The answers as the manifest records them: options a later version added are not the release's. */
  recordedAnswers: Record<string, unknown>,
  options: ReleaseOptions,
): Promise<ReleaseBase> {
  const scratch: string[] = [];
  // Ctrl-C stops the release's CLI (its own process group) and exits: the scratch goes too.
  const forget = onInterrupt(() => {
    for (const path of scratch) rmSync(path, { recursive: true, force: true });
  });
  try {
    const release = await locateRelease(manifest.version, options, scratch);
    if (typeof release !== "string") return { files: undefined, why: release.why };
    const workspace = await mkdtemp(join(tmpdir(), "create-backend-base-"));
    scratch.push(workspace);
    const replayed = await replay(release, manifest, recordedAnswers, workspace);
    if (typeof replayed !== "string") return { files: undefined, why: replayed.why };
    // Made with --no-git: everything in the folder is the release's render.
    const files = readFiles(replayed);
    const mismatch = differsFromManifest(files, manifest);
    return mismatch ? { files: undefined, why: mismatch } : { files };
  } catch (error) {
    // A release that is not what it claims (a broken package.json, a replay that wrote
    // elsewhere): no base from it, said, rather than a crash.
    return { files: undefined, why: `the release could not render the base: ${(error as Error).message}` };
  } finally {
    forget();
    for (const path of scratch) await rm(path, { recursive: true, force: true });
  }
}

/** The directory of the release's package (with bin/create-backend.js), or why there is none. */
async function locateRelease(
  version: string,
  options: ReleaseOptions,
  /** Scratch folders a tarball was unpacked into, for the caller to remove. */
  unpacked: string[],
): Promise<string | { why: string }> {
  if (options.path !== undefined) {
    const given = resolve(options.path);
    if (!existsSync(given)) return { why: `${options.path} does not exist` };
    const dir = (await stat(given)).isDirectory() ? given : await unpack(given, unpacked);
    return typeof dir === "string" ? checkedPackage(dir, version) : dir;
  }
  const cached = join(options.cacheDir ?? defaultCacheDir(), version, "package");
  if (existsSync(cached)) return checkedPackage(cached, version);
  if (options.offline) {
    return { why: `create-backend ${version} is not in the cache, and --offline keeps npm out of it` };
  }
  const fetched = await fetchRelease(version, join(options.cacheDir ?? defaultCacheDir(), version), unpacked);
  return typeof fetched === "string" ? checkedPackage(fetched, version) : fetched;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "create-backend", "releases");
}

async function fetchRelease(
  version: string,
  into: string,
  /** Scratch folders, for the caller to remove. */
  scratch: string[],
): Promise<string | { why: string }> {
  const download = await mkdtemp(join(tmpdir(), "create-backend-release-"));
  scratch.push(download);
  const failed = { why: `npm could not fetch create-backend@${version}` };
  try {
    const packed = await run(
      "npm",
      // The version is x.y.z (the manifest's schema): npm asks the registry, nothing else,
      // and runs no script of the package's.
      ["pack", `${PACKAGE}@${version}`, "--pack-destination", download, "--silent", "--ignore-scripts"],
      download,
    );
    const tarball = (await readdir(download)).find((name) => name.endsWith(".tgz"));
    if (!packed.ok || !tarball) return failed;
    const unpacked = await unpack(join(download, tarball), scratch);
    if (typeof unpacked !== "string") return unpacked;
    // Copied beside its place in the cache, then renamed into it: a half-copied release
    // is never found there (the cache may be on another file system than the scratch).
    await mkdir(into, { recursive: true });
    const staging = await mkdtemp(join(into, "package-"));
    scratch.push(staging);
    await cp(unpacked, staging, { recursive: true });
    await rename(staging, join(into, "package")).catch((error: NodeJS.ErrnoException) => {
      // Another upgrade cached it meanwhile.
      if (!existsSync(join(into, "package"))) throw error;
    });
    return join(into, "package");
  } catch (error) {
    return { why: `${failed.why}: ${(error as Error).message}` };
  }
}

/** `npm pack` output, unpacked in a scratch folder (added to `scratch`): `<dir>/package`. */
async function unpack(tarball: string, scratch: string[]): Promise<string | { why: string }> {
  const dir = await mkdtemp(join(tmpdir(), "create-backend-unpacked-"));
  scratch.push(dir);
  const result = await run("tar", ["-xzf", tarball, "-C", dir], dir);
  if (!result.ok) return { why: `${tarball} is not a packed npm package (tar: ${result.output.trim()})` };
  return join(dir, "package");
}

async function checkedPackage(dir: string, version: string): Promise<string | { why: string }> {
  const root = existsSync(join(dir, "package", "package.json")) ? join(dir, "package") : dir;
  const pkg = await readFile(join(root, "package.json"), "utf8")
    .then((text) => JSON.parse(text) as { name?: string; version?: string })
    .catch(() => undefined);
  if (pkg?.name !== PACKAGE || !existsSync(join(root, "bin", "create-backend.js"))) {
    return { why: `${root} is not a create-backend package` };
  }
  if (pkg.version !== version) {
    return { why: `${root} is create-backend ${pkg.version}, and the project was made by ${version}` };
  }
  return root;
}

/** The project as the release made it: create, then each logged resource generated again. */
async function replay(
  release: string,
  manifest: Manifest,
  recordedAnswers: Record<string, unknown>,
  scratch: string,
): Promise<string | { why: string }> {
  const cli = join(release, "bin", "create-backend.js");
  const { projectName, ...answers } = recordedAnswers;
  if (typeof projectName !== "string" || projectNameProblem(projectName) !== undefined) {
    return {
      why: `the manifest's project name ${JSON.stringify(projectName)} is not one create-backend makes`,
    };
  }
  const created = await run(
    process.execPath,
    [cli, String(projectName), ...answerFlags(answers), "--no-install", "--no-git", "--yes"],
    scratch,
    { CI: "1" },
  );
  if (!created.ok) return { why: `${THEIR_CLI} could not create the project: ${lastLine(created.output)}` };
  const project = join(scratch, String(projectName));
  for (const resource of manifest.resources) {
    const access =
      resource.ownership === "private"
        ? ["--private"]
        : resource.ownership === "shared"
          ? ["--no-owner"]
          : [];
    const generated = await run(
      process.execPath,
      [
        cli,
        "generate",
        "resource",
        "--plural",
        resource.plural,
        ...access,
        resource.name,
        ...resource.fields,
      ],
      project,
      { CI: "1" },
    );
    if (!generated.ok) {
      return { why: `${THEIR_CLI} could not generate ${resource.name}: ${lastLine(generated.output)}` };
    }
  }
  return project;
}

/** The answers as the flags that give them: `--db postgres`, `--features none`. */
export function answerFlags(answers: Record<string, unknown>): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(answers)) {
    if (!OPTION_KEYS.includes(key as OptionKey)) continue;
    const flag = longFlag(key as OptionKey);
    if (Array.isArray(value)) flags.push(flag, value.length ? value.join(",") : "none");
    else if (typeof value === "string") flags.push(flag, value);
  }
  return flags;
}

/**
 * The replay must have written what the project's manifest says the release wrote:
 * the same files with the same hashes. Anything else (an edited manifest, a release
 * that is not the one recorded) is not trusted as a base.
 */
function differsFromManifest(files: ReadonlyMap<string, string>, manifest: Manifest): string | undefined {
  const text = files.get(MANIFEST_PATH);
  if (text === undefined) return "the release's CLI wrote no manifest";
  const replayed = parseManifest(text, "the replayed manifest");
  const mine = JSON.stringify({ files: manifest.files, resources: manifest.resources });
  const theirs = JSON.stringify({ files: replayed.files, resources: replayed.resources });
  if (mine === theirs) return undefined;
  const differing = Object.keys({ ...manifest.files, ...replayed.files }).filter(
    (path) => manifest.files[path] !== replayed.files[path],
  );
  return `the release's render does not match what the project's manifest records (${differing.length} file(s) differ${differing.length ? `, e.g. ${differing[0]}` : ""})`;
}

function lastLine(output: string): string {
  return output.trim().split("\n").at(-1) ?? "";
}
