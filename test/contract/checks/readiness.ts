import { execa } from "execa";
import { expect, it } from "vitest";
import { inProject, shellLine } from "../../../src/install-plan.js";
import { DATA_ACCESS_COMMANDS } from "../../../src/options.js";
import type { Stack } from "../../helpers/stacks.js";
import { type CtxGetter, expectError, expectSuccess } from "../context.js";
import type { LiveStack } from "../harness.js";

/**
 * GET /ready on the migrated server; then, with the database's record of applied
 * migrations hidden (renamed away and back), as on a database no migration has run
 * on: the running server's /ready is a 503 naming `migrations`, and /health stays 200.
 */
export function readinessChecks(get: CtxGetter, stack: Stack): void {
  const migrate = shellLine({
    title: "",
    ...inProject("uv", DATA_ACCESS_COMMANDS[stack.answers.orm].migrate),
  });
  const record = stack.answers.orm === "sqlalchemy" ? "alembic_version" : "schema_migrations";

  it("GET /ready answers ready on the migrated server, without a token", async () => {
    const queue = stack.answers.features.includes("tasks") ? { queue: "ok" } : {};
    expect(expectSuccess(await get().client.get("/ready"), 200)).toEqual({
      status: "ready",
      database: "ok",
      migrations: "current",
      ...queue,
    });
  });

  it("the document gives /ready its 200 and its 503", async () => {
    const responses = (await get().client.get("/openapi.json")).json.paths["/api/v1/ready"].get.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "503"]));
  });

  it("with no migration recorded, /ready is a 503 naming migrations, and /health stays 200", async () => {
    const { live, client } = get();
    await execSql(live, `ALTER TABLE ${record} RENAME TO ${record}_hidden`);
    try {
      const reply = await client.get("/ready");
      expectError(reply, 503, "SERVICE_UNAVAILABLE");
      expect(reply.json.error.details).toEqual([{ field: "migrations", message: expect.any(String) }]);
      expect(reply.json.error.details[0].message).toContain(`\`${migrate}\``);
      // Liveness is another question: the process and its database are up.
      expectSuccess(await client.get("/health"), 200);
    } finally {
      await execSql(live, `ALTER TABLE ${record}_hidden RENAME TO ${record}`);
    }
    expectSuccess(await client.get("/ready"), 200);
  });
}

/** One statement on the live server's database, outside the app. */
async function execSql(live: LiveStack, sql: string): Promise<void> {
  const url = live.env.DATABASE_URL ?? "";
  if (live.stack.answers.database === "postgres") {
    await execa("psql", [url, "-qc", sql]);
    return;
  }
  const run = "import sqlite3, sys; sqlite3.connect(sys.argv[1], isolation_level=None).execute(sys.argv[2])";
  await execa(".venv/bin/python", ["-c", run, url.replace(/^sqlite:\/\/\//, ""), sql], { cwd: live.dir });
}
