// zod/mini: the same validators as zod, tree-shaken to a few kilobytes instead of
// the full library's ~450 kB, which every start of the CLI would parse (bench/README.md).
import * as z from "zod/mini";

/**
 * The single source of truth for every scaffolding option. The commander flags
 * (program.ts), the clack prompts (prompts.ts), validation and the manifest all
 * read this table and schema, so adding an option is one edit here.
 */

export const FRAMEWORKS = ["fastapi", "flask"] as const;
export const DATABASES = ["sqlite", "postgres"] as const;
export const ORMS = ["sqlalchemy", "none"] as const;
export const AUTHS = ["jwt", "none"] as const;
export const FEATURES = ["cors", "uploads", "tasks", "docker", "ci"] as const;
export const STORAGES = ["local", "s3"] as const;

export type Framework = (typeof FRAMEWORKS)[number];
export type Database = (typeof DATABASES)[number];
export type Orm = (typeof ORMS)[number];
export type Auth = (typeof AUTHS)[number];
export type Feature = (typeof FEATURES)[number];
export type Storage = (typeof STORAGES)[number];

/**
 * Each database's SQL spelling, as Rails' generators/database.rb keeps each
 * choice's facts in one place: the raw-SQL migrations (templates and
 * `generate resource`) read them here. Keyed by every database, so a new one
 * cannot render without its own.
 */
export interface SqlDialect {
  /** The 32-bit id column, ids being 32-bit in the API. */
  id: string;
  /** A timestamp with its UTC offset. */
  time: string;
  json: string;
}

export const SQL_DIALECTS: Record<Database, SqlDialect> = {
  sqlite: { id: "INTEGER PRIMARY KEY AUTOINCREMENT", time: "TEXT", json: "TEXT" },
  postgres: { id: "INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY", time: "TIMESTAMPTZ", json: "JSON" },
};

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint: string;
  /**
   * Its template folder (templates/<dir>, features/<name>/<dir>). Every data-access
   * choice names one, so the lookup is total; a framework's or database's folder is its value.
   */
  dir?: string;
  /** Its word in a stack's id (test/helpers/stacks.ts, CONTRACT_STACKS): no "-", which joins the words. */
  slug?: string;
}

interface ChoiceOption<V extends string> {
  kind: "select";
  flag: string;
  description: string;
  prompt: string;
  choices: readonly Choice<V>[];
  default: V;
  /**
   * A choice that means something only with this feature on: asked only then, its
   * flag refused without it (other than its default), and not an axis of the stack
   * matrix; a non-default value adds the layer features/<feature>/<value>.
   */
  onlyWith?: Feature;
}

interface MultiOption<V extends string> {
  kind: "multiselect";
  flag: string;
  description: string;
  prompt: string;
  choices: readonly Choice<V>[];
  default: readonly V[];
}

interface ToggleOption {
  kind: "confirm";
  /** A boolean that defaults to on is turned off with --no-<name>. */
  flag: string;
  description: string;
  prompt: string;
  default: boolean;
}

