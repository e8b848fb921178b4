import type { Writable } from "node:stream";

/**
 * Where progress goes. The CLI picks one: a spinner on a terminal, plain lines
 * when piped or NO_COLOR is set, nothing at all under --json (stdout then
 * carries exactly one JSON object).
 */
export interface Reporter {
  start(title: string): Step;
  info(message: string): void;
  warn(message: string): void;
  /** A titled block of lines, e.g. next steps. */
  note(title: string, lines: string[]): void;
  close(message: string): void;
}

export interface Step {
  done(message?: string): void;
  fail(message?: string): void;
}

/**
 * Whether a terminal asked for no colour and no animation: NO_COLOR (any
 * non-empty value, no-color.org), FORCE_COLOR=0/false, or TERM=dumb.
 */
export function wantsPlainOutput(env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR?.toLowerCase();
  return Boolean(env.NO_COLOR) || force === "0" || force === "false" || env.TERM === "dumb";
}

export function silentReporter(): Reporter {
  const step: Step = { done() {}, fail() {} };
  return { start: () => step, info() {}, warn() {}, note() {}, close() {} };
}

export function plainReporter(out: Writable): Reporter {
  const line = (text: string) => out.write(`${text}\n`);
  return {
    start(title) {
      line(`- ${title}...`);
      return {
        done: (message) => line(`  ok${message ? `: ${message}` : ""}`),
        fail: (message) => line(`  failed${message ? `: ${message}` : ""}`),
      };
    },
    info: (message) => line(message),
    warn: (message) => line(`warning: ${message}`),
    note(title, lines) {
      line("");
      line(`${title}:`);
      for (const l of lines) line(`  ${l}`);
    },
    close: (message) => line(message),
  };
}

/** Spinners and boxes from @clack/prompts, loaded only when a terminal is there to see them. */
export async function terminalReporter(out: Writable): Promise<Reporter> {
  const clack = await import("@clack/prompts");
  return {
    start(title) {
      const spin = clack.spinner({ output: out });
      spin.start(title);
      return {
        done: (message) => spin.stop(message ?? title),
        fail: (message) => spin.error(message ?? title),
      };
    },
    info: (message) => clack.log.info(message, { output: out }),
    warn: (message) => clack.log.warn(message, { output: out }),
    note: (title, lines) => clack.note(lines.join("\n"), title, { output: out }),
    close: (message) => clack.outro(message, { output: out }),
  };
}
