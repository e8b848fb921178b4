import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { posix, resolve, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { planGenerate } from "../../src/generate/generate.js";
import { resourceNames } from "../../src/generate/names.js";
import { findProject } from "../../src/generate/project.js";
import { isProjectPath, MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import {
  type Answers,
  AUTHS,
  DATABASES,
  FEATURES,
  FRAMEWORKS,
  OPTION_TABLE,
  ORMS,
} from "../../src/options.js";
import { buildProgram } from "../../src/program.js";
import { distributionName, projectNameProblem } from "../../src/project-name.js";
import { render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";
import { completeOptions, givenByFlags, resolveTarget } from "../../src/resolve.js";
import { renderedProjectPerTest } from "../helpers/project.js";

/**
 * Everything a user types reaches the disk or the generated code: the project
 * name (a directory, a distribution name, a Python string, TOML, Markdown), the
 * option values (which layers are read), resource names (file names). Whatever
 * the parsers accept must stay inside the project and must stay data.
 */

const SEED = 20261126;
const CWD = resolve(tmpdir(), "cb-properties-cwd");

/** Pieces of names as a user, a typo or an attacker might type them. */
const HOSTILE = [
  ..."aZ9._-",
  "..",
  "/",
  "\\",
  '"',
  "'",
  "'''",
  '"""',
  "{{",
  "}}",
  "{{{",
  "\n",
  "\r",
  "\t",
  " ",
  "$(",
  ")",
  "`",
  "#",
  "%",
  "\0",
  ":",
  "=",
  "[",
  "]",
  "é",
  "ｆ",
  "\u202e",
  "\u2028",
  "${",
  "con",
  "-",
];

const nameInput = fc.oneof(
  fc.string({ unit: "binary", maxLength: 70 }),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,70}$/),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((parts) => parts.join("")),
);

const names = fc.sample(nameInput, { numRuns: 20_000, seed: SEED }).filter((n) => n !== ".");
const accepted = [...new Set(names.filter((n) => projectNameProblem(n) === undefined))];

describe("project names", () => {
  it("accepts a good share of the generated input, so the properties are not vacuous", () => {
    expect(accepted.length).toBeGreaterThan(1000);
    expect(names.length - accepted.length).toBeGreaterThan(2000);
  });

  it("resolve to a direct child of the current directory, or are refused as bad usage", () => {
    for (const name of names) {
      let target: ReturnType<typeof resolveTarget>;
      try {
        target = resolveTarget(name, CWD);
      } catch (error) {
        expect((error as { exitCode?: number }).exitCode, JSON.stringify(name)).toBe(2);
        continue;
      }
      expect(target.dir, JSON.stringify(name)).toBe(`${CWD}${sep}${name}`);
      expect(resolve(target.dir, ".."), JSON.stringify(name)).toBe(CWD);
    }
  });

  it("are plain ASCII words: nothing that quotes, escapes, breaks a line or opens a template tag", () => {
    for (const name of accepted) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });

  it("are valid Python distribution names, and normalise to a valid Docker image name", () => {
    for (const name of accepted) {
      // PEP 508 names; PEP 503 normalisation; a Docker reference path component.
      expect(name).toMatch(/^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i);
      expect(distributionName(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(distributionName(name)).toMatch(/^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/);
    }
  });
});

/** Every combination of option values, as the flags spell them. */
const optionInput = fc.record({
  framework: fc.constantFrom(...FRAMEWORKS),
  database: fc.constantFrom(...DATABASES),
  orm: fc.constantFrom(...ORMS),
  auth: fc.constantFrom(...AUTHS),
  features: fc.subarray([...FEATURES]),
});

function renderFiles(projectName: string, answers: Answers): Map<string, string> {
  return render({ projectName, answers, version: "0.0.0-test" }, loadTemplates());
}

describe("accepted names rendered into every kind of file", () => {
  // The most awkward accepted names first, then a random share of the rest.
  const awkward = [
    "a",
    "9",
    "A.B",
    "x..y",
    "a__b",
    "a--b",
    "con1",
    "Trailing9",
    "UPPER_lower.Mixed-9",
    "z".repeat(64),
  ];
  const sample = [...awkward, ...fc.sample(fc.constantFrom(...accepted), { numRuns: 20, seed: SEED })].filter(
    (n) => projectNameProblem(n) === undefined,
  );
  const stacks = fc.sample(optionInput, { numRuns: sample.length, seed: SEED });
  const rendered = sample.map((name, i) => ({
    name,
    answers: stacks[i] as Answers,
    files: renderFiles(name, stacks[i] as Answers),
  }));

  it("write every file at a relative, normalised path inside the project", () => {
    for (const { files } of rendered) {
      for (const path of files.keys()) {
        expect(isProjectPath(path), path).toBe(true);
        expect(posix.normalize(path)).toBe(path);
      }
    }
  });

  it("land only where the name goes: rendering with another name changes nothing else", () => {
    // The name is pure data: render with a marker instead, put the name where the
    // marker (and its normalised form) landed, and the bytes are the same,
    // everywhere but the manifest (which hashes the files).
    const marker = "Zq.Marker_Zq";
    const markerPackage = distributionName(marker);
    for (const { name, answers, files } of rendered) {
      const reference = renderFiles(marker, answers);
      for (const [path, contents] of files) {
        if (path === MANIFEST_PATH) continue;
        const expected = reference
          .get(path)
          ?.replaceAll(marker, name)
          .replaceAll(markerPackage, distributionName(name));
        expect(contents, `${name}: ${path}`).toBe(expected);
      }
      expect(parseManifest(files.get(MANIFEST_PATH) ?? "", MANIFEST_PATH).answers.projectName).toBe(name);
    }
  });

  it("keep every Python file parseable, with the name read back as the same string", () => {
    const cases = rendered.flatMap(({ name, files }) =>
      [...files]
        .filter(([path]) => path.endsWith(".py"))
        .map(([path, source]) => ({ name, package: distributionName(name), path, source })),
    );
    // One Python process: ast.parse for every file; the FastAPI/Flask title and
    // the PostgreSQL test support's PROJECT_NAME read back with ast.literal_eval.
    const script = `
import ast, json, sys
cases = json.load(sys.stdin)
bad, titles = [], 0
for c in cases:
    try:
        tree = ast.parse(c["source"], c["path"])
    except SyntaxError as e:
        bad.append((c["name"], c["path"], str(e))); continue
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "title" and isinstance(node.value, ast.Constant):
            titles += 1
            if node.value.value != c["name"]: bad.append((c["name"], c["path"], "title"))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PROJECT_NAME" for t in node.targets):
            if ast.literal_eval(node.value) != c["package"]: bad.append((c["name"], c["path"], "PROJECT_NAME"))
print(json.dumps({"checked": len(cases), "titles": titles, "bad": bad[:5]}))
`;
    const out = JSON.parse(
      execFileSync("python3", ["-c", script], { input: JSON.stringify(cases) }).toString(),
    );
    expect(out.bad).toEqual([]);
    expect(out.checked).toBe(cases.length);
    expect(out.titles).toBeGreaterThanOrEqual(rendered.length);
  }, 60_000);

  it("keep pyproject.toml valid TOML naming the normalised distribution", () => {
    const cases = rendered.map(({ name, files }) => ({
      package: distributionName(name),
      toml: files.get("pyproject.toml") ?? "",
    }));
    const script = `
import json, sys, tomllib
bad = [c["package"] for c in json.load(sys.stdin) if tomllib.loads(c["toml"])["project"]["name"] != c["package"]]
print(json.dumps(bad))
`;
    expect(
      JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify(cases) }).toString()),
    ).toEqual([]);
  });

  it("keep YAML and JSON files parseable, and the Markdown title on its one line", () => {
    let yamlFiles = 0;
    for (const { name, files } of rendered) {
      for (const [path, contents] of files) {
        if (/\.ya?ml$/.test(path)) {
          yamlFiles += 1;
          for (const doc of parseAllDocuments(contents) as { errors: unknown[] }[])
            expect(doc.errors, `${name}: ${path}`).toEqual([]);
        }
        if (path.endsWith(".json")) expect(() => JSON.parse(contents), path).not.toThrow();
      }
      expect(files.get("README.md")?.split("\n")[0]).toBe(`# ${name}`);
      expect(files.get("AGENTS.md")?.split("\n")[0]).toBe(`# Working on ${name}`);
    }
    expect(yamlFiles).toBeGreaterThan(0);
  });
});

