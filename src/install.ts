import { CliError, InstallError } from "./errors.js";
import {
  type Command,
  type InstallPlan,
  pipPlan,
  pyprojectRequirements,
  shellLine,
  uvPlan,
} from "./install-plan.js";
import { setInterruptMessage } from "./interrupts.js";
import { run, tail } from "./processes.js";
import { findPython, hasUv } from "./python.js";
import type { Reporter } from "./report.js";

export interface InstallOutcome {
  tool: "uv" | "pip";
  installed: boolean;
  /** The migration the development database is at, when the CLI migrated it. */
  migratedTo?: string;
  tests: "passed" | "failed" | "not-run";
  /** Why the tests did not run, when they did not. */
  reason?: string;
}

/** What the install needs to know of the project beyond its commands. */
export interface InstallChecks {
  /** The newest migration, said once the development database is migrated. */
  head: string;
  /** Why the development database cannot be migrated now (no server), or undefined. */
  migrateBlocker(): Promise<string | undefined>;
  /** Why the tests cannot run now (no test server), or undefined. */
  testBlocker(): Promise<string | undefined>;
}

/** Chooses uv when it is there, else a venv with the Python on the PATH. */
export async function planInstall(
  projectDir: string,
  displayDir: string,
  pyproject: string,
  migrate: readonly string[],
): Promise<InstallPlan> {
  if (await hasUv(projectDir)) return uvPlan(migrate);
  const requirements = pyprojectRequirements(pyproject);
  try {
    return pipPlan(await findPython(projectDir), requirements, migrate);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const plan = pipPlan("python3", requirements, migrate);
    throw new CliError(error.message, {
      hint: `the project was kept in ${displayDir}; install Python 3.10+ (or uv), then run:\n  ${retryCommands(displayDir, plan).join("\n  ")}`,
    });
  }
}

function retryCommands(displayDir: string, plan: InstallPlan): string[] {
  return [
    ...(displayDir === "." ? [] : [`cd ${displayDir}`]),
    ...plan.install.map(shellLine),
    shellLine(plan.migrate),
    shellLine(plan.test),
  ];
}

/**
 * Installs the project, migrates its development database (so the dev server
 * answers at once) and runs its own tests. On failure the project stays (it is
 * fine, only unverified) and the error carries the failing command's last
 * lines and the exact commands to finish by hand.
 */
export async function installAndVerify(
  projectDir: string,
  displayDir: string,
  plan: InstallPlan,
  reporter: Reporter,
  checks: InstallChecks,
): Promise<InstallOutcome> {
  const retry = retryCommands(displayDir, plan);
  setInterruptMessage(`the project is kept in ${displayDir}; to finish: ${retry.join(" && ")}`);
  const outcome: InstallOutcome = { tool: plan.tool, installed: false, tests: "not-run" };
  try {
    for (const command of plan.install) await runStep(command, projectDir, reporter, retry, "install");
    outcome.installed = true;
    const noDatabase = await checks.migrateBlocker();
    if (noDatabase) reporter.warn(`${noDatabase}; then run: ${shellLine(plan.migrate)}`);
    else {
      await runStep(
        plan.migrate,
        projectDir,
        reporter,
        retry,
        "migrate",
        `Database migrated to ${checks.head}`,
      );
      outcome.migratedTo = checks.head;
    }
    const blocker = await checks.testBlocker();
    if (blocker) {
      reporter.warn(`${blocker}; then run: ${shellLine(plan.test)}`);
      return { ...outcome, reason: blocker };
    }
    await runStep(plan.test, projectDir, reporter, retry, "test");
  } finally {
    setInterruptMessage(undefined);
  }
  return { ...outcome, tests: "passed" };
}

async function runStep(
  command: Command,
  cwd: string,
  reporter: Reporter,
  retry: string[],
  phase: InstallError["phase"],
  doneMessage?: string,
): Promise<void> {
  const step = reporter.start(command.title);
  const result = await run(command.file, command.args, cwd);
  if (result.ok) {
    step.done(doneMessage);
    return;
  }
  step.fail();
  const why = result.missing
    ? `${command.file} was not found`
    : phase === "test" && result.exitCode === 5
      ? "pytest collected no tests"
      : `exit code ${result.exitCode ?? "unknown"}`;
  throw new InstallError(`"${shellLine(command)}" failed (${why})`, phase, tail(result.output), retry);
}
