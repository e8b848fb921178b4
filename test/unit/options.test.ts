import { describe, expect, it } from "vitest";
import {
  ANSWER_KEYS,
  answersSchema,
  canonicalFeatures,
  choiceOf,
  DEFAULT_ANSWERS,
  FEATURES,
  longFlag,
  OPTION_KEYS,
  OPTION_TABLE,
  parseFeatureList,
  SELECT_KEYS,
} from "../../src/options.js";

describe("the options table", () => {
  it("defaults to FastAPI, SQLite, SQLAlchemy, JWT and every feature", () => {
    expect(DEFAULT_ANSWERS).toEqual({
      framework: "fastapi",
      database: "sqlite",
      orm: "sqlalchemy",
      auth: "jwt",
      features: ["cors", "uploads", "tasks", "docker", "ci"],
    });
  });

  it("covers every answer in the schema, plus install and git", () => {
    // Copies: sorting in place would reorder the exported arrays for every later reader.
    expect([...OPTION_KEYS].sort()).toEqual([...Object.keys(answersSchema.shape), "install", "git"].sort());
    expect(ANSWER_KEYS).toEqual(Object.keys(answersSchema.shape));
    expect(SELECT_KEYS).toEqual(["framework", "database", "orm", "auth"]);
  });

  it("offers each choice the schema accepts, and its default is one of them", () => {
    for (const key of SELECT_KEYS) {
      const spec = OPTION_TABLE[key];
      for (const choice of spec.choices)
        expect(answersSchema.shape[key].safeParse(choice.value).success).toBe(true);
      expect(spec.choices.map((c) => c.value)).toContain(spec.default);
    }
    expect(OPTION_TABLE.features.choices.map((c) => c.value)).toEqual([...FEATURES]);
  });

  it("names each flag and each data-access choice's folder and stack-id word", () => {
    expect(OPTION_KEYS.map(longFlag)).toEqual([
      "--framework",
      "--db",
      "--orm",
      "--auth",
      "--features",
      "--no-install",
      "--no-git",
    ]);
    expect(choiceOf("orm", "none")).toMatchObject({ label: "Raw SQL", dir: "raw-sql", slug: "rawsql" });
    expect(choiceOf("orm", "sqlalchemy")).toMatchObject({ dir: "sqlalchemy", slug: "sqlalchemy" });
  });
});

describe("validation", () => {
  it("names the valid choices when a value is unknown", () => {
    const result = answersSchema.shape.framework.safeParse("django");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'invalid framework "django"; choose one of: fastapi, flask',
    );
  });

  it("rejects an unknown feature and a feature listed twice", () => {
    expect(answersSchema.shape.features.safeParse(["cors", "graphql"]).error?.issues[0]?.message).toContain(
      "choose one of: cors, uploads, tasks, docker, ci",
    );
    expect(answersSchema.shape.features.safeParse(["cors", "cors"]).error?.issues[0]?.message).toBe(
      "a feature is listed twice",
    );
  });

  it("rejects unknown keys in answers read back from a manifest", () => {
    expect(answersSchema.safeParse({ ...DEFAULT_ANSWERS, extra: 1 }).success).toBe(false);
  });
});

describe("--features", () => {
  it("splits a comma-separated list, ignoring blanks and spaces", () => {
    expect(parseFeatureList("cors, docker,,")).toEqual(["cors", "docker"]);
  });

  it('takes "none" for no features', () => {
    expect(parseFeatureList("none")).toEqual([]);
  });

  it('refuses "none" combined with a feature', () => {
    expect(() => parseFeatureList("none,cors")).toThrow(
      '"--features none" cannot be combined with other features',
    );
  });

  it("puts features in canonical order so the same choice renders the same bytes", () => {
    expect(canonicalFeatures(["ci", "cors", "tasks"])).toEqual(["cors", "tasks", "ci"]);
  });
});
