import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { entries, tempDir } from "../helpers/cli.js";
import { fakeTerminal, KEY } from "../helpers/keys.js";

function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

describe("on a terminal", () => {
  it("asks for what the flags left open and scaffolds with the answers", async () => {
    const term = fakeTerminal();
    const stderr = capture();
    const running = main({
      argv: ["--no-install", "--no-git", "--db", "sqlite", "--orm", "sqlalchemy", "--auth", "jwt"],
      cwd: dir.path,
      env: {},
      stdin: term.input,
      stdout: term.output,
      stderr: stderr.stream,
    });
    // name, framework, features (uploads among them), storage
    await term.type(..."shop", KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    expect(await running).toBe(0);
    expect(stderr.text()).toBe("");
    expect(await entries(dir.path)).toEqual(["shop"]);
    expect(term.screen()).toContain("Which web framework?");
    expect(term.screen()).not.toContain("Which database?");
  });

  it.each([
    ["Ctrl-C", KEY.ctrlC],
    ["Esc", KEY.escape],
  ])('prints "Cancelled", exits 130 and writes nothing on %s', async (_name, key) => {
    const term = fakeTerminal();
    const stderr = capture();
    const running = main({
      argv: [],
      cwd: dir.path,
      env: {},
      stdin: term.input,
      stdout: term.output,
      stderr: stderr.stream,
    });
    await term.type(..."shop", KEY.enter, key);
    expect(await running).toBe(130);
    expect(stderr.text()).toBe("Cancelled\n");
    expect(await entries(dir.path)).toEqual([]);
  });

  it("asks nothing when CI is set", async () => {
    const term = fakeTerminal();
    const code = await main({
      argv: ["shop", "--no-install", "--no-git", "--dry-run"],
      cwd: dir.path,
      env: { CI: "true" },
      stdin: term.input,
      stdout: term.output,
      stderr: capture().stream,
    });
    expect(code).toBe(0);
    expect(term.screen()).not.toContain("Which web framework?");
  });
});
