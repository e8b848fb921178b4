/**
 * What "install and verify" means for a project, as data: the CLI runs it, the
 * failure message prints it as the commands to retry, and tests read it.
 */
export interface Command {
  /** What the spinner says while it runs. */
  title: string;
  file: string;
  args: string[];
}

export type InstallTool = "uv" | "pip";

export interface InstallPlan {
  tool: InstallTool;
  install: Command[];
  /** Brings the development database to the newest migration. */
  migrate: Command;
  test: Command;
}

/**
 * A command of the project's own environment, by install route: `uv run …`, or
 * the virtual environment's own scripts (`.venv/bin/alembic`, `.venv/bin/python`).
 */
export function inProject(tool: InstallTool, argv: readonly string[]): { file: string; args: string[] } {
  const [program = "python", ...args] = argv;
  return tool === "uv" ? { file: "uv", args: ["run", ...argv] } : { file: `.venv/bin/${program}`, args };
}

const MIGRATE_TITLE = "Migrating the development database";
const TEST_TITLE = "Running the generated tests";

export function uvPlan(migrate: readonly string[]): InstallPlan {
  return {
    tool: "uv",
    install: [{ title: "Installing dependencies (uv sync)", file: "uv", args: ["sync"] }],
    migrate: { title: MIGRATE_TITLE, ...inProject("uv", migrate) },
    test: { title: TEST_TITLE, ...inProject("uv", ["pytest", "-q"]) },
  };
}

export function pipPlan(python: string, requirements: string[], migrate: readonly string[]): InstallPlan {
  return {
    tool: "pip",
    install: [
      { title: "Creating a virtual environment", file: python, args: ["-m", "venv", ".venv"] },
      {
        title: "Installing dependencies (pip)",
        ...inProject("pip", [
          "python",
          "-m",
          "pip",
          "install",
          "--disable-pip-version-check",
          "-q",
          ...requirements,
        ]),
      },
    ],
    migrate: { title: MIGRATE_TITLE, ...inProject("pip", migrate) },
    test: { title: TEST_TITLE, ...inProject("pip", ["python", "-m", "pytest", "-q"]) },
  };
}

/** The command as a user would type it in a POSIX shell. */
export function shellLine(command: Command): string {
  return [command.file, ...command.args].map(shellQuote).join(" ");
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@,+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The runtime and dev requirements of a rendered pyproject.toml, for pip, which
 * cannot install PEP 735 dependency groups of a project it does not build.
 * Reads only the two arrays our own template writes, one quoted string a line.
 * The `lint` group (mypy, bandit) is left out on purpose, as `uv sync` leaves it
 * out: getting to green needs only the app, pytest and ruff.
 */
export function pyprojectRequirements(pyproject: string): string[] {
  return [
    ...arrayItems(pyproject, "project", "dependencies"),
    ...arrayItems(pyproject, "dependency-groups", "dev"),
  ];
}

function arrayItems(toml: string, table: string, key: string): string[] {
  const tableStart = toml.search(new RegExp(`^\\[${table}\\]\\s*$`, "m"));
  if (tableStart < 0) return [];
  const afterHeader = toml.indexOf("\n", tableStart) + 1;
  const nextTable = toml.slice(afterHeader).search(/^\[/m);
  const body = nextTable < 0 ? toml.slice(afterHeader) : toml.slice(afterHeader, afterHeader + nextTable);
  const start = body.search(new RegExp(`^${key}\\s*=\\s*\\[`, "m"));
  if (start < 0) return [];
  // Scan string by string: extras such as "uvicorn[standard]" hold brackets.
  const items: string[] = [];
  const scanner = /"((?:[^"\\]|\\.)*)"|(\])/g;
  scanner.lastIndex = body.indexOf("[", start) + 1;
  for (let m = scanner.exec(body); m; m = scanner.exec(body)) {
    if (m[2]) break;
    items.push(m[1] as string);
  }
  return items;
}
