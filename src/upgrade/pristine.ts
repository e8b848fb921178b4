import { realpath } from "node:fs/promises";
import { execa } from "execa";
import { MANIFEST_PATH, type Manifest, parseManifest } from "../manifest.js";

/**
 * The base an upgrade merges from (issue 18; README, "Upgrading a project"). Every time
 * the CLI writes a project (create, generate, destroy), it keeps what it rendered, before
 * any hand edit, as a commit on a ref of its own. `git log` and `git status` never show
 * it, a clone does not fetch it unless asked, and it costs the blobs the project's own
 * history mostly shares.
 */
export const PRISTINE_REF = "refs/create-backend/pristine";

const git = (dir: string, args: string[], input?: string) =>
  execa("git", args, { cwd: dir, reject: false, stdin: input === undefined ? "ignore" : "pipe", input });

/**
 * Whether `dir` is the top of a git work tree (and git is installed). A project inside a
 * larger repository gets no ref: the ref is the repository's, and two projects in it
 * would share one.
 */
export async function isRepositoryRoot(dir: string): Promise<boolean> {
  const result = await git(dir, ["rev-parse", "--show-toplevel"]).catch(() => undefined);
  if (result?.exitCode !== 0) return false;
  const [top, here] = await Promise.all([realpath(result.stdout.trim()), realpath(dir)]);
  return top === here;
}

/**
 * Records `files` as the pristine render, on top of the previous one. One `git
 * fast-import` process writes every blob, the tree and the commit. Returns false, and
 * records nothing, outside a repository: `upgrade` then works without an exact base.
 */
export async function recordPristine(
  dir: string,
  files: ReadonlyMap<string, string>,
  message: string,
): Promise<boolean> {
  if (!(await isRepositoryRoot(dir))) return false;
  const previous = await git(dir, ["rev-parse", "--verify", "--quiet", `${PRISTINE_REF}^{commit}`]);
  // `data <bytes>` and the bytes exactly; the newline after them is optional, and given.
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const when = Math.floor(Date.now() / 1000);
  const paths = [...files.keys()].sort();
  const stream = [
    `commit ${PRISTINE_REF}\n`,
    `committer create-backend <create-backend@localhost> ${when} +0000\n`,
    data(message),
    previous.exitCode === 0 ? `from ${previous.stdout.trim()}\n` : "",
    "deleteall\n",
    ...paths.map((path) => `M 100644 inline ${quoted(path)}\n${data(files.get(path) as string)}`),
    "\n",
  ].join("");
  const result = await git(dir, ["fast-import", "--quiet", "--force"], stream);
  if (result.exitCode !== 0) throw new Error(`git fast-import failed: ${result.stderr.trim()}`);
  return true;
}

/**
 * The newest pristine render of the state `manifest` records (its version, answers and
 * resources), or undefined. Usually the ref's last commit; but an upgrade or a generate
 * undone with git leaves a render on the ref that the project no longer is, and that is
 * no base for it.
 */
export async function readPristineOf(dir: string, manifest: Manifest, depth = 100) {
  if (!(await isRepositoryRoot(dir))) return undefined;
  const revs = await git(dir, ["rev-list", "--first-parent", `--max-count=${depth}`, PRISTINE_REF]);
  if (revs.exitCode !== 0) return undefined;
  for (const rev of revs.stdout.split("\n").filter(Boolean)) {
    const shown = await git(dir, ["show", `${rev}:${MANIFEST_PATH}`]);
    if (shown.exitCode !== 0) continue;
    let recorded: Manifest;
    try {
      recorded = parseManifest(shown.stdout, "the pristine manifest");
    } catch {
      continue;
    }
    if (state(recorded) === state(manifest)) return readPristine(dir, rev);
  }
  return undefined;
}

/** What a render depends on. */
const state = (m: Manifest) =>
  JSON.stringify([
    m.version,
    m.answers,
    m.resources.map((r) => [r.name, r.plural, r.fields, r.ownership ?? "owned"]),
  ]);

/** The pristine render at `rev` (the last one by default), or undefined when there is none. */
export async function readPristine(
  dir: string,
  rev = PRISTINE_REF,
): Promise<Map<string, string> | undefined> {
  if (!(await isRepositoryRoot(dir))) return undefined;
  const listing = await git(dir, ["ls-tree", "-r", "-z", "--full-tree", rev]);
  if (listing.exitCode !== 0) return undefined;
  const entries = listing.stdout
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split("\t") as [string, string];
      return { object: meta.split(" ")[2] as string, path };
    });
  const batch = await execa("git", ["cat-file", "--batch"], {
    cwd: dir,
    input: entries.map((e) => e.object).join("\n"),
    encoding: "buffer",
  });
  const out = Buffer.from(batch.stdout);
  const files = new Map<string, string>();
  let at = 0;
  for (const { path } of entries) {
    const header = out.subarray(at, out.indexOf(0x0a, at)).toString();
    const size = Number(header.split(" ")[2]);
    const start = at + header.length + 1;
    files.set(path, out.subarray(start, start + size).toString("utf8"));
    at = start + size + 1;
  }
  return files;
}

/** A path as fast-import reads it: C-style quoted when it needs to be. */
function quoted(path: string): string {
  if (!/^"|[\n\\"]/.test(path)) return path;
  return `"${path.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
