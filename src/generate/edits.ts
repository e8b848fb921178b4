import { MarkerMissingError } from "../errors.js";

/**
 * Line edits at marker comments, as Rails generators and plop's `append` do
 * them: idempotent (run twice, one line) and refusing when the marker is gone.
 */
export interface LineEdit {
  file: string;
  /** The marker comment, matched as a whole trimmed line. */
  marker: string;
  /** The line inserted right above the marker. */
  line: string;
}

export function insertAboveMarker(text: string, edit: LineEdit): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === edit.marker);
  if (at < 0) throw new MarkerMissingError(edit.file, edit.marker);
  if (lines.some((l) => l.trim() === edit.line.trim())) return text;
  const indent = /^\s*/.exec(lines[at] as string)?.[0] ?? "";
  lines.splice(at, 0, indent + edit.line.trim());
  return lines.join("\n");
}

/** Removes the line `insertAboveMarker` added; absent already is fine. */
export function removeInsertedLine(text: string, edit: LineEdit): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === edit.line.trim());
  if (at < 0) return text;
  lines.splice(at, 1);
  return lines.join("\n");
}
