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

export interface InstallPlan {
  tool: "uv" | "pip";
  install: Command[];
  test: Command;
}

export function uvPlan(): InstallPlan {
  return {
    tool: "uv",
    install: [{ title: "Installing dependencies (uv sync)", file: "uv", args: ["sync"] }],
    test: { title: "Running the generated tests", file: "uv", args: ["run", "pytest", "-q"] },
  };
}

export function pipPlan(python: string, requirements: string[]): InstallPlan {
  const venvPython = ".venv/bin/python";
  return {
    tool: "pip",
    install: [
      { title: "Creating a virtual environment", file: python, args: ["-m", "venv", ".venv"] },
      {
        title: "Installing dependencies (pip)",
        file: venvPython,
        args: ["-m", "pip", "install", "--disable-pip-version-check", "-q", ...requirements],
      },
    ],
    test: { title: "Running the generated tests", file: venvPython, args: ["-m", "pytest", "-q"] },
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
