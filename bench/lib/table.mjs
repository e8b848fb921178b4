// The printed table: one row per figure, our median, the baseline's, the ratio.

/** @typedef {import("./measure.mjs").Figure} Figure */

/**
 * Whole units from 100 up, one decimal below (a p99 of 9.6 ms, 210.4 req/s).
 * @param {number} value
 * @param {string} unit
 */
const format = (value, unit) => `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${unit}`;

/**
 * A figure with no target (`met: null`) is there for context.
 * @param {boolean | null} met
 */
const verdict = (met) => (met === null ? "" : met ? "met" : "NOT MET");

/** @param {Figure[]} figures */
export function renderTable(figures) {
  const rows = figures.map((f) => [
    f.label,
    format(f.ours, f.unit),
    `${format(f.baseline, f.unit)} (${f.baselineLabel})`,
    `${f.ratio.toFixed(2)}×`,
    f.target,
    verdict(f.met),
    f.note ?? "",
  ]);
  const header = ["figure", "ours (median)", "baseline (median)", "ratio", "target", "", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
