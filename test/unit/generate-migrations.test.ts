import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nextAlembicRevision, nextSqlMigration } from "../../src/generate/migrations.js";
import { tempDir } from "../helpers/cli.js";

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function revision(name: string, id: string, down: string | null) {
  await mkdir(join(dir.path, "migrations/versions"), { recursive: true });
  const downText = down === null ? "None" : `"${down}"`;
  await writeFile(
    join(dir.path, "migrations/versions", name),
    `revision: str = "${id}"\ndown_revision: str | None = ${downText}\n`,
  );
}

describe("the next Alembic revision", () => {
  it("chains onto the single head", async () => {
    await revision("0001_initial.py", "0001", null);
    await revision("0002_create_products.py", "0002", "0001");
    expect(await nextAlembicRevision(dir.path)).toEqual({ revision: "0003", downRevision: "0002" });
  });

  it("refuses a branched history", async () => {
    await revision("0001_initial.py", "0001", null);
    await revision("0002_a.py", "0002", "0001");
    await revision("0003_b.py", "0003", "0001");
    await expect(nextAlembicRevision(dir.path)).rejects.toThrow(
      "the Alembic history has 2 heads (0002, 0003)",
    );
  });

  it("starts at 0001 without migrations", async () => {
    expect(await nextAlembicRevision(dir.path)).toEqual({ revision: "0001", downRevision: null });
  });
});

describe("the next numbered .sql migration", () => {
  it("follows the highest number", async () => {
    await mkdir(join(dir.path, "migrations"));
    for (const name of ["0001_initial.sql", "0002_create_products.sql", "README.md", "runner.py"]) {
      await writeFile(join(dir.path, "migrations", name), "");
    }
    expect(await nextSqlMigration(dir.path)).toEqual({ revision: "0003", downRevision: "0002" });
  });
});
