import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fullStacks, matrixStacks } from "../helpers/matrix.js";
import { SnapshotStore, type TextsByStack } from "../helpers/snapshot-store.js";
import type { Stack } from "../helpers/stacks.js";

/** The snapshot format itself, on made-up texts (the store is never read from or written to disk here). */
const textsOf = (stacks: readonly Stack[], text: (s: Stack) => string | undefined): TextsByStack =>
  new Map(
    stacks.map((s) => {
      const t = text(s);
      return [s.id, new Map(t === undefined ? [] : [["k", t]])];
    }),
  );

describe("the snapshot store", () => {
  const full = new SnapshotStore("unused", fullStacks());

  it("writes what every stack shares once and names the stacks of the rest", () => {
    const texts = textsOf(full.stacks, (s) => `a\n${s.answers.framework === "fastapi" ? "b" : "c"}\nd\n`);
    expect(full.filesFor(texts).get("k")).toBe("a\n§ only: fastapi\nb\n§ only: flask\nc\n§ end\nd\n");
  });

  it("names the stacks that have the key when not all do, and a last line without a newline", () => {
    const texts = textsOf(full.stacks, (s) => (s.answers.auth === "jwt" ? "token" : undefined));
    expect(full.filesFor(texts).get("k")).toBe("§ stacks: jwt\ntoken\n§ no newline at end of file\n");
  });

  it("writes a line of the text that starts with § with one more", () => {
    const texts = textsOf(full.stacks, () => "§ end\n");
    expect(full.filesFor(texts).get("k")).toBe("§§ end\n");
  });

  it("gives every stack back its texts byte for byte, whatever they are", () => {
    const store = new SnapshotStore("unused", matrixStacks());
    const line = fc.constantFrom("", "a", "b", " x\r", "§", "§ end", "§§", "§ only: jwt", "§ stacks: all");
    const text = fc.tuple(fc.array(line, { maxLength: 6 }), fc.boolean()).map(([lines, newline]) => {
      const joined = lines.join("\n");
      return newline && joined !== "" ? `${joined}\n` : joined;
    });
    const choices = fc.array(fc.option(fc.nat(3), { nil: undefined }), {
      minLength: store.stacks.length,
      maxLength: store.stacks.length,
    });
    fc.assert(
      fc.property(fc.array(text, { minLength: 4, maxLength: 4 }), choices, (pool, picks) => {
        const texts = textsOf(store.stacks, (s) => {
          const pick = picks[store.stacks.indexOf(s)];
          return pick === undefined ? undefined : pool[pick];
        });
        expect(store.textsIn(store.filesFor(texts))).toEqual(texts);
      }),
    );
  });
});
