import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWERS } from "../../src/options.js";
import { layersFor } from "../../src/render/layers.js";
import { outputPath } from "../../src/render/paths.js";

describe("layers", () => {
  it("merge base, then each axis, then each feature's common and axis parts", () => {
    const layers = layersFor({ ...DEFAULT_ANSWERS, features: ["cors"] });
    expect(layers).toEqual([
      "base",
      "fastapi",
      "sqlalchemy",
      "sqlite",
      "features/auth/common",
      "features/auth/fastapi",
      "features/auth/sqlalchemy",
      "features/auth/sqlite",
      "features/cors/common",
      "features/cors/fastapi",
      "features/cors/sqlalchemy",
      "features/cors/sqlite",
    ]);
  });

  it("names the raw SQL layer raw-sql and leaves auth out when auth is none", () => {
    const layers = layersFor({
      ...DEFAULT_ANSWERS,
      framework: "flask",
      orm: "none",
      database: "postgres",
      auth: "none",
      features: [],
    });
    expect(layers).toEqual(["base", "flask", "raw-sql", "postgres"]);
  });
});

describe("output paths", () => {
  it.each([
    ["_gitignore", ".gitignore"],
    ["_github/workflows/ci.yml.hbs", ".github/workflows/ci.yml"],
    ["app/__init__.py", "app/__init__.py"],
    ["app/main.py.hbs", "app/main.py"],
    ["_env.example.hbs", ".env.example"],
    ["README.md", "README.md"],
  ])("%s → %s", (template, output) => {
    expect(outputPath(template)).toBe(output);
  });
});
