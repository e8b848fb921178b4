import { createServer } from "node:net";
import { execa, type ResultPromise } from "execa";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  /** The server's own process (gunicorn's master): its children are the workers. */
  pid: number | undefined;
  stop: () => Promise<void>;
  output: () => string;
}

/**
 * Starts a generated app under its production server on 127.0.0.1 and waits
 * until /api/v1/health answers. stop() is safe to call twice.
 */
export async function startServer(
  file: string,
  args: string[],
  opts: { cwd: string; port: number; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunningServer> {
  let log = "";
  const child: ResultPromise = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    reject: false,
    all: true,
    cleanup: true,
  });
  child.all?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode === null && !child.killed) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await child;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return { url, pid: child.pid, stop, output: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the server did not become healthy:\n${log}`);
}
