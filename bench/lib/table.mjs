// The printed table: one row per figure, our median, the baseline's, the ratio.

const format = (value, unit) => (unit === "ms" ? `${Math.round(value)} ms` : `${value.toFixed(0)} ${unit}`);

/** @param {Array<Record<string, any>>} figures */
export function renderTable(figures) {
  const rows = figures.map((f) => [
    f.label,
    format(f.ours, f.unit),
    `${format(f.baseline, f.unit)} (${f.baselineLabel})`,
    `${f.ratio.toFixed(2)}×`,
    f.target,
    f.met ? "met" : "NOT MET",
    f.note ?? "",
  ]);
  const header = ["figure", "ours (median)", "baseline (median)", "ratio", "target", "", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