/** Parses flags the way the CLI does: commander, then givenByFlags. */
function parseFlags(argv: string[]) {
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  program.action(() => undefined);
  program.parse(["shop", ...argv], { from: "user" });
  return givenByFlags(program);
}

describe("option values", () => {
  const select = ["framework", "database", "orm", "auth"] as const;
  const flagOf = (key: (typeof select)[number]) => OPTION_TABLE[key].flag.split(" ")[0] as string;
  const valueInput = (choices: readonly string[]) =>
    fc.oneof(
      fc.constantFrom(...choices),
      fc.constantFrom(...choices).map((c) => c.toUpperCase()),
      fc.constantFrom(...choices).map((c) => ` ${c}\n`),
      fc.constantFrom("../fastapi", "fastapi/../flask", "features", "base", "none", "", "--yes"),
      fc.string({ unit: "binary", maxLength: 12 }),
    );

  it.each(select)("--%s accepts exactly its listed choices", (key) => {
    const choices = OPTION_TABLE[key].choices.map((c) => c.value as string);
    let ok = 0;
    for (const value of fc.sample(valueInput(choices), { numRuns: 400, seed: SEED })) {
      let given: ReturnType<typeof givenByFlags>;
      try {
        given = parseFlags([flagOf(key), value]);
      } catch {
        continue; // refused: commander's or our own usage error
      }
      expect(choices, JSON.stringify(value)).toContain(given[key]);
      ok += 1;
    }
    expect(ok).toBeGreaterThan(20);
  });

  it("--features yields only known features, each once, in the canonical order", () => {
    const token = fc.oneof(
      fc.constantFrom(...FEATURES),
      fc.constantFrom(...FEATURES).map((f) => `  ${f} `),
      fc.constantFrom("none", "", "graphql", "../ci", "CORS", "docker/..", "ci,ci"),
      fc.string({ maxLength: 6 }),
    );
    const lists = fc.sample(
      fc.array(token, { maxLength: 6 }).map((t) => t.join(",")),
      { numRuns: 2000, seed: SEED },
    );
    let ok = 0;
    for (const list of lists) {
      let given: ReturnType<typeof givenByFlags>;
      try {
        given = parseFlags(["--features", list]);
      } catch {
        continue;
      }
      const features = completeOptions("shop", given).features;
      expect(
        features.every((f) => (FEATURES as readonly string[]).includes(f)),
        list,
      ).toBe(true);
      expect(new Set(features).size).toBe(features.length);
      expect(features).toEqual(FEATURES.filter((f) => features.includes(f)));
      ok += 1;
    }
    expect(ok).toBeGreaterThan(200);
  });
});

