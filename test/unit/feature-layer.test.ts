import { describe, expect, it } from "vitest";
import { type Feature, SQL_DIALECTS } from "../../src/options.js";
import { render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { matrixStacks } from "../helpers/matrix.js";
import type { Stack } from "../helpers/stacks.js";

/**
 * A feature made here, as someone adding one would: one folder, nothing edited
 * outside it. It contributes a dependency, a setting, a router, a table and a
 * readiness check.
 */
const AUDIT: Record<string, string> = {
  "features/audit/common/layer.json": JSON.stringify({
    dependencies: [{ spec: "auditlib>=1.0", comment: "Writes the audit trail." }],
    routers: [{ module: "audit" }],
  }),
  "features/audit/common/slots/config.settings.hbs":
    "    audit_retention_days: int = Field(default=90, gt=0)\n",
  "features/audit/common/slots/env.settings.hbs":
    "\n# Days an audit entry is kept.\nAUDIT_RETENTION_DAYS=90\n",
  "features/audit/fastapi/app/api/v1/routes/audit.py":
    "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
  "features/audit/flask/app/api/v1/routes/audit.py":
    'from apiflask import APIBlueprint\n\nbp = APIBlueprint("audit", __name__)\n',
  "features/audit/sqlalchemy/layer.json": JSON.stringify({
    models: [{ module: "audit_entry", name: "AuditEntry" }],
  }),
  "features/audit/sqlalchemy/app/models/audit_entry.py": "class AuditEntry: ...\n",
  "features/audit/sqlalchemy/slots/migration.tables.hbs":
    '    op.create_table("audit_entries", sa.Column("id", sa.Integer(), nullable=False))\n',
  "features/audit/sqlalchemy/slots/migration.drop-tables.hbs": '    op.drop_table("audit_entries")\n',
  "features/audit/raw-sql/slots/migration.tables.hbs": "\nCREATE TABLE audit_entries (id {{dialect.id}});\n",
  "features/audit/common/slots/main.state.hbs": '    readiness.add("audit_log", lambda: "ok")\n',
};

const store = new Map([...loadTemplates(), ...Object.entries(AUDIT)]);
const withAudit = (s: Stack) =>
  render(
    {
      projectName: "my-api",
      // The options table would list it; the renderer needs only its name.
      answers: { ...s.answers, features: [...s.answers.features, "audit" as Feature] },
      version: "0",
    },
    store,
  );

describe.each(matrixStacks().map((s) => [s.id, s] as const))(
  "a feature added as one folder, on %s",
  (_id, s) => {
    const files = withAudit(s);
    const sqlalchemy = s.answers.orm === "sqlalchemy";

    it("adds its dependency, with its reason, to pyproject.toml", () => {
      expect(files.get("pyproject.toml")).toContain('    # Writes the audit trail.\n    "auditlib>=1.0",\n]');
    });

    it("adds its setting to the settings class and to .env.example", () => {
      expect(files.get("app/core/config.py")).toContain(
        "    audit_retention_days: int = Field(default=90, gt=0)\n",
      );
      expect(files.get(".env.example")).toContain("\nAUDIT_RETENTION_DAYS=90\n");
    });

    it("registers its router", () => {
      const router = files.get("app/api/v1/router.py") ?? "";
      expect(router).toContain("from app.api.v1.routes import audit\n# create-backend: route imports");
      const registered =
        s.answers.framework === "flask"
          ? "api_v1.register_blueprint(audit.bp)"
          : "api_router.include_router(audit.router)";
      expect(router).toContain(`${registered}\n# create-backend: routers`);
      expect(files.has("app/api/v1/routes/audit.py")).toBe(true);
    });

    it("adds its check to GET /ready, on either framework, from one fragment", () => {
      const main = files.get("app/main.py") ?? "";
      const created = main.indexOf("readiness = readiness_service.for_database(database)");
      const added = main.indexOf('    readiness.add("audit_log", lambda: "ok")\n');
      expect(created).toBeGreaterThan(0);
      expect(added).toBeGreaterThan(created);
    });

    it("creates its table in the initial migration, in the database's own SQL", () => {
      if (sqlalchemy) {
        const migration = files.get("migrations/versions/0001_initial.py") ?? "";
        expect(migration).toContain('op.create_table("audit_entries"');
        expect(migration).toContain('op.drop_table("audit_entries")');
        expect(files.get("app/models/__init__.py")).toContain(
          "from app.models.audit_entry import AuditEntry as AuditEntry\n",
        );
      } else {
        expect(files.get("migrations/0001_initial.sql")).toContain(
          `CREATE TABLE audit_entries (id ${SQL_DIALECTS[s.answers.database].id});`,
        );
      }
    });
  },
);
