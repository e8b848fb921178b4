import { describe, expect, it } from "vitest";
import { DEFAULT_ANSWERS } from "../../src/options.js";
import { fragmentsNoTemplateIncludes } from "../../src/render/contributions.js";
import { render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";

/** Renders a made-up template store for the default stack (all features on). */
function renderStore(files: Record<string, string>): Map<string, string> {
  return render({ projectName: "p", answers: DEFAULT_ANSWERS, version: "0" }, new Map(Object.entries(files)));
}

describe("layer declarations (layer.json)", () => {
  it("join every enabled layer's lists in layer order", () => {
    const files = renderStore({
      "base/layer.json": JSON.stringify({ routers: [{ module: "health" }] }),
      "features/tasks/common/layer.json": JSON.stringify({ routers: [{ module: "tasks" }] }),
      "features/cors/common/layer.json": JSON.stringify({ routers: [{ module: "cors_probe" }] }),
      "base/routes.txt.hbs": "{{#each contributed.routers}}{{module}} {{/each}}",
    });
    expect(files.get("routes.txt")).toBe("health cors_probe tasks ");
  });

  it("place an entry before a named entry of an earlier layer", () => {
    const files = renderStore({
      "base/layer.json": JSON.stringify({ models: [{ module: "item", name: "Item" }] }),
      "features/auth/sqlalchemy/layer.json": JSON.stringify({
        models: [{ module: "user", name: "User", before: "item" }],
      }),
      "base/models.txt.hbs": "{{#each contributed.models}}{{name}} {{/each}}",
    });
    expect(files.get("models.txt")).toBe("User Item ");
  });

  it("list an entry two layers contribute alike once, and refuse two different ones", () => {
    const redis = { spec: "redis>=5.0" };
    const files = renderStore({
      "features/auth/common/layer.json": JSON.stringify({ dependencies: [redis] }),
      "features/tasks/common/layer.json": JSON.stringify({ dependencies: [redis, { spec: "huey>=3.5" }] }),
      "base/deps.txt.hbs": "{{#each contributed.dependencies}}{{spec}} {{/each}}",
    });
    expect(files.get("deps.txt")).toBe("redis>=5.0 huey>=3.5 ");
    expect(() =>
      renderStore({
        "features/auth/common/layer.json": JSON.stringify({ dependencies: [redis] }),
        "features/tasks/common/layer.json": JSON.stringify({ dependencies: [{ spec: "redis>=6" }] }),
      }),
    ).toThrow('features/tasks/common/layer.json: "redis" is already contributed differently');
  });

  it("leave out layers that are not enabled", () => {
    const files = renderStore({
      "flask/layer.json": JSON.stringify({ dependencies: [{ spec: "flask>=3.1" }] }),
      "base/deps.txt.hbs": "[{{#each contributed.dependencies}}{{spec}}{{/each}}]",
    });
    expect(files.get("deps.txt")).toBe("[]");
  });

  it("are rendered first when they are templates (an entry that depends on another axis)", () => {
    const files = renderStore({
      "sqlite/layer.json.hbs":
        '{"dependencies": [{"spec": "{{#if isSqlalchemy}}orm-driver{{/if}}{{#if isRawSql}}raw-driver{{/if}}"}]}',
      "base/deps.txt.hbs": "{{#each contributed.dependencies}}{{spec}}{{/each}}",
    });
    expect(files.get("deps.txt")).toBe("orm-driver");
  });

  it("are never written into the project", () => {
    const files = renderStore({ "base/layer.json": "{}", "sqlite/layer.json.hbs": "{}" });
    expect([...files.keys()].filter((p) => p.includes("layer.json"))).toEqual([]);
  });

  it("name the layer when an entry is unknown, malformed or placed before nothing", () => {
    expect(() => renderStore({ "base/layer.json": '{"route": []}' })).toThrow(/base\/layer\.json/);
    expect(() => renderStore({ "base/layer.json": "{not json" })).toThrow(
      /base\/layer\.json is not valid JSON/,
    );
    expect(() =>
      renderStore({
        "features/cors/common/layer.json": JSON.stringify({ routers: [{ module: "x", before: "nope" }] }),
      }),
    ).toThrow('features/cors/common/layer.json: nothing named "nope" to place "x" before');
  });
});

describe("slots (slots/<name>.hbs)", () => {
  const base = 'top\n{{> "file.middle"}}\nbottom\n';

  it("fill the line that names them with every enabled layer's fragment, in layer order", () => {
    const files = renderStore({
      "base/file.txt.hbs": base,
      "features/uploads/common/slots/file.middle.hbs": "from uploads\n",
      "features/auth/common/slots/file.middle.hbs": "from auth ({{projectName}})\n",
    });
    expect(files.get("file.txt")).toBe("top\nfrom auth (p)\nfrom uploads\nbottom\n");
  });

  it("leave nothing, not even the line, when no enabled layer fills them", () => {
    const files = renderStore({
      "base/file.txt.hbs": base,
      "features/auth/flask/slots/file.middle.hbs": "flask only\n",
    });
    expect(files.get("file.txt")).toBe("top\nbottom\n");
  });

  it("are never written into the project", () => {
    const files = renderStore({
      "base/file.txt.hbs": base,
      "features/auth/common/slots/file.middle.hbs": "x\n",
    });
    expect([...files.keys()].filter((p) => p.includes("slots"))).toEqual([]);
  });

  it("fail the render when no layer anywhere fills the name (a misspelling)", () => {
    expect(() =>
      renderStore({
        "base/file.txt.hbs": '{{> "file.midle"}}\n',
        "features/auth/common/slots/file.middle.hbs": "x\n",
      }),
    ).toThrow(/file\.midle/);
  });

  it("are all included by some template: none is dropped without a word", () => {
    expect(fragmentsNoTemplateIncludes(loadTemplates())).toEqual([]);
    const store = new Map(
      Object.entries({
        "base/file.txt.hbs": '{{> "file.kept"}}\n',
        "features/auth/common/slots/file.kept.hbs": "x\n",
        "features/auth/common/slots/file.gone.hbs": "x\n",
      }),
    );
    expect(fragmentsNoTemplateIncludes(store)).toEqual(["file.gone"]);
  });

  it("only count at a layer's root: a project folder named slots is a project folder", () => {
    const files = renderStore({ "base/app/slots/keep.py": "kept\n" });
    expect(files.get("app/slots/keep.py")).toBe("kept\n");
  });
});
