import { describe, expect, it } from "vitest";
import { fileHash, MANIFEST_PATH, parseManifest } from "../../src/manifest.js";
import { DEFAULT_ANSWERS } from "../../src/options.js";
import { render } from "../../src/render/index.js";

const input = { projectName: "shop", answers: DEFAULT_ANSWERS, version: "9.9.9" };

function store(files: Record<string, string>) {
  return new Map(Object.entries(files));
}

describe("render", () => {
  it("lets a later layer replace an earlier layer's file at the same path", () => {
    const files = render(input, store({ "base/app/x.py": "base\n", "fastapi/app/x.py": "fastapi\n" }));
    expect(files.get("app/x.py")).toBe("fastapi\n");
  });

  it("ignores layers the answers do not select", () => {
    const files = render(
      input,
      store({ "flask/app/main.py": "flask\n", "features/auth/common/a.py": "auth\n" }),
    );
    expect(files.has("app/main.py")).toBe(false);
    expect(files.get("a.py")).toBe("auth\n");
  });

  it("renders .hbs files with the answers and copies other files byte for byte", () => {
    const files = render(
      input,
      store({
        "base/README.md.hbs": "# {{projectName}}{{#if isFastapi}} (FastAPI){{/if}}\n",
        "base/raw.txt": "{{projectName}} stays as is\n",
      }),
    );
    expect(files.get("README.md")).toBe("# shop (FastAPI)\n");
    expect(files.get("raw.txt")).toBe("{{projectName}} stays as is\n");
  });

  it("does not HTML-escape: it writes code", () => {
    const files = render({ ...input, projectName: "a&b" }, store({ "base/x.hbs": "{{projectName}} <b>\n" }));
    expect(files.get("x")).toBe("a&b <b>\n");
  });

  it("fails loudly on a variable the context does not have", () => {
    expect(() => render(input, store({ "base/bad.py.hbs": "{{projetName}}\n" }))).toThrow(
      /template base\/bad.py.hbs failed to render: "projetName" not defined/,
    );
  });

  it("keeps escaped braces, as GitHub Actions expressions need", () => {
    const files = render(input, store({ "base/ci.yml.hbs": "run: echo $\\{{ matrix.python }}\n" }));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not JS
    expect(files.get("ci.yml")).toBe("run: echo ${{ matrix.python }}\n");
  });

  it("writes a manifest with the answers, the version and a hash of every file", () => {
    const files = render(input, store({ "base/a.txt": "a\n", "base/b/c.txt": "c\n" }));
    const manifest = parseManifest(files.get(MANIFEST_PATH) ?? "", MANIFEST_PATH);
    expect(manifest).toEqual({
      schema: 1,
      version: "9.9.9",
      answers: { projectName: "shop", ...DEFAULT_ANSWERS },
      resources: [],
      files: { "a.txt": fileHash("a\n"), "b/c.txt": fileHash("c\n") },
    });
  });

  it("is deterministic and returns paths in sorted order", () => {
    const templates = store({ "base/z.txt": "z", "base/a/b.txt": "b", "base/_gitignore": "x" });
    const first = render(input, templates);
    expect([...first.keys()]).toEqual([".create-backend.json", ".gitignore", "a/b.txt", "z.txt"]);
    expect(render(input, templates)).toEqual(first);
  });
});
