import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fileHash, MANIFEST_PATH } from "../../src/manifest.js";
import type { Feature } from "../../src/options.js";
import { matrixStacks } from "../helpers/matrix.js";
import { SnapshotStore } from "../helpers/snapshot-store.js";
import { describeSnapshots } from "../helpers/snapshot-tests.js";
import { renderStack, stack, withoutEach } from "../helpers/stacks.js";

const SNAPSHOT_STACKS = matrixStacks();
const HASH_OF_THAT_FILE = "sha256:<hash of that file>";

/**
 * The project with each manifest hash that is its file's hash written as
 * "sha256:<hash of that file>": a template edit then shows in that file's
 * snapshot alone, and a wrong hash still shows, as itself.
 */
function withHashesNamed(files: ReadonlyMap<string, string>): Map<string, string> {
  let manifest = files.get(MANIFEST_PATH) ?? "";
  for (const [path, contents] of files) {
    const key = `${JSON.stringify(path)}: `;
    manifest = manifest.replace(`${key}"${fileHash(contents)}"`, `${key}"${HASH_OF_THAT_FILE}"`);
  }
  return new Map([...files].map(([path, contents]) => [path, path === MANIFEST_PATH ? manifest : contents]));
}

describe("rendered projects", () => {
  /** Every file of the 17 stacks, one snapshot file per path, each line once however many stacks share it. */
  describeSnapshots(
    new SnapshotStore(fileURLToPath(new URL("__snapshots__/projects", import.meta.url)), SNAPSHOT_STACKS),
    new Map(SNAPSHOT_STACKS.map((s) => [s.id, withHashesNamed(renderStack(s))])),
  );

  it.each(SNAPSHOT_STACKS.map((s) => [s.id, s] as const))(
    "%s has no unrendered Handlebars left",
    (_id, s) => {
      for (const [path, contents] of renderStack(s)) {
        expect(contents, path).not.toMatch(/\{\{[#/^>!]|\{\{else/);
      }
    },
  );

  it("keeps the route registration marker the generator relies on", () => {
    const router = renderStack(stack()).get("app/api/v1/router.py") ?? "";
    expect(router).toContain("# create-backend: routers");
  });

  it("names the project in pyproject.toml and the README", () => {
    const files = renderStack(stack(), "shop-api");
    expect(files.get("pyproject.toml")).toContain('name = "shop-api"');
    expect(renderStack(stack(), "Shop_API").get("pyproject.toml")).toContain('name = "shop-api"');
    expect(files.get("README.md")).toContain("shop-api");
  });

  it("holds a placeholder secret in .env.example, never a usable one", () => {
    const example = renderStack(stack()).get(".env.example") ?? "";
    expect(example).toMatch(/^SECRET_KEY=replace-me-with-a-long-random-string$/m);
  });
});

/** A feature left out leaves nothing behind: no file, import, setting, dependency or test. */
const TRACES: Record<Feature, RegExp> = {
  cors: /cors/i,
  uploads: /upload|multipart/i,
  // Not FastAPI's BackgroundTasks: the reset route hands its email over with it after the answer.
  tasks: /\btasks?\b/,
  docker: /docker/i,
  ci: /\.github|workflow/i,
};

describe.each(withoutEach().map(({ feature, stack: s }) => [feature, s] as const))(
  "without %s",
  (feature, s) => {
    it("nothing of it remains in any file", () => {
      const files = renderStack(s);
      for (const [path, contents] of files) {
        if (path === ".create-backend.json") continue;
        expect(path, `${path} should not exist`).not.toMatch(TRACES[feature]);
        expect(contents.match(TRACES[feature])?.[0], `${path} mentions ${feature}`).toBeUndefined();
      }
    });
  },
);
