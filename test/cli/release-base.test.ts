import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { renderWithRelease } from "../../src/upgrade/release-base.js";
import { tempDir } from "../helpers/cli.js";

/**
 * B for a project made before the pristine ref (issue 18): its own release, run again on
 * its answers and resources, from --base-release or the cache, and trusted only when it
 * writes what the manifest records.
 */
const RELEASE = resolve(import.meta.dirname, "../fixtures/releases/create-backend-0.1.0.tgz");
let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir("cb-release-");
});
afterEach(async () => {
  await dir.cleanup();
});

/** A project 0.1.0 made, with a resource; its manifest as recorded and as parsed. */
async function projectBy010() {
  await execa("tar", ["-xzf", RELEASE, "-C", dir.path]);
  const cli = join(dir.path, "package", "bin", "create-backend.js");
  const env = { CI: "true" };
  await execa(process.execPath, [cli, "old", "--features", "none", "--no-install", "--no-git", "--yes"], {
    cwd: dir.path,
    env,
  });
  const project = join(dir.path, "old");
  await execa(process.execPath, [cli, "generate", "resource", "gadget", "name:string"], {
    cwd: project,
    env,
  });
  const text = await readFile(join(project, MANIFEST_PATH), "utf8");
  return { project, text, manifest: parseManifest(text, MANIFEST_PATH), answers: JSON.parse(text).answers };
}

describe("the base a release renders", () => {
  it("is the project as the release wrote it, from the cache, offline", async () => {
    const { project, manifest, answers } = await projectBy010();
    const cache = join(dir.path, "cache");
    await mkdir(join(cache, "0.1.0"), { recursive: true });
    await execa("tar", ["-xzf", RELEASE, "-C", join(cache, "0.1.0")]);
    const base = await renderWithRelease(manifest, answers, { cacheDir: cache, offline: true });
    expect(base.files).toBeDefined();
    for (const path of ["app/main.py", "app/models/gadget.py", "app/api/v1/router.py", MANIFEST_PATH])
      expect(base.files?.get(path), path).toBe(await readFile(join(project, path), "utf8"));
  });

  it("says why there is none: not cached and --offline, another version, a manifest that does not match", async () => {
    const { manifest, answers, text } = await projectBy010();
    const offline = await renderWithRelease(manifest, answers, {
      cacheDir: join(dir.path, "empty"),
      offline: true,
    });
    expect(offline).toEqual({
      files: undefined,
      why: "create-backend 0.1.0 is not in the cache, and --offline keeps npm out of it",
    });
    // This checkout is create-backend too, but not 0.1.0.
    const other = await renderWithRelease(manifest, answers, { path: resolve(import.meta.dirname, "../..") });
    expect(other.files).toBeUndefined();
    expect(other).toMatchObject({ why: expect.stringContaining("and the project was made by 0.1.0") });
    const edited = parseManifest(
      text.replace(/"app\/main\.py": "sha256:[0-9a-f]+"/, `"app/main.py": "sha256:${"0".repeat(64)}"`),
      MANIFEST_PATH,
    );
    const mismatch = await renderWithRelease(edited, answers, { path: RELEASE });
    expect(mismatch).toMatchObject({
      files: undefined,
      why: expect.stringContaining(
        "does not match what the project's manifest records (1 file(s) differ, e.g. app/main.py)",
      ),
    });
  });

  it("fetched from npm when not cached: a registry that does not answer is said, and nothing is cached", async () => {
    const { manifest, answers } = await projectBy010();
    const cache = join(dir.path, "cache");
    vi.stubEnv("npm_config_registry", "http://127.0.0.1:9/");
    vi.stubEnv("npm_config_fetch_retries", "0");
    vi.stubEnv("npm_config_fetch_timeout", "2000");
    vi.stubEnv("npm_config_cache", join(dir.path, "npm-cache"));
    try {
      const base = await renderWithRelease(manifest, answers, { cacheDir: cache });
      expect(base).toMatchObject({ files: undefined, why: "npm could not fetch create-backend@0.1.0" });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(existsSync(join(cache, "0.1.0", "package"))).toBe(false);
  });
});
