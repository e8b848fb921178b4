import { type Answers, FEATURES } from "../../src/options.js";
import type { Stack } from "./stacks.js";

/**
 * Names for sets of stacks, by what the stacks have in common: "postgres",
 * "fastapi+jwt", "flask or sqlite+no-auth". A name is read back against the
 * stacks it was made among, so "jwt" among the FastAPI stacks is the FastAPI
 * ones with JWT.
 */

const AND = "+";
const OR = " or ";
const ALL = "all";

/** One word per choice the stack was rendered with; no word belongs to two choices. */
export function traits(a: Answers): string[] {
  const features =
    a.features.length === FEATURES.length
      ? "all-features"
      : a.features.length === 0
        ? "minimal"
        : `with-${a.features.join("-")}`;
  return [
    a.framework,
    a.database,
    a.orm === "none" ? "rawsql" : a.orm,
    a.auth === "none" ? "no-auth" : a.auth,
    features,
    a.storage === "s3" ? "s3" : "local-storage",
  ];
}

const has = (s: Stack, words: readonly string[]) => words.every((w) => traits(s.answers).includes(w));

/** Every conjunction of at most one word per choice, fewest words first. */
function conjunctions(among: readonly Stack[]): string[][] {
  let out: string[][] = [[]];
  const choices = among[0] === undefined ? 0 : traits(among[0].answers).length;
  for (let i = 0; i < choices; i++) {
    const words = [...new Set(among.map((s) => traits(s.answers)[i] as string))];
    out = out.flatMap((c) => [c, ...words.map((w) => [...c, w])]);
  }
  return out.sort((a, b) => a.length - b.length);
}

const named = new Map<string, string>();

/** A short name for `chosen` among `among`, greedily covered by the widest conjunctions. */
export function nameStacks(chosen: readonly Stack[], among: readonly Stack[]): string {
  const ids = new Set(chosen.map((s) => s.id));
  if (ids.size === among.length) return ALL;
  const memo = `${among.map((s) => s.id)} ${[...ids].sort()}`;
  const known = named.get(memo);
  if (known !== undefined) return known;
  const fits = conjunctions(among)
    .map((words) => ({ words, stacks: among.filter((s) => has(s, words)) }))
    .filter((c) => c.stacks.length > 0 && c.stacks.every((s) => ids.has(s.id)));
  const covered = new Set<string>();
  const names: string[] = [];
  while (covered.size < ids.size) {
    const gain = (c: { stacks: Stack[] }) => c.stacks.filter((s) => !covered.has(s.id)).length;
    const best = fits.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    for (const s of best.stacks) covered.add(s.id);
    names.push(best.words.join(AND));
  }
  named.set(memo, names.join(OR));
  return names.join(OR);
}

/** The stacks a name made by `nameStacks` stands for, among the same stacks. */
export function stacksNamed(name: string, among: readonly Stack[]): Stack[] {
  if (name === ALL) return [...among];
  const alternatives = name.split(OR).map((a) => a.split(AND));
  const known = new Set(among.flatMap((s) => traits(s.answers)));
  const unknown = alternatives.flat().find((w) => !known.has(w));
  if (unknown !== undefined) throw new Error(`"${name}": no stack here is "${unknown}"`);
  return among.filter((s) => alternatives.some((words) => has(s, words)));
}
