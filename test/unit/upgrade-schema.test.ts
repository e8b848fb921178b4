import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWERS } from "../../src/options.js";
import { catchUpMigrations, render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { rechained, writeSchemaCatchUp } from "../../src/upgrade/schema-catch-up.js";
import { treeOver } from "../helpers/memory.js";

/**
 * The migrations `upgrade` writes (issue 18): applied migrations are never touched, so a
 * new project's migrations the project lacks are copied onto its head, renumbered, and a
 * release's catch-ups bring what changed in migrations every project applied already.
 */
const alembic = (id: string, down: string | null, body = "") =>
  `"""${body}\n\nRevision ID: ${id}\nRevises: ${down ?? ""}\n"""\n\nrevision: str = "${id}"\ndown_revision: str | None = ${down === null ? "None" : `"${down}"`}\n`;
const catchUp = (version: string, name: string) => ({
  version,
  name,
  render: (m: Record<string, unknown>) =>
    alembic(String(m.revision), String(m.downRevision), `${name} ${version}`),
});

describe("the schema an upgrade brings", () => {
  it("copies a new project's missing migration onto the head, renumbered, then the releases' catch-ups", () => {
    const tree = treeOver(
      new Map([
        ["migrations/versions/0001_initial.py", alembic("0001", null)],
        ["migrations/versions/0002_create_products.py", alembic("0002", "0001")],
      ]),
    );
    const { written } = writeSchemaCatchUp(
      tree,
      "sqlalchemy",
      new Map([
        ["migrations/versions/0001_initial.py", alembic("0001", null, "initial, as 0.3.0 has it")],
        ["migrations/versions/0002_roles_and_sessions.py", alembic("0002", "0001", "roles")],
      ]),
      [catchUp("0.3.0", "durable_tasks"), catchUp("0.2.0", "wider_names"), catchUp("0.1.0", "too_old")],
      "0.1.0",
      "0.3.0",
    );
    expect(written.map((w) => w.path)).toEqual([
      "migrations/versions/0003_roles_and_sessions.py",
      "migrations/versions/0004_wider_names.py",
      "migrations/versions/0005_durable_tasks.py",
    ]);
    expect(tree.read("migrations/versions/0003_roles_and_sessions.py")).toBe(
      alembic("0003", "0002", "roles"),
    );
    expect(tree.read("migrations/versions/0005_durable_tasks.py")).toBe(
      alembic("0005", "0004", "durable_tasks 0.3.0"),
    );
    // The applied ones are as they were.
    expect(tree.read("migrations/versions/0001_initial.py")).toBe(alembic("0001", null));
    // A second run finds them all by name.
    expect(
      writeSchemaCatchUp(
        tree,
        "sqlalchemy",
        new Map([["migrations/versions/0002_roles_and_sessions.py", alembic("0002", "0001")]]),
        [catchUp("0.3.0", "durable_tasks")],
        "0.1.0",
        "0.3.0",
      ),
    ).toEqual({ written: [] });
  });

  it("numbers .sql migrations after the last file", () => {
    const tree = treeOver(new Map([["migrations/0001_initial.sql", "CREATE TABLE items (id INTEGER);\n"]]));
    const sql = {
      version: "0.2.0",
      name: "durable_tasks",
      render: () => "ALTER TABLE tasks ADD COLUMN attempts INTEGER;\n",
    };
    const { written } = writeSchemaCatchUp(
      tree,
      "none",
      new Map([["migrations/0002_roles_and_sessions.sql", "ALTER TABLE users ADD COLUMN role TEXT;\n"]]),
      [sql],
      "0.1.0",
      "0.2.0",
    );
    expect(written.map((w) => w.path)).toEqual([
      "migrations/0002_roles_and_sessions.sql",
      "migrations/0003_durable_tasks.sql",
    ]);
  });

  it("writes none on a project without its initial migration, and says which is missing", () => {
    const tree = treeOver(new Map([["app/main.py", ""]]));
    const outcome = writeSchemaCatchUp(
      tree,
      "sqlalchemy",
      new Map([["migrations/versions/0002_roles_and_sessions.py", alembic("0002", "0001")]]),
      [catchUp("0.2.0", "durable_tasks")],
      "0.1.0",
      "0.2.0",
    );
    expect(outcome).toEqual({ written: [], missingInitial: "migrations/versions/0001_initial.py" });
    expect(tree.listChanges()).toEqual([]);
  });

  it("refuses to renumber a migration without its revision lines, rather than write a broken chain", () => {
    expect(() =>
      rechained("print('no revision here')\n", { revision: "0003", downRevision: "0002" }),
    ).toThrow("cannot be renumbered");
  });

  it("0.2.0's catch-up comes from the tasks layer of either data layer, and never into a new project", () => {
    const store = loadTemplates();
    for (const orm of ["sqlalchemy", "none"] as const) {
      const answers = { ...DEFAULT_ANSWERS, orm };
      const input = { projectName: "api", answers, version: "0.2.0" };
      const found = catchUpMigrations(input, store);
      expect(found.map((c) => `${c.version} ${c.name}`)).toEqual(["0.2.0 durable_tasks"]);
      const text = found[0]?.render({ revision: "0004", downRevision: "0003" }) ?? "";
      expect(text).toContain("max_attempts");
      if (orm === "sqlalchemy") expect(text).toContain('down_revision: str | None = "0003"');
      expect([...render(input, store).keys()].filter((path) => path.includes("upgrades/"))).toEqual([]);
      const withoutTasks = {
        ...input,
        answers: { ...answers, features: answers.features.filter((f) => f !== "tasks") },
      };
      expect(catchUpMigrations(withoutTasks, store)).toEqual([]);
    }
  });
});
