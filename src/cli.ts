import type { Readable, Writable } from "node:stream";
import { CommanderError } from "commander";
import { CancelledError, CliError, EXIT, InstallError, UsageError } from "./errors.js";
import { listenForInterrupts, reportCancelWith } from "./interrupts.js";
import { nextSteps } from "./next-steps.js";
import { buildProgram } from "./program.js";
import type { PromptIO } from "./prompts.js";
import {
  plainReporter,
  type Reporter,
  silentReporter,
  terminalReporter,
  wantsPlainOutput,
} from "./report.js";
import { completeOptions, DEFAULT_PROJECT_NAME, givenByFlags, resolveTarget } from "./resolve.js";
import { addResourceCommands } from "./resource-commands.js";
import type { ScaffoldResult } from "./scaffold.js";
import { assertWritableTarget, targetProblem } from "./tree/flush.js";

export interface CliIO {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
}

function defaultIO(): CliIO {
  return {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

/** Parses, runs, prints; every error is caught here once and becomes an exit code. */
export async function main(io: CliIO = defaultIO()): Promise<number> {
  const json = io.argv.includes("--json");
  // Even a Ctrl-C or kill ends with exactly one JSON object under --json.
  reportCancelWith(json ? (error) => printJson(io.stdout, failure(error)) : undefined);
  const program = buildProgram()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Under --json, commander's own messages go into the JSON error instead.
      writeErr: (text) => (json ? undefined : io.stderr.write(text)),
    });
  let action: (() => Promise<unknown>) | undefined;
  program.action(() => {
    action = () => create(program, io, json);
  });
  addResourceCommands(program, io, json, (run) => {
    action = run;
  });
  try {
    program.parse(io.argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === EXIT.ok) return EXIT.ok; // --help, --version
      const message = error.message.replace(/^error: /, "");
      if (json) printJson(io.stdout, failure(new UsageError(message)));
      return EXIT.usage;
    }
    throw error;
  }
  try {
    const result = await action?.();
    if (json) printJson(io.stdout, { ok: true, ...(result as object) });
    return EXIT.ok;
  } catch (error) {
    const cliError = asCliError(error);
    if (json) printJson(io.stdout, failure(cliError));
    else printError(io.stderr, cliError);
    return cliError.exitCode;
  }
}

async function create(
  program: ReturnType<typeof buildProgram>,
  io: CliIO,
  json: boolean,
): Promise<ScaffoldResult & { nextSteps?: string[] }> {
  const flags = program.opts<{ yes?: boolean; dryRun?: boolean }>();
  const dirArg = program.args[0];
  const given = givenByFlags(program);
  const interactive =
    !flags.yes && !json && !io.env.CI && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY);

  let answers = given;
  let projectName = dirArg;
  if (interactive) {
    // A taken folder is refused before the questions, not after all of them.
    if (dirArg !== undefined) assertWritableTarget(resolveTarget(dirArg, io.cwd).dir);
    const { askMissing } = await import("./prompts.js");
    const promptIO: PromptIO = { input: io.stdin, output: io.stdout };
    const taken = (name: string) => {
      const problem = targetProblem(resolveTarget(name, io.cwd).dir);
      return problem && [problem.message, problem.hint].filter(Boolean).join(": ");
    };
    const asked = await askMissing(given, dirArg === undefined, promptIO, taken);
    answers = asked.answers;
    projectName = asked.projectName ?? dirArg;
  }
  const target = resolveTarget(projectName ?? DEFAULT_PROJECT_NAME, io.cwd);
  const options = completeOptions(target.projectName, answers);

  const reporter = await chooseReporter(io, json, interactive);
  const { scaffold } = await import("./scaffold.js");
  const result = await scaffold(options, target, reporter, Boolean(flags.dryRun));
  if (result.dryRun) {
    reporter.note(`Would write ${result.files.length} files to ${target.display}`, result.files);
    reporter.close("Dry run: nothing was written.");
    return result;
  }
  const steps = nextSteps(target.display, options, result);
  reporter.note("Next steps", steps);
  reporter.close(`Done: ${target.display} is ready.`);
  return { ...result, nextSteps: steps };
}

async function chooseReporter(io: CliIO, json: boolean, interactive: boolean): Promise<Reporter> {
  if (json) return silentReporter();
  // Spinners only on a terminal that did not opt out; FORCE_COLOR=1 does not
  // bring them to a pipe, where their frames would be noise in a log.
  if (interactive && !wantsPlainOutput(io.env)) return terminalReporter(io.stdout);
  return plainReporter(io.stdout);
}

function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`unexpected error: ${message}`, {
    hint: "this is a bug in create-backend; please report it with the command you ran",
  });
}

function failure(error: CliError): Record<string, unknown> {
  const install = error instanceof InstallError ? error : undefined;
  return {
    ok: false,
    error: {
      message: error.message,
      exitCode: error.exitCode,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.details.length > 0 ? { output: error.details } : {}),
      ...(install ? { phase: install.phase, retry: install.retry } : {}),
    },
    ...(error.result === undefined ? {} : { result: error.result }),
  };
}

function printJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printError(err: Writable, error: CliError): void {
  if (error instanceof CancelledError) {
    err.write("Cancelled\n");
    return;
  }
  const lines = [`error: ${error.message}`];
  if (error.details.length > 0) lines.push("", ...error.details.map((l) => `  | ${l}`), "");
  if (error.hint) lines.push(`hint: ${error.hint}`);
  err.write(`${lines.join("\n")}\n`);
}

/** The bin shim's entry: sets the exit code without cutting pending output short. */
export async function run(): Promise<void> {
  // `create-backend ... | head` closes our stdout early: stop quietly, like other CLIs.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
  listenForInterrupts();
  process.exitCode = await main();
}
