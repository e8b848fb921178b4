/**
 * Ctrl-C or a kill must not leave half a project behind. Steps that create
 * something temporary register an undo here; a signal runs every pending undo
 * (synchronously: the process is about to exit) and exits with 128 + signal.
 */
type Undo = () => void;

const pending = new Set<Undo>();
let installed = false;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export function onInterrupt(undo: Undo): () => void {
  install();
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Messages printed after the undo ran, e.g. how to resume an install. */
let farewell: string | undefined;
export function setInterruptMessage(message: string | undefined): void {
  farewell = message;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(SIGNAL_EXIT)) {
    process.on(signal, () => {
      for (const undo of [...pending].reverse()) {
        try {
          undo();
        } catch {
          // Best effort: one failed undo must not stop the others.
        }
      }
      process.stderr.write(`\nCancelled${farewell ? `: ${farewell}` : ""}\n`);
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
}
