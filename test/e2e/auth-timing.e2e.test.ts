import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveStack, launch } from "../contract/harness.js";
import { tempDir } from "../helpers/cli.js";
import { type Stack, stack } from "../helpers/stacks.js";

/**
 * The auth routes that take an email answer in the same time whether or not it is an
 * account's, so timing tells an attacker nothing: a password reset request (its work and
 * its email happen after the answer) and a failed login (a dummy hash is checked for an
 * unknown address). Real gunicorn servers; the two kinds of request alternate, so the
 * machine's load falls on both alike, and their medians must be within 20%.
 */
const ROUNDS = 60;
const PAUSE_MS = 30;
const stacks: Stack[] = [
  stack({}),
  stack({
    framework: "flask",
    orm: "none",
    ...(process.env.TEST_DATABASE_URL ? { database: "postgres" } : {}),
  }),
];

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-timing-");
});
afterAll(async () => {
  await root.cleanup();
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function timed(url: string, body: unknown, expected: number): Promise<number> {
  const started = performance.now();
  const reply = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await reply.arrayBuffer();
  const elapsed = performance.now() - started;
  expect(reply.status).toBe(expected);
  return elapsed;
}

/**
 * Medians of `ROUNDS` of each, after a few of each to warm up. The order goes known,
 * unknown, unknown, known..., so each kind follows each kind as often, and each request
 * starts after a pause: a reset for a known address does its work after its answer, and
 * that work must not be counted against whichever request happens to come next.
 */
async function compare(known: () => Promise<number>, unknown: () => Promise<number>) {
  for (let i = 0; i < 5; i++) await Promise.all([known(), unknown()].map((p) => p.catch(() => 0)));
  const times = { known: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const);
    for (const kind of order) {
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      times[kind].push(await (kind === "known" ? known() : unknown()));
    }
  }
  const medians = { known: median(times.known), unknown: median(times.unknown) };
  // The figures in the run's output, for whoever looks at how close they were.
  console.info(`medians (ms): known ${medians.known.toFixed(2)}, unknown ${medians.unknown.toFixed(2)}`);
  return medians;
}

describe.each(stacks)("$id: the answer's timing tells nothing about which emails exist", (s) => {
  let live: LiveStack;
  const email = "timing@example.com";
  const password = "correct horse battery staple";

  beforeAll(async () => {
    live = await launch(s, root.path, {
      // Far above the rounds here: the rate limits are not what is measured.
      env: { RATE_LIMIT_PASSWORD_RESET: "100000/minute", BCRYPT_ROUNDS: "10" },
    });
    const registered = await fetch(`${live.api}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "Timing" }),
    });
    expect(registered.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await live?.stop();
  });

  it("a password reset request: the same 202, in the same time, for a known and an unknown address", async () => {
    const url = `${live.api}/auth/password-reset`;
    const medians = await compare(
      () => timed(url, { email }, 202),
      () => timed(url, { email: "nobody@example.com" }, 202),
    );
    expect(Math.abs(medians.known - medians.unknown) / Math.max(medians.known, medians.unknown)).toBeLessThan(
      0.2,
    );
  }, 120_000);

  it("a failed login: the same 401, in the same time, for a wrong password and an unknown address", async () => {
    const url = `${live.api}/auth/login`;
    const medians = await compare(
      () => timed(url, { email, password: "a wrong password" }, 401),
      () => timed(url, { email: "nobody@example.com", password: "a wrong password" }, 401),
    );
    expect(Math.abs(medians.known - medians.unknown) / Math.max(medians.known, medians.unknown)).toBeLessThan(
      0.2,
    );
  }, 120_000);
});
