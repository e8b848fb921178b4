import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

  it("asks for another name at once when the folder of the one typed holds files", async () => {
    await mkdir(join(dir.path, "taken"));
    await writeFile(join(dir.path, "taken", "mine.txt"), "keep me");
    const term = fakeTerminal();
    const running = main({
      argv: ["--no-install", "--no-git", "--db", "sqlite", "--orm", "sqlalchemy", "--auth", "jwt"],
      cwd: dir.path,
      env: {},
      stdin: term.input,
      stdout: term.output,
      stderr: capture().stream,
    });
    await term.type(..."taken", KEY.enter);
    await term.type(...Array(5).fill(KEY.backspace), ..."shop", KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    expect(await running).toBe(0);
    expect(term.screen()).toContain("taken already exists and is not empty");
    expect((await entries(dir.path)).sort()).toEqual(["shop", "taken"]);
    expect(await entries(join(dir.path, "taken"))).toEqual(["mine.txt"]);
  });

  it("refuses a folder given on the command line that holds files before asking anything", async () => {
    await mkdir(join(dir.path, "taken"));
    await writeFile(join(dir.path, "taken", "mine.txt"), "keep me");
    const term = fakeTerminal();
    const stderr = capture();
    const code = await main({
      argv: ["taken", "--no-install", "--no-git"],
      cwd: dir.path,
      env: {},
      stdin: term.input,
      stdout: term.output,
      stderr: stderr.stream,
    });
    expect(code).toBe(1);
    expect(stderr.text()).toContain("taken already exists and is not empty");
    expect(term.screen()).not.toContain("Which web framework?");
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
