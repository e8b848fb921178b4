import { LINE } from "./python-code.js";

/**
 * Resource templates hold names of any length (`ProductLineCategory`), so a signature
 * or call that fits on one line for `product` may not for another resource. A template
 * writes such a group one element a line *without* a trailing comma, a form ruff never
 * writes, and this pass gives it the form ruff format would:
 *
 * - the whole group on one line, when it fits in LINE columns;
 * - else its elements on one indented line between the brackets, when that fits;
 * - else one element a line, with the trailing comma that keeps ruff from joining them.
 *
 * A comprehension is written one part a line (`x`, `for x in xs`, `if x`) and fitted the
 * same way, its parts joined by spaces.
 *
 * Groups written with a trailing comma (one field a line, on purpose) are left as they
 * are, and so is anything else: only flat groups, whose elements each sit on one line
 * with balanced brackets, are fitted.
 */
export function fitBrackets(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const group = groupAt(lines, i);
    if (group === undefined) {
      out.push(...wrapImport(lines[i] as string));
      continue;
    }
    // An opening line longer than any fitting can help (a name near the longest
    // allowed) is what ruff writes too; only the linter is told.
    out.push(...fitGroup(group).map((l) => (l.length > LINE && /[([{]$/.test(l) ? `${l}  # noqa: E501` : l)));
    i = group.end;
  }
  return out.join("\n");
}

interface Group {
  opener: string;
  /** Each element's lines, without its separating comma: one line unless a group. */
  elements: string[][];
  /** Elements are a comprehension's parts (`x`, `for x in xs`, `if x`), not a list. */
  comprehension: boolean;
  closer: string;
  /** The index of the closing line. */
  end: number;
}

const CLOSING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

function groupAt(lines: string[], start: number): Group | undefined {
  const opener = lines[start] as string;
  const close = CLOSING[opener.at(-1) ?? ""];
  if (close === undefined || opener.includes("#") || depth(opener) !== 1) return undefined;
  const pad = indentOf(opener);
  const inner = `${pad}    `;
  const elements: string[][] = [];
  let comma = true;
  let comprehension = false;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] as string;
    if (line.startsWith(`${pad}${close}`)) {
      // The last element has no comma: that marks the group as one to fit.
      if (elements.length === 0 || comma) return undefined;
      return { opener, elements, comprehension, closer: line.trimStart(), end: j };
    }
    const rest = line.slice(inner.length);
    if (!comma) {
      if (elements.length === 0 || !/^(?:for|if) /.test(rest)) return undefined;
      comprehension = true;
    } else if (comprehension) return undefined;
    if (!line.startsWith(inner) || /^\s/.test(rest) || rest.startsWith("#")) return undefined;
    let element = [line];
    const nested = depth(rest) === 1 ? groupAt(lines, j) : undefined;
    if (nested) {
      element = fitGroup(nested);
      j = nested.end;
    } else if (depth(rest) !== 0 || (!comprehension && hasTopLevelComma(rest))) return undefined;
    const last = element.at(-1) as string;
    comma = last.endsWith(",");
    element[element.length - 1] = comma ? last.slice(0, -1) : last;
    elements.push(element.map((l) => l.slice(inner.length)));
  }
  return undefined;
}

function fitGroup(group: Group): string[] {
  const { opener, elements, comprehension, closer } = group;
  const pad = indentOf(opener);
  const inner = `${pad}    `;
  const separator = comprehension ? " " : ", ";
  // A function's only parameter, split off, keeps a trailing comma; an only argument not.
  const def = /^\s*(?:async )?def /.test(opener);
  const end = comprehension || (elements.length === 1 && !def) ? "" : ",";
  const exploded = () => [
    opener,
    ...elements.flatMap((e) => e.map((l, k) => `${inner}${l}${k === e.length - 1 ? end : ""}`)),
    `${pad}${closer}`,
  ];
  // An element that had to be split splits the group too, one element a line.
  if (elements.some((e) => e.length > 1)) return exploded();
  const flat = elements.map((e) => e[0] as string);
  // `x = (` and `return (` group an expression, or make a tuple of several: ruff drops
  // the brackets when it fits on one line.
  const grouping = !comprehension && /(?:=|return) \($/.test(opener);
  const one = grouping
    ? `${opener.slice(0, -1).trimEnd()} ${flat.join(separator)}${closer.slice(1)}`
    : `${opener}${flat.join(separator)}${closer}`;
  if (one.length <= LINE) return [one];
  if (grouping && flat.length === 1 && /^\s*\w+ = \($/.test(opener) && `${inner}${flat[0]}`.length > LINE) {
    // Brackets that would not make it fit are left out: one line, too long to help it.
    return [`${one}  # noqa: E501`];
  }
  const assignment = /^(\s*)([\w, .[\]"]+) = (\S.*\()$/.exec(opener);
  if (opener.length > LINE && assignment && !grouping) {
    // ruff's next move: the right-hand side between brackets of its own, if then its
    // first line fits, or always when the left-hand side is a tuple.
    const callee = `${inner}${assignment[3]}`;
    if (callee.length <= LINE || assignment[2]?.includes(",")) {
      return [
        `${pad}${assignment[2]} = (`,
        ...fitGroup({ ...group, opener: callee, closer: ")" }),
        `${pad}${closer}`,
      ];
    }
  }
  // A collection (not a call's arguments) of several elements is never hugged: ruff
  // gives each its line.
  const collection = !comprehension && flat.length > 1 && !/[\w\])]$/.test(opener.slice(0, -1));
  const hugged = `${inner}${flat.join(separator)}`;
  // One element stays hugged however long: a trailing comma would change its meaning.
  if (!collection && (hugged.length <= LINE || flat.length === 1)) {
    return [opener, `${hugged}${def && flat.length === 1 ? "," : ""}`, `${pad}${closer}`];
  }
  return exploded();
}

/** A `from m import a, b as c` too long for a line, as ruff's isort wraps it. */
function wrapImport(line: string): string[] {
  const parts = /^from (\S+) import ([^(#]+)$/.exec(line);
  if (line.length <= LINE || !parts) return [line];
  const names = (parts[2] as string).split(", ");
  return [`from ${parts[1]} import (`, ...names.map((n) => `    ${n},`), ")"];
}

const indentOf = (line: string) => /^ */.exec(line)?.[0] ?? "";

/** A comma between elements, not the one after them: a line already holding several. */
function hasTopLevelComma(code: string): boolean {
  const { firstComma } = scan(code);
  return firstComma !== -1 && firstComma < code.length - 1;
}

/** How many brackets `code` leaves open, outside string literals. */
function depth(code: string): number {
  return scan(code).open;
}

/** One pass over `code`, outside string literals: brackets left open (NaN inside an
 * unclosed string), and where the first comma outside any bracket is (-1: none). */
function scan(code: string): { open: number; firstComma: number } {
  let open = 0;
  let firstComma = -1;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[" || c === "{") open++;
    else if (c === ")" || c === "]" || c === "}") open--;
    else if (c === "," && open === 0 && firstComma === -1) firstComma = i;
  }
  return { open: quote === undefined ? open : Number.NaN, firstComma };
}
