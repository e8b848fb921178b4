import { connect } from "node:net";

/**
 * The generated tests of a PostgreSQL project need a server. This finds the
 * URL they will use (the environment first, then the project's .env, as the
 * generated harness does) and whether anything listens there.
 */
export function testDatabaseUrl(env: NodeJS.ProcessEnv, dotenv: string | undefined): string | undefined {
  return env.TEST_DATABASE_URL || /^TEST_DATABASE_URL=(.*)$/m.exec(dotenv ?? "")?.[1]?.trim() || undefined;
}

/** The development database the app and its migrate command use: the environment, then .env. */
export function devDatabaseUrl(env: NodeJS.ProcessEnv, dotenv: string | undefined): string | undefined {
  return env.DATABASE_URL || /^DATABASE_URL=(.*)$/m.exec(dotenv ?? "")?.[1]?.trim() || undefined;
}

export async function isReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname || "localhost";
    port = Number(parsed.port || 5432);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
