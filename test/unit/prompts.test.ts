import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/errors.js";
import { askFeature, askMissing } from "../../src/prompts.js";
import { fakeTerminal, KEY } from "../helpers/keys.js";

/** Flags for everything but the project name, so only the name is asked. */
const EVERY_OPTION_GIVEN = {
  framework: "fastapi",
  database: "sqlite",
  orm: "sqlalchemy",
  auth: "jwt",
  features: [],
  storage: "local",
  install: false,
  git: false,
};

describe("the prompts", () => {
  it("ask, in order, for every option the flags did not give, offering the defaults", async () => {
    const term = fakeTerminal();
    const answering = askMissing({ database: "sqlite" }, true, term);
    await term.type(
      ..."shop",
      KEY.enter, // project name
      KEY.down,
      KEY.enter, // framework: flask
      KEY.enter, // orm: default
      KEY.down,
      KEY.enter, // auth: none
      KEY.space, // features: untick cors
      KEY.enter,
      KEY.down,
      KEY.enter, // storage (uploads is on): s3
      KEY.enter, // install: yes
      KEY.down, // confirm toggles with arrows
      KEY.enter, // git: no
    );
    const { projectName, answers } = await answering;
    expect(projectName).toBe("shop");
    expect(answers).toEqual({
      framework: "flask",
      database: "sqlite",
      orm: "sqlalchemy",
      auth: "none",
      features: ["uploads", "tasks", "docker", "ci"],
      storage: "s3",
      install: true,
      git: false,
    });
    expect(term.screen()).not.toContain("Which database?");
    expect(term.screen()).toContain("Which web framework?");
    expect(term.screen()).toContain("Where should uploads be stored?");
  });

  it("asks where uploads go only when uploads are chosen", async () => {
    const term = fakeTerminal();
    const { storage: _storage, ...withoutStorage } = EVERY_OPTION_GIVEN;
    const answering = askMissing({ ...withoutStorage, features: ["cors"] }, false, term);
    const { answers } = await answering;
    expect(answers.storage).toBeUndefined();
    expect(term.screen()).not.toContain("Where should uploads be stored?");
  });

  it("takes the default project name on a bare Enter", async () => {
    const term = fakeTerminal();
    const answering = askMissing(EVERY_OPTION_GIVEN, true, term);
    await term.type(KEY.enter);
    expect((await answering).projectName).toBe("my-api");
  });

  it("refuses an invalid project name and asks again", async () => {
    const term = fakeTerminal();
    const answering = askMissing(EVERY_OPTION_GIVEN, true, term);
    await term.type(..."-x", KEY.enter);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(term.screen()).toContain("must not start with a dash");
    await term.type("\x7f", "\x7f", ..."ok", KEY.enter);
    expect((await answering).projectName).toBe("ok");
  });

  it.each([
    ["Ctrl-C", KEY.ctrlC],
    ["Esc", KEY.escape],
  ])("stops with CancelledError on %s at any prompt", async (_name, key) => {
    const term = fakeTerminal();
    const answering = askMissing({}, false, term);
    await term.type(KEY.enter, key); // answer the first, cancel the second
    await expect(answering).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("the feature prompt of add and remove", () => {
  it("offers the features the project can take, and where uploads go", async () => {
    const term = fakeTerminal();
    const answering = askFeature("add", ["uploads", "tasks"], true, term);
    await term.type(KEY.enter, KEY.down, KEY.enter); // uploads, then s3
    expect(await answering).toEqual({ feature: "uploads", storage: "s3" });
    expect(term.screen()).toContain("Which feature to add?");
    expect(term.screen()).not.toContain("CORS");
  });

  it("asks nothing more for remove, and Ctrl-C cancels", async () => {
    const term = fakeTerminal();
    const answering = askFeature("remove", ["cors", "tasks"], true, term);
    await term.type(KEY.down, KEY.enter);
    expect(await answering).toEqual({ feature: "tasks" });
    const cancelled = fakeTerminal();
    const asking = askFeature("add", ["cors"], true, cancelled);
    await cancelled.type(KEY.ctrlC);
    await expect(asking).rejects.toBeInstanceOf(CancelledError);
  });
});
