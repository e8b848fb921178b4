import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDir } from "../helpers/cli.js";
import { matrixStacks } from "../helpers/matrix.js";
import { renderStack, type Stack } from "../helpers/stacks.js";
import { actionlint, hadolintCommand } from "../helpers/tools.js";

/**
 * No Docker engine here: the Dockerfile goes through hadolint and a structural
 * reading, compose through a YAML parser, the workflow through actionlint.
 */
const stacks = matrixStacks();
const withDocker = stacks.filter((s) => s.answers.features.includes("docker"));
const withCi = stacks.filter((s) => s.answers.features.includes("ci"));

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-deploy-");
});
afterAll(async () => {
  await root.cleanup();
});

async function materialise(s: Stack): Promise<{ dir: string; files: Map<string, string> }> {
  const files = renderStack(s);
  const dir = join(root.path, s.id);
  for (const [path, contents] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
  return { dir, files };
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [op = "", ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

describe.each(withDocker.map((s) => [s.id, s] as const))("%s: Docker", (_id, s) => {
  it("passes hadolint", async () => {
    const { dir } = await materialise(s);
    const [file, args] = hadolintCommand();
    const result = await execa(file, [...args, "Dockerfile"], { cwd: dir, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
  });

  it("is multi-stage, runs as a non-root user, has a HEALTHCHECK and bakes in no secret", () => {
    const dockerfile = renderStack(s).get("Dockerfile") ?? "";
    const ops = instructions(dockerfile);
    expect(ops.filter((i) => i.op === "FROM").length).toBeGreaterThanOrEqual(2);
    const finalStage = ops.slice(ops.map((i) => i.op).lastIndexOf("FROM"));
    const user = finalStage.filter((i) => i.op === "USER").at(-1);
    expect(user?.args).toBeDefined();
    expect(user?.args).not.toMatch(/^(root|0)(:|$)/);
    expect(finalStage.some((i) => i.op === "HEALTHCHECK" && i.args.includes("/api/v1/ready"))).toBe(true);
    const baked = ops.filter(
      (i) => (i.op === "ENV" || i.op === "ARG") && /SECRET|PASSWORD|TOKEN/i.test(i.args),
    );
    expect(baked).toEqual([]);
    expect(ops.some((i) => i.op === "COPY" && /(^|\s)\.env(\s|$)/.test(i.args))).toBe(false);
  });

  it("has a compose file that parses, builds the image and takes secrets from the environment", () => {
    // merge: the file shares settings between services with YAML merge keys (<<).
    const compose = parse(renderStack(s).get("docker-compose.yml") ?? "", { merge: true });
    expect(compose.services.api.build).toBe(".");
    // A range of host ports, so `--scale api=3` is valid.
    expect(compose.services.api.ports).toContain("8000-8009:8000");
    const env = JSON.stringify(compose.services.api.environment ?? {});
    if (s.answers.auth === "jwt") {
      expect(env).toContain("${SECRET_KEY:?");
      // Every worker and replica counts login attempts in the one Redis.
      expect(compose.services.api.environment.REDIS_URL).toBe("redis://redis:6379/0");
      expect(compose.services.api.depends_on.redis.condition).toBe("service_healthy");
      expect(compose.services.redis.healthcheck).toBeDefined();
    }
    const tasks = s.answers.features.includes("tasks");
    const queueOnRedis = tasks && s.answers.database === "postgres";
    if (s.answers.auth !== "jwt" && !queueOnRedis) expect(compose.services.redis).toBeUndefined();
    if (tasks) {
      // A worker service from the same image, no HTTP health check of the API's, and one
      // queue every API and worker replica shares.
      const worker = compose.services.worker;
      expect(worker.build).toBe(".");
      expect(worker.command).toEqual(["python", "-m", "app.worker"]);
      expect(worker.healthcheck).toEqual({ disable: true });
      expect(worker.depends_on.migrate.condition).toBe("service_completed_successfully");
      expect(worker.ports).toBeUndefined();
      const queue = queueOnRedis ? "redis://redis:6379/1" : "sqlite:////app/data/task-queue.db";
      expect(compose.services.api.environment.TASK_QUEUE_URL).toBe(queue);
      expect(worker.environment.TASK_QUEUE_URL).toBe(queue);
      if (queueOnRedis) {
        expect(compose.services.redis.command).toContain("--appendonly");
        expect(compose.services.redis.command).not.toContain("no");
        expect(worker.depends_on.redis.condition).toBe("service_healthy");
      }
    } else {
      expect(compose.services.worker).toBeUndefined();
    }
    if (s.answers.database === "postgres") {
      expect(compose.services.postgres.healthcheck).toBeDefined();
      expect(compose.volumes).toHaveProperty("postgres-data");
    }
    if (s.answers.storage === "s3") {
      // Uploads in the SeaweedFS beside the API, its credentials from the environment.
      expect(compose.services.seaweedfs.command).toContain("-s3");
      expect(compose.services.api.environment.S3_ENDPOINT_URL).toContain("http://seaweedfs:8333");
      expect(env).toContain("${AWS_SECRET_ACCESS_KEY:?");
      expect(compose.services.api.depends_on).toHaveProperty("seaweedfs");
      expect(compose.volumes).toHaveProperty("s3-data");
    } else {
      expect(compose.services.seaweedfs).toBeUndefined();
    }
    expect(renderStack(s).get(".dockerignore")).toMatch(/^\.env$/m);
  });
});

describe.each(withCi.map((s) => [s.id, s] as const))("%s: GitHub workflow", (_id, s) => {
  it("passes actionlint", async () => {
    const { dir } = await materialise(s);
    const result = await execa(await actionlint(), ["-no-color", ".github/workflows/ci.yml"], {
      cwd: dir,
      reject: false,
      all: true,
    });
    expect(result.exitCode, result.all).toBe(0);
  });

  it("runs lint, the format check, mypy, bandit and the tests", () => {
    const workflow = renderStack(s).get(".github/workflows/ci.yml") ?? "";
    expect(workflow).toContain("ruff check");
    expect(workflow).toContain("ruff format --check");
    expect(workflow).toContain("uv run --group lint mypy");
    expect(workflow).toContain("uv run --group lint bandit -r app -ll");
    expect(workflow).toContain("pytest");
    const jobs = Object.values(parse(workflow).jobs) as { services?: Record<string, unknown> }[];
    if (s.answers.database === "postgres") expect(jobs.some((job) => job.services?.postgres)).toBe(true);
    else expect(jobs.some((job) => job.services)).toBe(false);
    // An s3 project's S3 tests run in its CI too, against a SeaweedFS started there.
    if (s.answers.storage === "s3") expect(workflow).toContain('echo "TEST_S3_URL=http://127.0.0.1:8333"');
    else expect(workflow).not.toContain("TEST_S3_URL");
  });
});
