import { run } from "./processes.js";

export type GitOutcome = "committed" | "skipped" | "unavailable" | "inside-repository" | "failed";

/**
 * `git init` + a first commit. A missing git, or a project placed inside an
 * existing repository, is not an error: the project is fine without it.
 */
export async function initRepository(cwd: string): Promise<GitOutcome> {
  if (!(await run("git", ["--version"], cwd)).ok) return "unavailable";
  if ((await run("git", ["rev-parse", "--is-inside-work-tree"], cwd)).ok) return "inside-repository";
  if (!(await run("git", ["init", "-q", "-b", "main"], cwd)).ok) return "failed";
  if (!(await run("git", ["add", "-A"], cwd)).ok) return "failed";
  // A machine without a git identity still gets its first commit.
  const identity = (await run("git", ["config", "user.email"], cwd)).ok
    ? []
    : ["-c", "user.name=create-backend", "-c", "user.email=create-backend@localhost"];
  const commit = await run(
    "git",
    [...identity, "commit", "-q", "--no-verify", "-m", "Initial commit from create-backend"],
    cwd,
  );
  return commit.ok ? "committed" : "failed";
}
