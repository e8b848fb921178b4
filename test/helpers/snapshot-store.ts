import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { diffArrays } from "diff";
import { nameStacks, stacksNamed } from "./stack-sets.js";
import type { Stack } from "./stacks.js";

/**
 * Snapshots of many stacks' texts (a project's files by path, say), stored so
 * that what the stacks share is written once. Each key has one file,
 * `<key>.txt`: the text every stack has for that key, with the lines only some
 * stacks have marked by a line naming them:
 *
 *     import os
 *     § only: postgres
 *     import psycopg
 *     § only: sqlite+jwt or flask
 *     import sqlite3
 *     § end
 *
 * A first line `§ stacks: <name>` says which stacks have the key at all (all
 * of them when there is none), and `§ no newline at end of file` follows a
 * last line that has none. A line of the text that starts with `§` is written
 * with one more. So a one-line change to a template is a one-line change here,
 * however many stacks render it.
 */

const MARK = "§";
const STACKS = `${MARK} stacks: `;
const ONLY = `${MARK} only: `;
const END = `${MARK} end`;
const NO_NEWLINE = `${MARK} no newline at end of file`;
const SUFFIX = ".txt";

/** Each stack's texts by key, e.g. a rendered project's files by path. */
export type TextsByStack = Map<string, Map<string, string>>;

/** Lines with their "\n"; the last may have none. */
const linesOf = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

interface WovenLine {
  line: string;
  stacks: Stack[];
}

/**
 * Every stack's text for one key as one sequence of lines, each with the
 * stacks that have it: each text in turn is diffed against the lines so far,
 * its lines in common gain its stacks and the others are inserted.
 */
function weave(variants: { text: string; stacks: Stack[] }[]): WovenLine[] {
  let woven: WovenLine[] = [];
  for (const { text, stacks } of variants) {
    const next: WovenLine[] = [];
    let at = 0;
    for (const part of diffArrays(
      woven.map((w) => w.line),
      linesOf(text),
    )) {
      if (part.added) {
        next.push(...part.value.map((line) => ({ line, stacks })));
        continue;
      }
      const taken = woven.slice(at, at + part.count);
      at += part.count;
      next.push(
        ...(part.removed ? taken : taken.map((w) => ({ line: w.line, stacks: [...w.stacks, ...stacks] }))),
      );
    }
    woven = next;
  }
  return woven;
}

/** The file for one key: `texts` maps each stack that has the key to its text. */
function writeKey(texts: Map<Stack, string>, all: readonly Stack[]): string {
  const having = all.filter((s) => texts.has(s));
  const variants = new Map<string, Stack[]>();
  for (const s of having) {
    const text = texts.get(s) as string;
    variants.set(text, [...(variants.get(text) ?? []), s]);
  }
  const out: string[] = having.length < all.length ? [STACKS + nameStacks(having, all)] : [];
  let open = "";
  for (const { line, stacks } of weave([...variants].map(([text, stacks]) => ({ text, stacks })))) {
    const only = stacks.length < having.length ? nameStacks(stacks, having) : "";
    if (only !== open) out.push(only === "" ? END : ONLY + only);
    open = only;
    const bare = line.endsWith("\n") ? line.slice(0, -1) : line;
    out.push(bare.startsWith(MARK) ? MARK + bare : bare);
    if (!line.endsWith("\n")) out.push(NO_NEWLINE);
  }
  if (open !== "") out.push(END);
  return out.map((l) => `${l}\n`).join("");
}

/** Each stack's text in one key's file, for the stacks that have the key. */
function readKey(file: string, all: readonly Stack[]): Map<Stack, string> {
  const lines = file.split("\n").slice(0, -1);
  const header = lines[0]?.startsWith(STACKS) ? lines[0].slice(STACKS.length) : undefined;
  const having = header === undefined ? [...all] : stacksNamed(header, all);
  const texts = new Map(having.map((s) => [s, ""]));
  const append = (stacks: readonly Stack[], piece: string) => {
    for (const s of stacks) texts.set(s, (texts.get(s) ?? "") + piece);
  };
  let current = having;
  for (const line of lines.slice(header === undefined ? 0 : 1)) {
    if (line.startsWith(ONLY)) current = stacksNamed(line.slice(ONLY.length), having);
    else if (line === END) current = having;
    else if (line === NO_NEWLINE)
      for (const s of current) texts.set(s, (texts.get(s) as string).slice(0, -1));
    else if (line.startsWith(MARK + MARK)) append(current, `${line.slice(MARK.length)}\n`);
    else if (line.startsWith(MARK)) throw new Error(`not a snapshot line: ${line}`);
    else append(current, `${line}\n`);
  }
  return texts;
}

/**
 * A snapshot directory holding the texts of `stacks`: for each key, the file
 * `<key>.txt` (a key's "/" are folders).
 */
export class SnapshotStore {
  constructor(
    readonly dir: string,
    readonly stacks: readonly Stack[],
  ) {}

  /** The file holding `key`, relative to the directory. */
  fileOf(key: string): string {
    return `${key}${SUFFIX}`;
  }

  /** Where the file holding `key` is. */
  pathOf(key: string): string {
    return join(this.dir, ...this.fileOf(key).split("/"));
  }

  /** What the directory should hold for these texts: each key's file contents, by key. */
  filesFor(texts: TextsByStack): Map<string, string> {
    const keys = [...new Set([...texts.values()].flatMap((t) => [...t.keys()]))].sort();
    return new Map(
      keys.map((key) => {
        const having = this.stacks.filter((s) => texts.get(s.id)?.has(key));
        const textOf = (s: Stack) => texts.get(s.id)?.get(key) as string;
        return [key, writeKey(new Map(having.map((s) => [s, textOf(s)])), this.stacks)];
      }),
    );
  }

  /** Every file the directory holds, relative to it, "/"-separated. */
  storedFiles(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(this.dir, join(e.parentPath, e.name)).split(sep).join("/"))
      .sort();
  }

  /** Each stack's texts as the directory holds them. */
  read(): TextsByStack {
    const keys = this.storedFiles()
      .filter((file) => file.endsWith(SUFFIX))
      .map((file) => file.slice(0, -SUFFIX.length));
    return this.textsIn(new Map(keys.map((key) => [key, readFileSync(this.pathOf(key), "utf8")])));
  }

  /** Each stack's texts in these files, by key. */
  textsIn(files: ReadonlyMap<string, string>): TextsByStack {
    const texts: TextsByStack = new Map(this.stacks.map((s) => [s.id, new Map()]));
    for (const [key, file] of files) {
      try {
        for (const [s, text] of readKey(file, this.stacks)) texts.get(s.id)?.set(key, text);
      } catch (error) {
        throw new Error(`${this.fileOf(key)}: ${(error as Error).message}`);
      }
    }
    return texts;
  }

  /** Deletes a stored file (relative to the directory) and the folders that leaves empty. */
  delete(file: string): void {
    const path = join(this.dir, ...file.split("/"));
    rmSync(path);
    for (
      let dir = dirname(path);
      dir.length > this.dir.length && readdirSync(dir).length === 0;
      dir = dirname(dir)
    ) {
      rmdirSync(dir);
    }
  }
}