export const OPTION_TABLE = {
  framework: {
    kind: "select",
    flag: "--framework <name>",
    description: "web framework",
    prompt: "Which web framework?",
    choices: [
      { value: "fastapi", label: "FastAPI", hint: "async, OpenAPI docs built in" },
      { value: "flask", label: "Flask", hint: "small and explicit, gunicorn" },
    ],
    default: "fastapi",
  } satisfies ChoiceOption<Framework>,
  database: {
    kind: "select",
    flag: "--db <name>",
    description: "database",
    prompt: "Which database?",
    choices: [
      { value: "sqlite", label: "SQLite", hint: "embedded, nothing to run" },
      { value: "postgres", label: "PostgreSQL", hint: "psycopg 3, connection pool" },
    ],
    default: "sqlite",
  } satisfies ChoiceOption<Database>,
  orm: {
    kind: "select",
    flag: "--orm <name>",
    description: "data access",
    prompt: "How should the code talk to the database?",
    // Raw SQL's value "none" would read badly as a folder or in a stack's id.
    choices: [
      {
        value: "sqlalchemy",
        label: "SQLAlchemy 2 ORM",
        hint: "models + Alembic migrations",
        dir: "sqlalchemy",
        slug: "sqlalchemy",
      },
      {
        value: "none",
        label: "Raw SQL",
        hint: "parameterised queries + numbered .sql migrations",
        dir: "raw-sql",
        slug: "rawsql",
      },
    ],
    default: "sqlalchemy",
  } satisfies ChoiceOption<Orm>,
  auth: {
    kind: "select",
    flag: "--auth <name>",
    description: "authentication",
    prompt: "Authentication?",
    choices: [
      { value: "jwt", label: "JWT + bcrypt", hint: "sessions with refresh tokens, roles, password reset" },
      { value: "none", label: "None", hint: "open API, no users" },
    ],
    default: "jwt",
  } satisfies ChoiceOption<Auth>,
  features: {
    kind: "multiselect",
    flag: "--features <list>",
    description: 'comma-separated features, or "none"',
    prompt: "Which features? (space to toggle)",
    choices: [
      { value: "cors", label: "CORS", hint: "allowed origins from settings" },
      { value: "uploads", label: "File uploads", hint: "streamed, size and type checked" },
      { value: "tasks", label: "Background tasks", hint: "Huey queue and worker, durable task rows" },
      { value: "docker", label: "Docker", hint: "multi-stage Dockerfile + compose" },
      { value: "ci", label: "GitHub Actions CI", hint: "lint, format, tests" },
    ],
    default: FEATURES,
  } satisfies MultiOption<Feature>,
  storage: {
    kind: "select",
    flag: "--storage <name>",
    description: "where uploads are stored (with the uploads feature)",
    prompt: "Where should uploads be stored?",
    choices: [
      { value: "local", label: "Local disk", hint: "UPLOAD_DIR, one machine" },
      { value: "s3", label: "S3-compatible object storage", hint: "boto3: AWS S3, SeaweedFS, MinIO, R2" },
    ],
    default: "local",
    onlyWith: "uploads",
  } satisfies ChoiceOption<Storage>,
  install: {
    kind: "confirm",
    flag: "--no-install",
    description: "skip installing dependencies and running the generated tests",
    prompt: "Install dependencies and run the tests now?",
    default: true,
  } satisfies ToggleOption,
  git: {
    kind: "confirm",
    flag: "--no-git",
    description: "skip git init and the first commit",
    prompt: "Initialise a git repository?",
    default: true,
  } satisfies ToggleOption,
} as const;

export type OptionKey = keyof typeof OPTION_TABLE;
export const OPTION_KEYS = Object.keys(OPTION_TABLE) as OptionKey[];

/** The options that pick a single choice (an axis of the stack). */
export type SelectKey = {
  [K in OptionKey]: (typeof OPTION_TABLE)[K] extends { kind: "select" } ? K : never;
}[OptionKey];
/** The options whose value is an answer: every one but the yes/no ones, which only the run itself needs. */
export type AnswerKey = {
  [K in OptionKey]: (typeof OPTION_TABLE)[K] extends { kind: "confirm" } ? never : K;
}[OptionKey];

/** The answers' keys in the table's order (framework, database, orm, auth, features). */
export const ANSWER_KEYS = OPTION_KEYS.filter(
  (key): key is AnswerKey => OPTION_TABLE[key].kind !== "confirm",
);
export const SELECT_KEYS = OPTION_KEYS.filter((key): key is SelectKey => OPTION_TABLE[key].kind === "select");

/** The feature an option belongs to (`storage` → uploads), or undefined for one that always counts. */
export function featureOf(key: OptionKey): Feature | undefined {
  const spec = OPTION_TABLE[key];
  return "onlyWith" in spec ? spec.onlyWith : undefined;
}

/** The select options that are axes of every stack (framework, database, orm, auth). */
export const AXIS_KEYS = SELECT_KEYS.filter((key) => featureOf(key) === undefined);

/** An option's long flag: "--db <name>" → "--db", "--no-install" → "--no-install". */
export function longFlag(key: OptionKey): string {
  const flag = OPTION_TABLE[key].flag;
  return flag.split(/[ ,]/)[0] ?? flag;
}

