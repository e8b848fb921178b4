import { describe, expect, it } from "vitest";
import { nextAlembicRevision, nextSqlMigration } from "../../src/generate/migrations.js";
import { treeOver } from "../helpers/memory.js";

const revision = (id: string, down: string | null) =>
  `revision: str = "${id}"\ndown_revision: str | None = ${down === null ? "None" : `"${down}"`}\n`;

describe("the next Alembic revision", () => {
  it("chains onto the single head", () => {
    const tree = treeOver(
      new Map([
        ["migrations/versions/0001_initial.py", revision("0001", null)],
        ["migrations/versions/0002_create_products.py", revision("0002", "0001")],
      ]),
    );
    expect(nextAlembicRevision(tree)).toEqual({ revision: "0003", downRevision: "0002" });
  });

  it("counts what the tree holds: a migration written and not flushed yet, less one deleted", () => {
    const tree = treeOver(new Map([["migrations/versions/0001_initial.py", revision("0001", null)]]));
    tree.write("migrations/versions/0002_create_products.py", revision("0002", "0001"));
    expect(nextAlembicRevision(tree)).toEqual({ revision: "0003", downRevision: "0002" });
    tree.delete("migrations/versions/0002_create_products.py");
    expect(nextAlembicRevision(tree)).toEqual({ revision: "0002", downRevision: "0001" });
  });

  it("refuses a branched history", () => {
    const tree = treeOver(
      new Map([
        ["migrations/versions/0001_initial.py", revision("0001", null)],
        ["migrations/versions/0002_a.py", revision("0002", "0001")],
        ["migrations/versions/0003_b.py", revision("0003", "0001")],
      ]),
    );
    expect(() => nextAlembicRevision(tree)).toThrow("the Alembic history has 2 heads (0002, 0003)");
  });

  it("follows a merge revision, whose down_revision names both heads it joined", () => {
    const tree = treeOver(
      new Map([
        ["migrations/versions/0001_initial.py", revision("0001", null)],
        ["migrations/versions/0002_a.py", revision("0002", "0001")],
        ["migrations/versions/0003_b.py", revision("0003", "0001")],
        [
          "migrations/versions/aaa111_merge.py",
          'revision: str = "aaa111"\ndown_revision = (\n    "0002",\n    "0003",\n)\n',
        ],
      ]),
    );
    expect(nextAlembicRevision(tree)).toEqual({ revision: "0004", downRevision: "aaa111" });
  });

  it("starts at 0001 without migrations", () => {
    expect(nextAlembicRevision(treeOver(new Map()))).toEqual({ revision: "0001", downRevision: null });
  });
});

describe("the next numbered .sql migration", () => {
  it("follows the highest number", () => {
    const names = ["0001_initial.sql", "0002_create_products.sql", "README.md", "runner.py"];
    const tree = treeOver(new Map(names.map((name) => [`migrations/${name}`, ""])));
    expect(nextSqlMigration(tree)).toEqual({ revision: "0003", downRevision: "0002" });
  });
});
