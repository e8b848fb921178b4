import { describe, expect, it } from "vitest";
import { planDestroy } from "../../src/generate/destroy.js";
import { type GenerateRequest, planGenerate } from "../../src/generate/generate.js";
import { MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * `generate resource --private` and `--no-owner` on JWT projects: who may read and
 * change a resource's rows, recorded in the manifest so destroy renders the same.
 */
const note = (access: GenerateRequest["access"] = {}): GenerateRequest => ({
  name: "note",
  fields: ["title:string"],
  force: false,
  access,
});

async function generated(access: GenerateRequest["access"], answers = {}) {
  const files = renderedFiles(answers);
  const plan = await planGenerate(treeOver(files), note(access));
  const after = withChanges(files, plan.changes);
  const manifest = parseManifest(after.get(MANIFEST_PATH) ?? "", MANIFEST_PATH);
  return { files: after, entry: manifest.resources[0], read: (path: string) => after.get(path) ?? "" };
}

describe("ownership of a generated resource", () => {
  it("is owned by default: an owner_id from the token, everyone reads, only the owner changes", async () => {
    const { entry, read } = await generated({});
    expect(entry).not.toHaveProperty("ownership");
    expect(read("app/models/note.py")).toContain("owner_id: Mapped[int]");
    expect(read("app/services/notes.py")).toContain("may_change(db, note.owner_id, user_id)");
    expect(read("app/api/v1/routes/notes.py")).toContain(
      "def get_note(note_id: PathId, db: DbDep) -> Envelope[NoteOut]:",
    );
  });

  it("--private: reads need the owner's token, another user's row is a 404, lists hold the caller's rows", async () => {
    const { entry, read } = await generated({ private: true });
    expect(entry?.ownership).toBe("private");
    const service = read("app/services/notes.py");
    expect(service).toContain("if note is None or note.owner_id != user_id:\n        raise NotFound");
    expect(service).not.toContain("Forbidden");
    expect(read("app/repositories/notes.py")).toContain(".where(Note.owner_id == owner_id)");
    const routes = read("app/api/v1/routes/notes.py");
    expect(routes).toContain("notes, total = notes_service.list_notes(db, query, user.id)");
    expect(routes).toContain('@router.get("/{note_id}", responses=error_responses(401, 404))');
    const tests = read("tests/api/test_notes.py");
    expect(tests).toContain("def test_another_user_finds_nothing_of_the_owners(");
    expect(tests).toContain("def test_reads_without_a_token_are_401(");
  });

  it("--private on raw SQL scopes the list's WHERE to the owner, bound like every value", async () => {
    const { read } = await generated({ private: true }, { orm: "none" });
    expect(read("app/repositories/notes.py")).toContain(
      'list_query.where(query, _ENCODE, scope={"owner_id": owner_id})',
    );
    expect(read("app/repositories/list_query.py")).toContain('f"{column} = :scope_{column}"');
  });

  it("--no-owner: no owner_id column, any signed-in user writes, a one-line policy for admins only", async () => {
    const { entry, read, files } = await generated({ owner: false });
    expect(entry?.ownership).toBe("shared");
    expect(read("app/models/note.py")).not.toContain("owner_id");
    expect(read("app/schemas/note.py")).not.toContain("owner_id");
    const migration = [...files.keys()].find((p) => p.endsWith("_create_notes.py")) ?? "";
    expect(read(migration)).not.toContain("owner_id");
    const service = read("app/services/notes.py");
    expect(service).toContain("ADMINS_ONLY = False");
    expect(service).toContain("if ADMINS_ONLY and not is_admin(db, user_id):");
    expect(read("app/api/v1/routes/notes.py")).toContain("notes_service.create_note(db, payload, user.id)");
    expect(read("tests/api/test_notes.py")).toContain("def test_any_signed_in_user_changes_and_deletes(");
  });

  it("--no-owner on raw SQL creates the table without owner_id", async () => {
    const { files } = await generated({ owner: false }, { orm: "none" });
    const migration = [...files.keys()].find((p) => p.endsWith("_create_notes.sql")) ?? "";
    expect(files.get(migration)).toContain("CREATE TABLE notes");
    expect(files.get(migration)).not.toContain("owner_id");
  });

  it("refuses --private with --no-owner, and either without auth, planning nothing", async () => {
    const tree = treeOver(renderedFiles());
    await expect(planGenerate(tree, note({ private: true, owner: false }))).rejects.toThrow(
      "--private and --no-owner cannot go together",
    );
    expect(tree.listChanges()).toEqual([]);
    const noAuth = treeOver(renderedFiles({ auth: "none" }));
    await expect(planGenerate(noAuth, note({ private: true }))).rejects.toThrow(
      "--private needs accounts, and this project was made with --auth none",
    );
    await expect(planGenerate(noAuth, note({ owner: false }))).rejects.toThrow("--no-owner needs accounts");
    expect(noAuth.listChanges()).toEqual([]);
  });

  it("is part of what a resource is: the same again is nothing to do, another ownership is refused", async () => {
    const { files } = await generated({ private: true });
    const again = await planGenerate(treeOver(files), note({ private: true }));
    expect(again.changes).toEqual([]);
    await expect(planGenerate(treeOver(files), note({}))).rejects.toThrow(
      "already exists with other fields or access (title:string --private)",
    );
  });

  it("destroy renders the same table back in its drop migration's downgrade", async () => {
    const { files } = await generated({ owner: false });
    const plan = await planDestroy(treeOver(files), "note", false);
    const drop = plan.changes.find((c) => c.path.endsWith("_drop_notes.py"));
    expect(drop?.kind === "create" && drop.after).toContain('op.drop_table("notes")');
    expect(drop?.kind === "create" && drop.after).not.toContain("owner_id");
    const owned = await generated({});
    const ownedDrop = (await planDestroy(treeOver(owned.files), "note", false)).changes.find((c) =>
      c.path.endsWith("_drop_notes.py"),
    );
    expect(ownedDrop?.kind === "create" && ownedDrop.after).toContain('sa.Column("owner_id"');
  });
});
