import { describe, expect, it } from "vitest";
import { fileHash } from "../../src/manifest.js";
import { type Decision, type DiskFile, type PlanInput, planUpgrade } from "../../src/upgrade/plan.js";
import { hasConflictMarkers, mergeInProcess } from "../../src/upgrade/three-way.js";

/**
 * `upgrade`'s per-file decisions (issue 18), from C (disk), B (the recorded version's
 * render) and N (this version's render). The planner is pure: these build the three
 * versions as maps.
 */
const LABELS = { current: "yours", base: "create-backend 0.1.0", next: "create-backend 0.2.0" };
const text = (...lines: string[]) => `${lines.join("\n")}\n`;
const disk = (t: string, more: Partial<DiskFile> = {}): DiskFile => ({
  text: t,
  executable: false,
  binary: false,
  ...more,
});

function plan(
  files: {
    current?: Record<string, string | DiskFile>;
    base?: Record<string, string>;
    next: Record<string, string>;
  },
  options: Partial<PlanInput> = {},
): Decision[] {
  const current = new Map(
    Object.entries(files.current ?? {}).map(([p, f]) => [p, typeof f === "string" ? disk(f) : f] as const),
  );
  const base = files.base === undefined ? undefined : new Map(Object.entries(files.base));
  return planUpgrade({
    current,
    base,
    next: new Map(Object.entries(files.next)),
    recorded: new Map(Object.entries(files.base ?? {}).map(([p, t]) => [p, fileHash(t)] as const)),
    untouchable: () => false,
    restore: false,
    merge: mergeInProcess,
    labels: LABELS,
    ...options,
  });
}
const one = (decisions: Decision[], path = "app/main.py") =>
  decisions.find((d) => d.path === path) as Decision;

const V1 = text("import os", "", "def main():", "    return 1", "", "", "def helper():", "    return 2");
const V2 = text("import os", "", "def main():", "    return 1", "", "", "def helper():", "    return 3");

