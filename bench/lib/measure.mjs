// Wall-clock timing of whole commands. Shared 2-core machines are noisy, so a
// figure is never a lone number: ours and the baseline run alternately, in the
// same minutes, and each side is the median of its runs.
import { spawnSync } from "node:child_process";

/**
 * One row of the results (the printed table and bench/results.json). Lower-is-better
 * times have ratio ours/baseline; `met: null` is a figure with no target, there for context.
 * @typedef {{ id: string, label: string, unit: string, ours: number, baseline: number, ratio: number,
 *   baselineLabel: string, target: string, met: boolean | null, note?: string,
 *   oursRuns?: number[], baselineRuns?: number[] }} Figure
 */

/**
 * The middle value (the mean of the two middle ones for an even count); NaN for no values.
 * @param {number[]} values
 * @returns {number}
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ i) => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * Runs a command to completion and returns its stdout; throws with the end of its
 * output when it fails.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 */
export function run(file, args, options = {}) {
  const result = spawnSync(file, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
    throw new Error(
      `${file} ${args.join(" ")} failed (${result.error ?? `exit ${result.status}`}):\n${output}`,
    );
  }
  return result.stdout;
}

/**
 * Runs a command to completion and returns its wall time in milliseconds.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 */
export function timeCommand(file, args, options = {}) {
  const started = process.hrtime.bigint();
  run(file, args, options);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Alternates `ours` and `baseline` `runs` times (after `warmup` untimed rounds)
 * and returns both medians. Each callback times one run and returns milliseconds.
 * @param {{ runs: number, warmup?: number, ours: () => number, baseline: () => number }} plan
 */
export function alternate({ runs, warmup = 1, ours, baseline }) {
  for (let i = 0; i < warmup; i++) {
    ours();
    baseline();
  }
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    // Swapping who goes first cancels a drift that favours the second runner.
    if (i % 2) {
      b.push(baseline());
      a.push(ours());
    } else {
      a.push(ours());
      b.push(baseline());
    }
  }
  return { ours: median(a), baseline: median(b), oursRuns: a, baselineRuns: b };
}

/**
 * One row of the results, its ratio (ours/baseline) computed.
 * @param {Omit<Figure, "ratio">} row
 * @returns {Figure}
 */
export function figure(row) {
  return { ...row, ratio: row.ours / row.baseline };
}
