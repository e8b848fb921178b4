import { relative } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { SnapshotStore, TextsByStack } from "./snapshot-store.js";

const TO_UPDATE = "`npm run snapshots:update` (vitest -u) if intended";

/**
 * The tests every snapshot store gets: it holds exactly one file per key the
 * stacks have, each written from the stacks' texts, and reading it back gives
 * every stack its texts byte for byte.
 */
export function describeSnapshots(store: SnapshotStore, texts: TextsByStack): void {
  const files = store.filesFor(texts);
  describe(`snapshots in ${relative(process.cwd(), store.dir)}`, () => {
    it.each([...files])("%s holds every stack's version, shared lines once", async (key, file) => {
      await expect(file).toMatchFileSnapshot(store.pathOf(key));
    });

    it("holds no other file", () => {
      const wanted = new Set([...files.keys()].map((key) => store.fileOf(key)));
      const stray = store.storedFiles().filter((file) => !wanted.has(file));
      if (inject("updatingSnapshots")) for (const file of stray) store.delete(file);
      else expect(stray, `no stack has these any more; ${TO_UPDATE}`).toEqual([]);
    });

    // Under -u vitest writes the files above only once this test file ends: check what it will write.
    let held: TextsByStack | undefined;
    it.each(store.stacks.map((s) => s.id))("gives %s back byte for byte", (id) => {
      held ??= inject("updatingSnapshots") ? store.textsIn(files) : store.read();
      const ours = texts.get(id) ?? new Map<string, string>();
      const stored = held.get(id) ?? new Map<string, string>();
      expect
        .soft([...ours.keys()].sort(), `${id}: which files; ${TO_UPDATE}`)
        .toEqual([...stored.keys()].sort());
      for (const [key, text] of ours) {
        expect.soft(text, `${id}: ${key} is not as snapshotted; ${TO_UPDATE}`).toBe(stored.get(key));
      }
    });
  });
}
