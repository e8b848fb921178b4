import { inProject, shellLine } from "../install-plan.js";
import {
  type Answers,
  DATA_ACCESS_COMMANDS,
  type Database,
  FRAMEWORK_COMMANDS,
  type Framework,
  type Orm,
  SQL_DIALECTS,
  type SqlDialect,
} from "../options.js";
import { distributionName } from "../project-name.js";

/**
 * What templates see. Flat booleans keep the templates to plain {{#if}}:
 * no helpers with logic of their own to test.
 */
export interface TemplateContext {
  projectName: string;
  /** Lower-case, PEP 503 normalised: pyproject's name, Docker image tags. */
  packageName: string;
  version: string;
  framework: Framework;
  isFastapi: boolean;
  isFlask: boolean;
  database: Database;
  isSqlite: boolean;
  isPostgres: boolean;
  /** The stack's own commands (options.ts), as typed after `uv run`. */
  commands: { devServer: string; devUrl: string; production: string; migrate: string };
  /** The database's SQL spelling (raw-SQL migrations). */
  dialect: SqlDialect;
  orm: Orm;
  isSqlalchemy: boolean;
  isRawSql: boolean;
  /** The command that migrates DATABASE_URL, as the README writes it (`uv run alembic upgrade head`). */
  migrateCommand: string;
  auth: boolean;
  cors: boolean;
  uploads: boolean;
  tasks: boolean;
  docker: boolean;
  ci: boolean;
  /**
   * Compose runs the task queue on Redis for PostgreSQL stacks, whose API and workers
   * may run on many machines; SQLite stacks are one host, and keep the queue in a
   * SQLite file on the shared volume.
   */
  taskQueueOnRedis: boolean;
  /** Compose has a Redis service: the rate limits' counters, the task queue, or both. */
  usesRedis: boolean;
  /** Uploads go to an S3-compatible object store (`--storage s3`), not the local disk. */
  s3: boolean;
}

export function templateContext(answers: Answers, projectName: string, version: string): TemplateContext {
  const has = (f: Answers["features"][number]) => answers.features.includes(f);
  const taskQueueOnRedis = has("tasks") && answers.database === "postgres";
  return {
    projectName,
    packageName: distributionName(projectName),
    version,
    framework: answers.framework,
    isFastapi: answers.framework === "fastapi",
    isFlask: answers.framework === "flask",
    database: answers.database,
    isSqlite: answers.database === "sqlite",
    isPostgres: answers.database === "postgres",
    commands: {
      devServer: FRAMEWORK_COMMANDS[answers.framework].devServer.join(" "),
      devUrl: FRAMEWORK_COMMANDS[answers.framework].devUrl,
      production: FRAMEWORK_COMMANDS[answers.framework].production.join(" "),
      migrate: DATA_ACCESS_COMMANDS[answers.orm].migrate.join(" "),
    },
    dialect: SQL_DIALECTS[answers.database],
    orm: answers.orm,
    isSqlalchemy: answers.orm === "sqlalchemy",
    isRawSql: answers.orm === "none",
    migrateCommand: shellLine({ title: "", ...inProject("uv", DATA_ACCESS_COMMANDS[answers.orm].migrate) }),
    auth: answers.auth === "jwt",
    cors: has("cors"),
    uploads: has("uploads"),
    tasks: has("tasks"),
    docker: has("docker"),
    ci: has("ci"),
    taskQueueOnRedis,
    usesRedis: answers.auth === "jwt" || taskQueueOnRedis,
    s3: has("uploads") && answers.storage === "s3",
  };
}
