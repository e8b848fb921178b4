import { describe, expect, it } from "vitest";
import { DECLARED, type DeclaredChanges, declaredSince } from "../../src/upgrade/declared.js";

/**
 * The changes a release declares because a merge of each path cannot carry them (issue
 * 18): moved files and rewritten answers, applied for every release after the project's.
 */
const RELEASES: DeclaredChanges[] = [
  { version: "0.3.0", renames: [{ from: "b.py", to: "c.py" }], answers: (a) => ({ ...a, db: a.database }) },
  { version: "0.2.0", renames: [{ from: "a.py", to: "b.py" }], answers: (a) => ({ ...a, storage: "local" }) },
  { version: "0.4.0", renames: [{ from: "x.py", to: "y.py" }] },
];

describe("declared changes", () => {
  it("apply for the releases after the project's, up to this one, in version order", () => {
    const since = declaredSince("0.1.0", "0.3.0", RELEASES);
    // a.py moved twice: from where the project has it to where it ends.
    expect([...since.renames]).toEqual([["c.py", "a.py"]]);
    expect(since.answers({ database: "sqlite" })).toEqual({
      database: "sqlite",
      storage: "local",
      db: "sqlite",
    });
  });

  it("leave out the project's own release and the ones after this version", () => {
    const since = declaredSince("0.2.0", "0.3.0", RELEASES);
    expect([...since.renames]).toEqual([["c.py", "b.py"]]);
    expect(since.answers({ database: "postgres" })).toEqual({ database: "postgres", db: "postgres" });
    expect([...declaredSince("0.3.0", "0.3.0", RELEASES).renames]).toEqual([]);
  });

  it("0.2.0: Flask's multipart reader moved to app/core, and a project before storage stores locally", () => {
    const since = declaredSince("0.1.0", "0.2.0", DECLARED);
    expect(since.renames.get("app/core/multipart.py")).toBe("app/api/multipart.py");
    expect(since.answers({ features: ["uploads"] })).toEqual({ features: ["uploads"], storage: "local" });
    expect(since.answers({ storage: "s3" })).toEqual({ storage: "s3" });
  });
});
