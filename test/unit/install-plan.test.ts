import { describe, expect, it } from "vitest";
import { pipPlan, pyprojectRequirements, shellLine, uvPlan } from "../../src/install-plan.js";
import { renderStack, stack } from "../helpers/stacks.js";

const pyproject = `[project]
name = "my-api"
dependencies = [
    "fastapi>=0.115",
    "uvicorn[standard]>=0.30",
]

[dependency-groups]
dev = ["pytest>=8", "ruff>=0.6"]
lint = ["mypy>=1.11", "bandit>=1.7.9"]

[tool.ruff]
line-length = 100
`;

describe("install plans", () => {
  it("uses uv sync, then migrates and tests with uv run, when uv is there", () => {
    const plan = uvPlan(["alembic", "upgrade", "head"]);
    expect([...plan.install, plan.migrate, plan.test].map(shellLine)).toEqual([
      "uv sync",
      "uv run alembic upgrade head",
      "uv run pytest -q",
    ]);
  });

  it("falls back to a venv and pip with the project's runtime and dev requirements, then the venv's own commands", () => {
    const plan = pipPlan("python3", pyprojectRequirements(pyproject), ["python", "-m", "app.core.migrate"]);
    expect([...plan.install, plan.migrate, plan.test].map(shellLine)).toEqual([
      "python3 -m venv .venv",
      ".venv/bin/python -m pip install --disable-pip-version-check -q 'fastapi>=0.115' 'uvicorn[standard]>=0.30' 'pytest>=8' 'ruff>=0.6'",
      ".venv/bin/python -m app.core.migrate",
      ".venv/bin/python -m pytest -q",
    ]);
    expect(shellLine(pipPlan("python3", [], ["alembic", "upgrade", "head"]).migrate)).toBe(
      ".venv/bin/alembic upgrade head",
    );
  });

  it("leaves the lint group (mypy, bandit) to `uv run --group lint`, on a rendered project too", () => {
    for (const s of [
      stack(),
      stack({ framework: "flask", database: "postgres", orm: "none", features: [] }),
    ]) {
      const pyproject = renderStack(s).get("pyproject.toml") ?? "";
      expect(pyproject, s.id).toMatch(/^lint = \[\n\s+"mypy/m);
      const names = pyprojectRequirements(pyproject).map((r) => r.split(/[<>=[ ]/)[0]);
      expect(names, s.id).toEqual(expect.arrayContaining(["pytest", "ruff"]));
      expect(
        names.filter((n) => n === "mypy" || n === "bandit"),
        s.id,
      ).toEqual([]);
    }
  });

  it("reads nothing from a pyproject without those tables", () => {
    expect(pyprojectRequirements('[project]\nname = "x"\n')).toEqual([]);
  });

  it("quotes words a shell would split or expand", () => {
    expect(shellLine({ title: "", file: "echo", args: ["it's", "a b", "$HOME"] })).toBe(
      "echo 'it'\\''s' 'a b' '$HOME'",
    );
  });
});
