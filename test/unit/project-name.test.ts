import { describe, expect, it } from "vitest";
import { distributionName, projectNameProblem } from "../../src/project-name.js";

describe("project names", () => {
  it.each(["my-api", "api2", "My_API", "a", "x.y-z_1", "a".repeat(64)])("accepts %j", (name) => {
    expect(projectNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["a/b", "must not contain / or \\"],
    ["..\\evil", "must not contain / or \\"],
    ["../up", "must not contain / or \\"],
    [".hidden", "must not start with a dot"],
    ["-rf", "must not start with a dash"],
    ["my api", "must not contain spaces"],
    ["a".repeat(65), "longer than 64 characters"],
    ["café", "may only contain letters"],
    ["a$b", "may only contain letters"],
    ["api-", "must end with a letter or a digit"],
    ["api.", "must end with a letter or a digit"],
    ["con", "reserved name"],
    ["node_modules", "reserved name"],
  ])("refuses %j (%s)", (name, why) => {
    expect(projectNameProblem(name)).toContain(why);
  });

  it("normalises the Python distribution name (PEP 503)", () => {
    expect(distributionName("My_API.v2")).toBe("my-api-v2");
  });
});
