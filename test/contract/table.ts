import type { RunnerTestSuite } from "vitest";
import type { Reply } from "./client.js";

interface Row {
  stack: string;
  passed: number;
  total: number;
  p50: number;
  p99: number;
  extra: Record<string, string>;
}

const rows = new Map<string, Row>();

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function recordRow(stack: string, suite: Readonly<RunnerTestSuite>, replies: Reply[]): void {
  const tests = suite.tasks.filter((t) => t.type === "test");
  const latencies = replies.map((r) => r.ms);
  rows.set(stack, {
    stack,
    passed: tests.filter((t) => t.result?.state === "pass").length,
    total: tests.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    extra: rows.get(stack)?.extra ?? {},
  });
}

/** Other suites (schemathesis, concurrency) add their columns here. */
export function recordExtra(stack: string, column: string, value: string): void {
  const row = rows.get(stack) ?? { stack, passed: 0, total: 0, p50: 0, p99: 0, extra: {} };
  row.extra[column] = value;
  rows.set(stack, row);
}

export function printTable(): void {
  const extras = [...new Set([...rows.values()].flatMap((r) => Object.keys(r.extra)))];
  const head = [
    "stack".padEnd(34),
    "checks".padStart(9),
    ...extras.map((e) => e.padStart(14)),
    "p50".padStart(8),
    "p99".padStart(8),
  ];
  const lines = [head.join("")];
  for (const r of rows.values()) {
    lines.push(
      [
        r.stack.padEnd(34),
        `${r.passed}/${r.total}`.padStart(9),
        ...extras.map((e) => (r.extra[e] ?? "-").padStart(14)),
        `${r.p50.toFixed(1)}ms`.padStart(8),
        `${r.p99.toFixed(1)}ms`.padStart(8),
      ].join(""),
    );
  }
  console.log(`contract results\n${lines.join("\n")}`);
}