describe("upgrade's plan", () => {
  it("makes an untouched project the new version's render, and a second run does nothing", () => {
    const first = plan({
      current: { "app/main.py": V1 },
      base: { "app/main.py": V1 },
      next: { "app/main.py": V2 },
    });
    expect(one(first)).toEqual({ path: "app/main.py", action: "update", text: V2, executable: false });
    const second = plan({
      current: { "app/main.py": V2 },
      base: { "app/main.py": V2 },
      next: { "app/main.py": V2 },
    });
    expect(second.map((d) => d.action)).toEqual(["unchanged"]);
  });

  it("leaves a file alone that this version did not change, edited or not", () => {
    const edited = V1.replace("return 1", "return 10");
    const d = plan({
      current: { "app/main.py": edited },
      base: { "app/main.py": V1 },
      next: { "app/main.py": V1 },
    });
    expect(one(d).action).toBe("unchanged");
  });

  it("merges the owner's edit and the new version's when they touch separate lines", () => {
    const edited = V1.replace("return 1", "return 10");
    const d = one(
      plan({ current: { "app/main.py": edited }, base: { "app/main.py": V1 }, next: { "app/main.py": V2 } }),
    );
    expect(d).toMatchObject({ action: "merge", text: V2.replace("return 1", "return 10") });
  });

  it("leaves conflict markers, never an overwrite, when both changed the same lines", () => {
    const edited = V1.replace("return 2", "return 20");
    const d = one(
      plan({ current: { "app/main.py": edited }, base: { "app/main.py": V1 }, next: { "app/main.py": V2 } }),
    );
    expect(d.action).toBe("conflict");
    const merged = (d as { text: string }).text;
    expect(merged).toContain(
      text(
        "<<<<<<< yours",
        "    return 20",
        "||||||| create-backend 0.1.0",
        "    return 2",
        "=======",
        "    return 3",
        ">>>>>>> create-backend 0.2.0",
      ).trimEnd(),
    );
    expect(hasConflictMarkers(merged)).toBe(true);
    expect(merged).toContain("import os");
  });

  it("puts a change in the right one of two identical blocks (copier's repeated-block case)", () => {
    const block = ["", "", "def check():", "    pass"];
    const base = text("# top", ...block, ...block, "", "# end");
    // The owner fills in the second block; the new version changes the last line.
    const edited = text("# top", ...block, "", "", "def check():", "    return True", "", "# end");
    const next = text("# top", ...block, ...block, "", "# the end");
    const d = one(
      plan({ current: { "a.py": edited }, base: { "a.py": base }, next: { "a.py": next } }),
      "a.py",
    );
    expect(d).toMatchObject({
      action: "merge",
      text: text("# top", ...block, "", "", "def check():", "    return True", "", "# the end"),
    });
  });

  it("deletes a file the new version dropped only when its owner left it as it was", () => {
    const d = plan({
      current: { "old.py": V1, "kept.py": `${V1}# mine\n` },
      base: { "old.py": V1, "kept.py": V1 },
      next: {},
    });
    expect(one(d, "old.py")).toEqual({ path: "old.py", action: "delete" });
    expect(one(d, "kept.py")).toEqual({ path: "kept.py", action: "keep", why: "changed-and-dropped" });
  });

  it("keeps a file its owner deleted deleted, and brings it back with --restore", () => {
    const files = { current: {}, base: { "app/main.py": V1 }, next: { "app/main.py": V2 } };
    expect(one(plan(files))).toEqual({ path: "app/main.py", action: "keep", why: "deleted-by-you" });
    expect(one(plan(files, { restore: true }))).toMatchObject({ action: "add", text: V2 });
  });

  it("adds a new file, and merges against an empty base when the owner already has that path", () => {
    const added = plan({ current: {}, base: {}, next: { "new.py": V2 } });
    expect(one(added, "new.py")).toMatchObject({ action: "add", text: V2 });
    const same = plan({ current: { "new.py": V2 }, base: {}, next: { "new.py": V2 } });
    expect(one(same, "new.py").action).toBe("unchanged");
    const both = one(plan({ current: { "new.py": V1 }, base: {}, next: { "new.py": V2 } }), "new.py");
    expect(both.action).toBe("conflict");
    expect((both as { text: string }).text).toContain("<<<<<<< yours");
  });

  it("never merges a binary file line by line", () => {
    const logo = "\0PNG mine";
    const d = one(
      plan({
        current: { "logo.png": disk(logo, { binary: true }) },
        base: { "logo.png": "\0PNG 1" },
        next: { "logo.png": "\0PNG 2" },
      }),
      "logo.png",
    );
    expect(d).toEqual({ path: "logo.png", action: "conflict", text: logo, executable: false, conflicts: 1 });
  });

  it("keeps the owner's line endings and executable bit", () => {
    const crlf = V1.replace(/\n/g, "\r\n");
    const unchanged = one(
      plan({
        current: { "run.sh": disk(crlf, { executable: true }) },
        base: { "run.sh": V1 },
        next: { "run.sh": V1 },
      }),
      "run.sh",
    );
    expect(unchanged.action).toBe("unchanged");
    const updated = one(
      plan({
        current: { "run.sh": disk(crlf, { executable: true }) },
        base: { "run.sh": V1 },
        next: { "run.sh": V2 },
      }),
      "run.sh",
    );
    expect(updated).toEqual({
      path: "run.sh",
      action: "update",
      text: V2.replace(/\n/g, "\r\n"),
      executable: true,
    });
    const edited = crlf.replace("return 1", "return 10");
    const merged = one(
      plan({ current: { "run.sh": disk(edited) }, base: { "run.sh": V1 }, next: { "run.sh": V2 } }),
      "run.sh",
    );
    expect(merged).toMatchObject({
      action: "merge",
      text: V2.replace("return 1", "return 10").replace(/\n/g, "\r\n"),
    });
  });

  it("takes file names as they are, non-ASCII included", () => {
    const d = plan({
      current: { "docs/café.md": "a\n" },
      base: { "docs/café.md": "a\n" },
      next: { "docs/café.md": "b\n" },
    });
    expect(one(d, "docs/café.md")).toMatchObject({ action: "update", text: "b\n" });
  });

  it("never touches .env, applied migrations or lock files, and says so when they differ", () => {
    const untouchable = (p: string) => p === ".env" || p === "uv.lock";
    const d = plan(
      {
        current: { ".env": "SECRET=mine\n", "uv.lock": "x\n" },
        base: { ".env": "SECRET=\n", "uv.lock": "x\n" },
        next: { ".env": "SECRET=\nNEW=1\n", "uv.lock": "x\n" },
      },
      { untouchable },
    );
    expect(one(d, ".env")).toEqual({ path: ".env", action: "keep", why: "never-touched" });
    expect(one(d, "uv.lock").action).toBe("unchanged");
  });

  it("keeps a generated resource's router line once, whatever else changed", () => {
    const router = (extra: string) =>
      text(
        "from app.api.v1.routes import items, products",
        "",
        "api_router.include_router(items.router)",
        "api_router.include_router(products.router)",
        extra,
      );
    const d = one(
      plan({
        current: { "router.py": router("# mine") },
        base: { "router.py": router("") },
        next: { "router.py": router("").replace("items.router)", "items.router, prefix='')") },
      }),
      "router.py",
    );
    expect(d.action).toBe("merge");
    expect((d as { text: string }).text.match(/products\.router/g)).toHaveLength(1);
    expect((d as { text: string }).text).toContain("# mine");
  });
});

