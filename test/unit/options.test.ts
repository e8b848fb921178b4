import { describe, expect, it } from "vitest";
import {
  ANSWER_KEYS,
  AXIS_KEYS,
  answersSchema,
  canonicalFeatures,
  choiceOf,
  DEFAULT_ANSWERS,
  FEATURES,
  featureOf,
  longFlag,
  OPTION_KEYS,
  OPTION_TABLE,
  parseFeatureList,
  SELECT_KEYS,
} from "../../src/options.js";
import { layersFor } from "../../src/render/layers.js";
import { completeOptions } from "../../src/resolve.js";

describe("the options table", () => {
  it("defaults to FastAPI, SQLite, SQLAlchemy, JWT and every feature", () => {
    expect(DEFAULT_ANSWERS).toEqual({
      framework: "fastapi",
      database: "sqlite",
      orm: "sqlalchemy",
      auth: "jwt",
      features: ["cors", "uploads", "tasks", "docker", "ci"],
      storage: "local",
    });
  });

  it("covers every answer in the schema, plus install and git", () => {
    // Copies: sorting in place would reorder the exported arrays for every later reader.
    expect([...OPTION_KEYS].sort()).toEqual([...Object.keys(answersSchema.shape), "install", "git"].sort());
    expect(ANSWER_KEYS).toEqual(Object.keys(answersSchema.shape));
    expect(SELECT_KEYS).toEqual(["framework", "database", "orm", "auth", "storage"]);
    expect(AXIS_KEYS).toEqual(["framework", "database", "orm", "auth"]);
    expect(featureOf("storage")).toBe("uploads");
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
      "--storage",
      "--no-install",
      "--no-git",
    ]);
    expect(choiceOf("orm", "none")).toMatchObject({ label: "Raw SQL", dir: "raw-sql", slug: "rawsql" });
    expect(choiceOf("orm", "sqlalchemy")).toMatchObject({ dir: "sqlalchemy", slug: "sqlalchemy" });
  });
});

describe("the storage choice", () => {
  it("reads a manifest written before it existed as local disk", () => {
    const { storage: _storage, ...older } = DEFAULT_ANSWERS;
    expect(answersSchema.parse(older).storage).toBe("local");
  });

  it("is refused as s3 without uploads, and kept as its default then", () => {
    expect(() => completeOptions("p", { features: ["cors"], storage: "s3" })).toThrow(
      "--storage s3 needs the uploads feature",
    );
    expect(completeOptions("p", { features: ["cors"] }).storage).toBe("local");
    expect(completeOptions("p", { storage: "s3" }).storage).toBe("s3");
  });

  it("adds the features/uploads/s3 layer after the uploads layers, and only for s3", () => {
    const s3 = layersFor({ ...DEFAULT_ANSWERS, features: ["uploads", "docker"], storage: "s3" });
    expect(s3.slice(s3.indexOf("features/uploads/common"), s3.indexOf("features/docker/common"))).toEqual([
      "features/uploads/common",
      "features/uploads/fastapi",
      "features/uploads/sqlalchemy",
      "features/uploads/sqlite",
      "features/uploads/s3",
    ]);
    expect(layersFor(DEFAULT_ANSWERS)).not.toContain("features/uploads/s3");
    expect(layersFor(DEFAULT_ANSWERS).filter((l) => l.includes("local"))).toEqual([]);
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

  it('takes "none" for no features, and nothing else', () => {
    expect(parseFeatureList("none")).toEqual([]);
    for (const empty of ["", " ", ",", " , "]) {
      expect(() => parseFeatureList(empty)).toThrow(
        '"--features" names no feature: give none for no features',
      );
    }
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