type ChoiceOf<K extends SelectKey> = (typeof OPTION_TABLE)[K]["choices"][number];

/** The table's entry for one choice: `choiceOf("orm", "none").dir` is "raw-sql". */
export function choiceOf<K extends SelectKey>(key: K, value: ChoiceOf<K>["value"]): ChoiceOf<K> {
  const choices: readonly ChoiceOf<K>[] = OPTION_TABLE[key].choices;
  const choice = choices.find((c) => c.value === value);
  if (!choice) throw new Error(`${key} has no choice ${JSON.stringify(value)}`);
  return choice;
}

const choiceList = (values: readonly string[]) => values.join(", ");

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, {
    error: (issue) => `invalid ${name} ${JSON.stringify(issue.input)}; choose one of: ${choiceList(values)}`,
  });

export const featuresSchema = z
  .array(oneOf("feature", FEATURES))
  .check(z.refine((list) => new Set(list).size === list.length, "a feature is listed twice"));

/** The answers: everything that decides what the project contains. */
export const answersSchema = z.strictObject({
  framework: oneOf("framework", FRAMEWORKS),
  database: oneOf("database", DATABASES),
  orm: oneOf("orm", ORMS),
  auth: oneOf("auth", AUTHS),
  features: featuresSchema,
  // Manifests written before the choice existed read as local disk, what they had.
  storage: z._default(oneOf("storage", STORAGES), "local"),
});

export type Answers = z.infer<typeof answersSchema>;

/** Answers plus what only the scaffolding run itself needs. */
export interface Options extends Answers {
  projectName: string;
  install: boolean;
  git: boolean;
}

export const DEFAULT_ANSWERS: Answers = {
  framework: OPTION_TABLE.framework.default,
  database: OPTION_TABLE.database.default,
  orm: OPTION_TABLE.orm.default,
  auth: OPTION_TABLE.auth.default,
  features: [...OPTION_TABLE.features.default],
  storage: OPTION_TABLE.storage.default,
};

/** Features in their canonical order, so the same choice always renders the same bytes. */
export function canonicalFeatures(features: readonly Feature[]): Feature[] {
  return FEATURES.filter((f) => features.includes(f));
}

/**
 * Parses the --features flag. "none" (alone) means no features; combining it
 * with a feature is a contradiction we refuse rather than guess at.
 */
export function parseFeatureList(raw: string): string[] {
  const parts = raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  // An empty value (an unset variable, say) must not pass for a choice of no features.
  if (parts.length === 0) throw new Error('"--features" names no feature: give none for no features');
  if (parts.includes("none")) {
    if (parts.length > 1) throw new Error('"--features none" cannot be combined with other features');
    return [];
  }
  return parts;
}

/**
 * What a generated project runs, per choice, as argv inside the project's
 * environment (install-plan.ts prefixes `uv run` or `.venv/bin/`). The CLI's
 * next steps and migrate step, the README and AGENTS.md all read these.
 */
export interface FrameworkCommands {
  /** The auto-reloading development server. */
  devServer: readonly string[];
  /** The first page to open once it runs. */
  devUrl: string;
  /** The production server (gunicorn.conf.py holds its settings). */
  production: readonly string[];
}

export const FRAMEWORK_COMMANDS: Record<Framework, FrameworkCommands> = {
  fastapi: {
    devServer: ["uvicorn", "app.main:app", "--reload"],
    devUrl: "http://127.0.0.1:8000/api/v1/docs",
    production: ["gunicorn", "app.main:app"],
  },
  flask: {
    devServer: ["flask", "--app", "app.main:create_app", "run", "--debug"],
    devUrl: "http://127.0.0.1:5000/api/v1/health",
    production: ["gunicorn", "app.main:app"],
  },
};

export interface DataAccessCommands {
  /** Brings DATABASE_URL's schema to the newest migration. */
  migrate: readonly string[];
}

export const DATA_ACCESS_COMMANDS: Record<Orm, DataAccessCommands> = {
  sqlalchemy: { migrate: ["alembic", "upgrade", "head"] },
  none: { migrate: ["python", "-m", "app.core.migrate"] },
};
