import { diff3Merge } from "node-diff3";

/** The labels a conflict's markers carry: whose lines are whose. */
export interface MergeLabels {
  current: string;
  base: string;
  next: string;
}

export interface MergeResult {
  text: string;
  /** How many regions both sides changed differently: each is left between markers. */
  conflicts: number;
}

/**
 * A three-way merge of texts with LF line endings. `base` is what both sides started
 * from; a region only one side changed takes that side's lines.
 */
export type Merge3 = (current: string, base: string, next: string, labels: MergeLabels) => MergeResult;

/**
 * The merge in-process (node-diff3), as `git merge-file -p --diff3` writes it: conflicts
 * between `<<<<<<<`, `|||||||` (the base), `=======` and `>>>>>>>` lines. The same
 * result everywhere, with or without git.
 */
export const mergeInProcess: Merge3 = (current, base, next, labels) => {
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const regions = diff3Merge(lines(current), lines(base), lines(next), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    if (!region.conflict) continue;
    conflicts++;
    out.push(
      `<<<<<<< ${labels.current}`,
      ...region.conflict.a,
      `||||||| ${labels.base}`,
      ...region.conflict.o,
      "=======",
      ...region.conflict.b,
      `>>>>>>> ${labels.next}`,
    );
  }
  const endsWithNewline = [current, next].some((t) => t.endsWith("\n"));
  return { text: out.length ? `${out.join("\n")}${endsWithNewline ? "\n" : ""}` : "", conflicts };
};

/** Marker lines a previous merge left in a file: `upgrade` refuses to run over them. */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7} .*\n[\s\S]*?^={7}$[\s\S]*?^>{7} /m.test(text);
}
