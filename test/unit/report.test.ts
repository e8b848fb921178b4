import { describe, expect, it } from "vitest";
import { wantsPlainOutput } from "../../src/report.js";

describe("plain output on a terminal", () => {
  it.each([
    [{ NO_COLOR: "1" }, true],
    [{ NO_COLOR: "" }, false], // no-color.org: only a non-empty value counts
    [{ FORCE_COLOR: "0" }, true],
    [{ FORCE_COLOR: "false" }, true],
    [{ FORCE_COLOR: "1" }, false],
    [{ TERM: "dumb" }, true],
    [{ TERM: "xterm-256color" }, false],
    [{}, false],
  ])("%j → %s", (env, plain) => {
    expect(wantsPlainOutput(env)).toBe(plain);
  });
});