describe("resource names", () => {
  const rawName = fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,30}$/),
    fc
      .array(fc.constantFrom(...HOSTILE, "Product", "line", "s", "__init__"), { maxLength: 6 })
      .map((p) => p.join("")),
    fc.string({ unit: "binary", maxLength: 20 }),
  );
  const pairs = fc.sample(fc.tuple(rawName, fc.option(rawName, { freq: 4 })), { numRuns: 5000, seed: SEED });
  const acceptedNames = pairs.flatMap(([raw, plural]) => {
    try {
      return [{ raw, plural: plural ?? undefined, names: resourceNames(raw, plural ?? undefined) }];
    } catch {
      return [];
    }
  });

  it("become identifiers and URL segments only: no separator, no dot, nothing to climb out with", () => {
    expect(acceptedNames.length).toBeGreaterThan(200);
    for (const { names } of acceptedNames) {
      for (const word of [names.singular, names.plural])
        expect(word).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(names.pascal).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(names.path).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    }
  });

  const project = renderedProjectPerTest("cb-name-props-");
  it("plan files only inside the project", async () => {
    const root = project.path();
    const sample = fc.sample(fc.constantFrom(...acceptedNames), { numRuns: 25, seed: SEED });
    for (const { raw, plural } of sample) {
      // A fresh tree each time: a plan writes into the tree it is given.
      const plan = await planGenerate(findProject(root).tree, {
        name: raw,
        plural,
        fields: ["title:string"],
        force: false,
      });
      for (const change of plan.changes) {
        expect(isProjectPath(change.path), change.path).toBe(true);
        expect(resolve(root, change.path).startsWith(`${root}${sep}`)).toBe(true);
      }
    }
  });
});

describe("manifest paths", () => {
  const pathInput = fc.oneof(
    fc
      .array(fc.constantFrom("app", "..", ".", "", "x.py", "/", "\\", "a\0b", "~"), {
        minLength: 1,
        maxLength: 5,
      })
      .map((parts) => parts.join("/")),
    fc.string({ unit: "binary", maxLength: 16 }),
  );

  it("that parse always resolve inside the project", () => {
    const root = resolve(tmpdir(), "cb-manifest-root");
    const manifest = (path: string) =>
      JSON.stringify({
        schema: 1,
        version: "0.1.0",
        answers: {
          projectName: "shop",
          framework: "fastapi",
          database: "sqlite",
          orm: "sqlalchemy",
          auth: "jwt",
          features: [],
        },
        resources: [
          {
            name: "product",
            plural: "products",
            fields: [],
            files: { [path]: `sha256:${"0".repeat(64)}` },
            edits: [{ file: path, marker: "# m", line: "x" }],
            migration: "0002",
          },
        ],
        files: { [path]: `sha256:${"0".repeat(64)}` },
      });
    let ok = 0;
    for (const path of fc.sample(pathInput, { numRuns: 3000, seed: SEED })) {
      try {
        parseManifest(manifest(path), MANIFEST_PATH);
      } catch (error) {
        expect((error as Error).message).toContain("not a relative path inside the project");
        continue;
      }
      expect(resolve(root, path).startsWith(`${root}${sep}`), JSON.stringify(path)).toBe(true);
      ok += 1;
    }
    expect(ok).toBeGreaterThan(100);
    for (const path of ["../victim.txt", "/etc/passwd", "app/../../x", "a\\..\\x", "", ".", "a//b"])
      expect(() => parseManifest(manifest(path), MANIFEST_PATH), path).toThrow("not a relative path");
  });
});
