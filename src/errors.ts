/** Exit codes the CLI promises: scripts may branch on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  cancelled: 130,
} as const;

/** The signals the CLI cleans up after, and the exit code of each: 128 + its number, as shells report it. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type InterruptSignal = keyof typeof SIGNAL_EXIT;

/**
 * An error meant for the user: its message is printed as is (no stack), with
 * an optional hint of what to do next. Anything else reaching the top is a bug.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  /** Extra lines (e.g. the tail of a failed command's output). */
  readonly details: string[];
  /** What the command did before it failed (an upgrade's plan, with conflicts): `--json` prints it. */
  readonly result: unknown;

  constructor(
    message: string,
    opts: { exitCode?: number; hint?: string; details?: string[]; result?: unknown } = {},
  ) {
    super(message);
    this.name = "CliError";
    this.exitCode = opts.exitCode ?? EXIT.failure;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    this.result = opts.result;
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT.usage, hint });
    this.name = "UsageError";
  }
}

/** A resource name the generator cannot use (pure: thrown by src/generate/names.ts). */
export class NameError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = "NameError";
  }
}

/** A field spec the generator cannot use (src/generate/fields.ts). */
export class FieldError extends NameError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = "FieldError";
  }
}

/** A file the generator edits has lost the marker comment it edits at. */
export class MarkerMissingError extends CliError {
  constructor(file: string, marker: string) {
    super(
      `${file} has lost its "${marker}" marker comment, so the generator cannot tell where to add the new lines`,
      { hint: "put the line back, then run the command again; nothing was written" },
    );
    this.name = "MarkerMissingError";
  }
}

/** The new project's install, its first migration or its tests failed; the project is kept. */
export class InstallError extends CliError {
  readonly phase: "install" | "migrate" | "test";
  readonly retry: string[];
  constructor(message: string, phase: InstallError["phase"], output: string[], retry: string[]) {
    super(message, {
      details: output,
      hint: `the project was kept; fix the cause, then run:\n  ${retry.join("\n  ")}`,
    });
    this.name = "InstallError";
    this.phase = phase;
    this.retry = retry;
  }
}

export class CancelledError extends CliError {
  constructor() {
    super("Cancelled", { exitCode: EXIT.cancelled });
    this.name = "CancelledError";
  }
}

/** A signal stopped the run (src/interrupts.ts); the hint says how to resume, if anything can be. */
export class InterruptedError extends CliError {
  readonly signal: InterruptSignal;
  constructor(signal: InterruptSignal, hint?: string) {
    super(`cancelled by ${signal}`, { exitCode: SIGNAL_EXIT[signal], hint });
    this.name = "InterruptedError";
    this.signal = signal;
  }
}
