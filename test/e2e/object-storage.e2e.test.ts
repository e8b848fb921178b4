import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { body } from "../helpers/http.js";
import { s3Stacks, stackFlags } from "../helpers/matrix.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";

/**
 * Uploads on S3 (`--storage s3`), one FastAPI and one Flask stack, against a real
 * SeaweedFS (.ci/s3.sh; .ci/run exports TEST_S3_URL):
 * - the project's own tests pass against TEST_S3_URL, none of them skipped;
 * - under gunicorn, on a SeaweedFS of its own, an upload lands in the bucket and
 *   downloads byte-identical (and one range of it);
 * - with that SeaweedFS stopped, upload and download are 503 SERVICE_UNAVAILABLE, /ready
 *   names `storage`, and no row is recorded; once it is back, all of it works again
 *   without restarting the API.
 * Without TEST_S3_URL it is skipped locally and fails under CI=true.
 */
const s3Url = process.env.TEST_S3_URL;
const S3_SCRIPT = join(process.cwd(), ".ci", "s3.sh");
const KEYS = { AWS_ACCESS_KEY_ID: "e2e", AWS_SECRET_ACCESS_KEY: "e2e-secret-key" };
const BUCKET = "e2e-uploads";
const stacks = s3Stacks();

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-s3-");
});
afterAll(async () => {
  await root.cleanup();
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** What the bucket holds, read with the project's own boto3: {key: sha256 of its bytes}. */
async function bucketContents(project: string, endpoint: string): Promise<Record<string, string>> {
  const script = [
    "import hashlib, json, sys, boto3",
    "c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')",
    "keys = [o['Key'] for o in c.list_objects_v2(Bucket=sys.argv[2]).get('Contents', [])]",
    "print(json.dumps({k: hashlib.sha256(c.get_object(Bucket=sys.argv[2], Key=k)['Body'].read()).hexdigest() for k in keys}))",
  ].join("\n");
  const { stdout } = await execa(".venv/bin/python", ["-c", script, endpoint, BUCKET], {
    cwd: project,
    env: KEYS,
  });
  return JSON.parse(stdout);
}

/** The rows of the uploads table, read from the project's SQLite file. */
async function uploadRows(project: string): Promise<number> {
  const script =
    "import sqlite3; print(sqlite3.connect('app.db').execute('SELECT count(*) FROM uploads').fetchone()[0])";
  const { stdout } = await execa(".venv/bin/python", ["-c", script], { cwd: project });
  return Number(stdout);
}

/** /ready's status once it is 200, or the last one seen when the time runs out. */
async function readyWithin(api: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${api}/ready`)).status;
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

describe.skipIf(!s3Url && !process.env.CI).each(stacks.map((s) => [s.id, s] as const))(
  "%s: uploads on a real S3 server",
  (id, s) => {
    let project: string;
    let s3Dir: string;
    let privateS3: string;
    let server: RunningServer | undefined;

    const s3 = async (command: "start" | "kill" | "stop") =>
      (await execa("bash", [S3_SCRIPT, command, s3Dir])).stdout.trim();

    beforeAll(async () => {
      expect(s3Url, "TEST_S3_URL must name an S3 server (.ci/run starts one)").toBeTruthy();
      const made = await runCli([id, "--json", "--no-install", "--no-git", ...stackFlags(s)], {
        cwd: root.path,
      });
      expect(made.exitCode, made.stdout).toBe(0);
      project = join(root.path, id);
      s3Dir = join(root.path, `${id}-s3`);
      await execa("uv", ["sync", "--quiet"], { cwd: project });
      const migrate: [string, string[]] =
        s.answers.orm === "sqlalchemy"
          ? [".venv/bin/alembic", ["upgrade", "head"]]
          : [".venv/bin/python", ["-m", "app.core.migrate"]];
      await execa(...migrate, { cwd: project });
    });

    afterAll(async () => {
      await server?.stop();
      if (s3Dir) await s3("stop");
    });

    it("its own tests pass against TEST_S3_URL, none of the S3 ones skipped", async () => {
      const run = await execa(".venv/bin/pytest", ["-q", "-rs", "-p", "no:cacheprovider"], {
        cwd: project,
        env: { TEST_S3_URL: s3Url as string, ...KEYS },
        reject: false,
        all: true,
      });
      expect(run.exitCode, run.all).toBe(0);
      expect(run.all).not.toContain("TEST_S3_URL is not set");
      expect(run.all).toMatch(/\d+ passed/);
    });

    it("stores uploads in the bucket; a stopped store is a 503 recording nothing, until it is back", async () => {
      privateS3 = await s3("start");
      const port = await freePort();
      server = await startServer(".venv/bin/gunicorn", ["app.main:app"], {
        cwd: project,
        port,
        env: {
          ENVIRONMENT: "production",
          BCRYPT_ROUNDS: "4",
          WEB_CONCURRENCY: "2",
          BIND: `127.0.0.1:${port}`,
          S3_ENDPOINT_URL: privateS3,
          S3_BUCKET: BUCKET,
          S3_REGION: "us-east-1",
          S3_CREATE_BUCKET: "true",
          ...KEYS,
        },
        timeoutMs: 60_000,
      });
      const api = `${server.url}/api/v1`;
      const ready = await fetch(`${api}/ready`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      expect((await body(ready)).data).toMatchObject({ status: "ready", storage: "ok" });

      const json = { "content-type": "application/json" };
      const credentials = { email: "s3@example.com", password: "correct horse battery" };
      const register = await fetch(`${api}/auth/register`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ ...credentials, name: "S3" }),
      });
      expect(register.status).toBe(201);
      const login = await fetch(`${api}/auth/login`, {
        method: "POST",
        headers: json,
        body: JSON.stringify(credentials),
      });
      const auth = { authorization: `Bearer ${(await body(login)).data.access_token}` };

      const upload = (content: Uint8Array) => {
        const form = new FormData();
        form.append("file", new Blob([content], { type: "application/pdf" }), "report.pdf");
        return fetch(`${api}/uploads`, { method: "POST", headers: auth, body: form });
      };
      const download = (uploadId: number, headers: Record<string, string> = {}) =>
        fetch(`${api}/uploads/${uploadId}`, { headers: { ...auth, ...headers } });

      // Larger than one 5 MiB part: the multipart path of the upload.
      const first = new Uint8Array(randomBytes(6 * 1024 * 1024 + 123));
      const created = await upload(first);
      expect(created.status, await created.clone().text()).toBe(201);
      const firstId: number = (await body(created)).data.id;
      const whole = await download(firstId);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("content-type")).toBe("application/pdf");
      expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(first));
      const ranged = await download(firstId, { range: "bytes=5242800-5242899" });
      expect(ranged.status).toBe(206);
      expect(
        Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(first.subarray(5242800, 5242900))),
      ).toBe(true);
      expect(Object.values(await bucketContents(project, privateS3))).toEqual([sha256(first)]);
      expect(await uploadRows(project)).toBe(1);

      // The outage: the server is stopped, its data kept.
      await s3("kill");
      const refused = await upload(new Uint8Array(randomBytes(1024)));
      expect(refused.status, await refused.clone().text()).toBe(503);
      expect((await body(refused)).error.code).toBe("SERVICE_UNAVAILABLE");
      const unreadable = await download(firstId);
      expect(unreadable.status).toBe(503);
      expect((await body(unreadable)).error.code).toBe("SERVICE_UNAVAILABLE");
      const notReady = await fetch(`${api}/ready`);
      expect(notReady.status).toBe(503);
      expect((await body(notReady)).error.details).toEqual([
        { field: "storage", message: "The upload bucket does not answer" },
      ]);
      expect(await uploadRows(project)).toBe(1);

      // Back on the same address: the same API process works again.
      expect(await s3("start")).toBe(privateS3);
      expect(await readyWithin(api, 30_000)).toBe(200);
      const again = await download(firstId);
      expect(sha256(new Uint8Array(await again.arrayBuffer()))).toBe(sha256(first));
      const second = new Uint8Array(randomBytes(4096));
      const createdAgain = await upload(second);
      expect(createdAgain.status, await createdAgain.clone().text()).toBe(201);
      // The refused upload left no row: the next one takes the next id.
      expect((await body(createdAgain)).data.id).toBe(firstId + 1);
      expect(Object.values(await bucketContents(project, privateS3)).sort()).toEqual(
        [sha256(first), sha256(second)].sort(),
      );
      expect(await uploadRows(project)).toBe(2);
      await server.stop();
      expect(server.output()).not.toMatch(/Traceback/);
      expect(server.output()).not.toContain(KEYS.AWS_SECRET_ACCESS_KEY);
    });
  },
);
