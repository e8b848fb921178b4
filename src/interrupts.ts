/**
 * Ctrl-C or a kill must not leave half a project behind. Steps that create
 * something temporary register an undo here; a signal runs every pending undo
 * and exits with 128 + signal. An undo may return a promise (stopping a child
 * process takes a moment); the exit waits for it.
 */
import { InterruptedError, type InterruptSignal, SIGNAL_EXIT } from "./errors.js";

type Undo = () => void | Promise<void>;

const pending = new Set<Undo>();
let installed = false;
let cancelling = false;

export function onInterrupt(undo: Undo): () => void {
  listenForInterrupts();
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Whether a signal is being handled: the interrupted step must then stay quiet. */
export function isCancelling(): boolean {
  return cancelling;
}

/** Messages printed after the undo ran, e.g. how to resume an install. */
let farewell: string | undefined;
export function setInterruptMessage(message: string | undefined): void {
  farewell = message;
}

/** How a cancellation is told: a line on stderr, or (under --json) the one JSON result. */
export type CancelReport = (error: InterruptedError) => void;

const toStderr: CancelReport = ({ hint }) => {
  process.stderr.write(`\nCancelled${hint ? `: ${hint}` : ""}\n`);
};
let report: CancelReport = toStderr;

export function reportCancelWith(fn: CancelReport | undefined): void {
  report = fn ?? toStderr;
}

/**
 * Installed by the bin entry before anything runs, so a signal at any point
 * (even while rendering) is reported the same way, JSON included.
 */
export function listenForInterrupts(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNAL_EXIT) as InterruptSignal[])
    process.on(signal, () => cancel(signal));
}

function cancel(signal: InterruptSignal): void {
  // A second Ctrl-C while children are being stopped changes nothing: the
  // first one already ends the process within a couple of seconds.
  if (cancelling) return;
  cancelling = true;
  const waits: Promise<void>[] = [];
  for (const undo of [...pending].reverse()) {
    try {
      const done = undo();
      if (done) waits.push(done.catch(() => undefined));
    } catch {
      // Best effort: one failed undo must not stop the others.
    }
  }
  const finish = () => {
    const error = new InterruptedError(signal, farewell);
    report(error);
    process.exit(error.exitCode);
  };
  // Synchronous undos (removing a half-written project) exit in this same tick,
  // before any pending write of ours can run again.
  if (waits.length === 0) finish();
  else void Promise.all(waits).then(finish);
}
