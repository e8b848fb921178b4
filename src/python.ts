import { CliError } from "./errors.js";
import { run } from "./processes.js";

export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** Whether uv is on the PATH: it installs a project in about a second. */
export async function hasUv(cwd: string): Promise<boolean> {
  return (await run("uv", ["--version"], cwd)).ok;
}

/** Finds a Python ≥ 3.10 for the venv + pip route, or says clearly what is missing. */
export async function findPython(cwd: string): Promise<string> {
  const found: string[] = [];
  for (const candidate of ["python3", "python"]) {
    const probe = await run(candidate, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], cwd);
    if (!probe.ok) {
      // Present but broken (a stale pyenv shim, a bad symlink) is not "not found".
      if (!probe.missing) found.push(`${candidate} does not run (exit code ${probe.exitCode ?? "unknown"})`);
      continue;
    }
    const version = probe.output.trim().split(/\s+/).pop() ?? "";
    if (isRecentEnough(version)) return candidate;
    found.push(`${candidate} is ${version}`);
  }
  const wanted = `Python ${MIN_PYTHON.join(".")} or newer`;
  throw new CliError(
    found.length > 0
      ? `${wanted} is needed to install the project, but ${found.join(", ")}`
      : `${wanted} is needed to install the project, and python3 was not found on the PATH`,
  );
}

export function isRecentEnough(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return false;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}
