import { PassThrough, Writable } from "node:stream";

/** Keystrokes as a terminal sends them. */
export const KEY = {
  enter: "\r",
  down: "\x1b[B",
  up: "\x1b[A",
  space: " ",
  ctrlC: "\x03",
  escape: "\x1b",
  backspace: "\x7f",
} as const;

/**
 * A fake terminal for @clack/prompts: an input we type into and an output we
 * read back. Each key is sent once the prompt has drawn, as a person would.
 */
export function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  let screen = "";
  const output = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        screen += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 100, rows: 40 },
  );
  return {
    input,
    output,
    screen: () => screen,
    /** Types keys one at a time, letting the prompt react between them. */
    async type(...keys: string[]) {
      for (const key of keys) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        input.write(key);
      }
    },
  };
}
