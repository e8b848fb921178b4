import { expect, it } from "vitest";
import type { Reply } from "../client.js";
import type { CtxGetter } from "../context.js";

/** One line of a JSON log, as every stack writes it (LOG_FORMAT=json). */
interface LogLine {
  time: string;
  level: string;
  logger: string;
  message: string;
  request_id?: string;
  status?: number;
  duration_ms?: number;
}

/**
 * The lines written so far. What follows the last newline is a line still being written
 * (a long one reaches the pipe in more than one chunk), and is left for the next read.
 */
function parseLines(log: string): LogLine[] {
  return log
    .slice(0, log.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`a log line is not JSON: ${line.slice(0, 300)}`);
      }
      expect(parsed, line).toMatchObject({
        time: expect.any(String),
        level: expect.any(String),
        logger: expect.any(String),
        message: expect.any(String),
      });
      return parsed as LogLine;
    });
}

/** The request lines (those with a status) of the replies not yet logged. */
function unlogged(replies: Reply[], lines: LogLine[]): Reply[] {
  const logged = new Set(
    lines.filter((line) => line.status !== undefined).map((line) => `${line.request_id} ${line.status}`),
  );
  return replies.filter((reply) => !logged.has(`${reply.headers.get("x-request-id")} ${reply.status}`));
}

/**
 * The harness runs ENVIRONMENT=production, where LOG_FORMAT defaults to json:
 * the whole server log, gunicorn's own lines included, is one JSON object per line.
 */
export function logChecks(get: CtxGetter): void {
  it("every line the server logged is one JSON object with a UTC time, level, logger and message", () => {
    const lines = parseLines(get().live.server.output());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.time, line.message).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+\+00:00$/);
  });

  it("each reply's X-Request-ID names the line its request was logged with, status and all", async () => {
    const { client, live } = get();
    expect(client.replies.length).toBeGreaterThan(20);
    // A request is logged just after its response is sent: the last may be in flight.
    let missing = client.replies;
    for (let tries = 0; tries < 20 && missing.length > 0; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      missing = unlogged(client.replies, parseLines(live.server.output()));
    }
    expect(missing.map((reply) => `${reply.status} ${reply.headers.get("x-request-id")}`)).toEqual([]);
    for (const line of parseLines(live.server.output()).filter((l) => l.status !== undefined)) {
      expect(line.duration_ms, line.message).toBeGreaterThanOrEqual(0);
    }
  });
}