describe("upgrade's plan without an exact base (hash-only mode)", () => {
  const hashOnly = (
    current: Record<string, string>,
    recorded: Record<string, string>,
    next: Record<string, string>,
  ) =>
    planUpgrade({
      current: new Map(Object.entries(current).map(([p, t]) => [p, disk(t)] as const)),
      base: undefined,
      next: new Map(Object.entries(next)),
      recorded: new Map(Object.entries(recorded).map(([p, t]) => [p, fileHash(t)] as const)),
      untouchable: () => false,
      restore: false,
      merge: mergeInProcess,
      labels: LABELS,
    });

  it("replaces a file whose hash is the manifest's", () => {
    expect(one(hashOnly({ "app/main.py": V1 }, { "app/main.py": V1 }, { "app/main.py": V2 }))).toMatchObject({
      action: "update",
      text: V2,
    });
  });

  it("gives a changed file a two-way conflict, never a silent overwrite", () => {
    const edited = V1.replace("return 1", "return 10");
    const d = one(hashOnly({ "app/main.py": edited }, { "app/main.py": V1 }, { "app/main.py": V2 }));
    expect(d.action).toBe("conflict");
    expect((d as { text: string }).text).toContain("return 10");
    expect((d as { text: string }).text).toContain("return 3");
  });

  it("takes a CRLF checkout of an untouched file as untouched: its hash is the manifest's once in LF", () => {
    const crlf = V1.replace(/\n/g, "\r\n");
    const decisions = planUpgrade({
      current: new Map([["app/main.py", disk(crlf)]]),
      base: undefined,
      next: new Map([["app/main.py", V2]]),
      recorded: new Map([["app/main.py", fileHash(V1)]]),
      untouchable: () => false,
      restore: false,
      merge: mergeInProcess,
      labels: LABELS,
    });
    expect(one(decisions)).toMatchObject({ action: "update", text: V2.replace(/\n/g, "\r\n") });
  });
});

describe("upgrade's plan for a declared rename", () => {
  const OLD = "app/api/multipart.py";
  const NEW = "app/core/multipart.py";
  const renames = new Map([[NEW, OLD]]);
  const EDITED = text("# ours", ...V1.trimEnd().split("\n"));

  it("carries the owner's edits to the new path, merged with this version's, and deletes the old one", () => {
    const decisions = plan(
      { current: { [OLD]: EDITED }, base: { [OLD]: V1 }, next: { [NEW]: V2 } },
      { renames },
    );
    expect(one(decisions, NEW)).toEqual({
      path: NEW,
      action: "merge",
      text: text("# ours", ...V2.trimEnd().split("\n")),
      executable: false,
      from: OLD,
    });
    expect(one(decisions, OLD)).toEqual({ path: OLD, action: "delete", movedTo: NEW });
  });

  it("moves an untouched file as this version renders it, and one this version did not change as it is", () => {
    const untouched = plan({ current: { [OLD]: V1 }, base: { [OLD]: V1 }, next: { [NEW]: V2 } }, { renames });
    expect(one(untouched, NEW)).toMatchObject({ action: "update", text: V2, from: OLD });
    const sameInBoth = plan(
      { current: { [OLD]: EDITED }, base: { [OLD]: V1 }, next: { [NEW]: V1 } },
      { renames },
    );
    expect(one(sameInBoth, NEW)).toMatchObject({ action: "add", text: EDITED, from: OLD });
  });

  it("gives a conflict at the new path when both changed the same lines, never an overwrite", () => {
    const mine = V1.replace("return 2", "return 20");
    const decisions = plan(
      { current: { [OLD]: mine }, base: { [OLD]: V1 }, next: { [NEW]: V2 } },
      { renames },
    );
    const moved = one(decisions, NEW);
    expect(moved).toMatchObject({ action: "conflict", from: OLD });
    expect(hasConflictMarkers((moved as { text: string }).text)).toBe(true);
  });

  it("does not apply when the owner has no file at the old path, or already one at the new path", () => {
    const deleted = plan({ current: {}, base: { [OLD]: V1 }, next: { [NEW]: V2 } }, { renames });
    expect(one(deleted, NEW).action).toBe("add");
    expect(one(deleted, OLD).action).toBe("unchanged");
    const both = plan(
      { current: { [OLD]: V1, [NEW]: V2 }, base: { [OLD]: V1 }, next: { [NEW]: V2 } },
      { renames },
    );
    expect(one(both, NEW).action).toBe("unchanged");
    expect(one(both, OLD).action).toBe("delete");
    expect(one(both, OLD)).not.toHaveProperty("movedTo");
  });
});
