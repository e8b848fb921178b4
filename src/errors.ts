/** Exit codes the CLI promises: scripts may branch on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  cancelled: 130,
} as const;

/**
 * An error meant for the user: its message is printed as is (no stack), with
 * an optional hint of what to do next. Anything else reaching the top is a bug.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  /** Extra lines (e.g. the tail of a failed command's output). */
  readonly details: string[];

  constructor(message: string, opts: { exitCode?: number; hint?: string; details?: string[] } = {}) {
    super(message);
    this.name = "CliError";
    this.exitCode = opts.exitCode ?? EXIT.failure;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: EXIT.usage, hint });
    this.name = "UsageError";
  }
}

export class CancelledError extends CliError {
  constructor() {
    super("Cancelled", { exitCode: EXIT.cancelled });
    this.name = "CancelledError";
  }
}
