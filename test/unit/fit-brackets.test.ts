import { describe, expect, it } from "vitest";
import { fitBrackets } from "../../src/generate/fit-brackets.js";
import { type GenerateRequest, planGenerate } from "../../src/generate/generate.js";
import { renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * Resource templates write a group one element a line without a trailing comma, and
 * fitBrackets gives it the shape ruff format would (checked against ruff by the resources
 * e2e, which runs `ruff format --check` on generated projects).
 */
const lines = (...l: string[]) => l.join("\n");

describe("fitBrackets", () => {
  it("joins a group that fits on one line", () => {
    const text = lines("def get_tag(", "    db: DbSession,", "    tag_id: int", ") -> Tag:");
    expect(fitBrackets(text)).toBe("def get_tag(db: DbSession, tag_id: int) -> Tag:");
  });

  it("else puts the elements on one indented line, as ruff does for calls and signatures", () => {
    const long = "a".repeat(80);
    const text = lines(`    x = ${long}(`, "        db,", "        query,", "        user_id", "    )");
    expect(fitBrackets(text)).toBe(lines(`    x = ${long}(`, "        db, query, user_id", "    )"));
  });

  it("else gives each element its line, with the trailing comma that keeps ruff from joining them", () => {
    const args = ["first", "second", "third"].map((w) => `${w}_${"b".repeat(30)}`);
    const text = lines("call(", ...args.map((a, i) => `    ${a}${i < 2 ? "," : ""}`), ")");
    expect(fitBrackets(text)).toBe(lines("call(", ...args.map((a) => `    ${a},`), ")"));
  });

  it("keeps a trailing comma on a function's only parameter, not on a call's only argument", () => {
    const pascal = "P".repeat(70);
    const def = lines(`def list_rows(`, `    query: ${pascal}`, `) -> list[${pascal}]:`);
    expect(fitBrackets(def)).toBe(lines(`def list_rows(`, `    query: ${pascal},`, `) -> list[${pascal}]:`));
    const call = lines(`    return Envelope(`, `        data=${pascal}.model_validate(row)`, `    )`);
    expect(fitBrackets(call)).toBe(call);
  });

  it("drops the brackets of a grouped expression or a returned tuple when the line fits", () => {
    expect(fitBrackets(lines("    location = (", '        f"/tags/{tag.id}"', "    )"))).toBe(
      '    location = f"/tags/{tag.id}"',
    );
    expect(fitBrackets(lines("    return (", "        body,", "        headers", "    )"))).toBe(
      "    return body, headers",
    );
  });

  it("never hugs a collection's elements: ruff gives each its line", () => {
    const text = lines("LOCATION = {", `    "description": "${"d".repeat(80)}",`, `    "schema": "s"`, "}");
    expect(fitBrackets(text)).toBe(
      lines("LOCATION = {", `    "description": "${"d".repeat(80)}",`, `    "schema": "s",`, "}"),
    );
  });

  it("fits nested groups first, and splits the outer one when an inner one had to split", () => {
    const fits = lines("X = {", '    "Location": {', '        "a": 1,', '        "b": 2', "    }", "}");
    expect(fitBrackets(fits)).toBe('X = {"Location": {"a": 1, "b": 2}}');
    const long = "d".repeat(90);
    const splits = lines(
      "X = {",
      '    "Location": {',
      `        "a": "${long}",`,
      '        "b": 2',
      "    }",
      "}",
    );
    // An only element takes no trailing comma: there are no elements to keep apart.
    expect(fitBrackets(splits)).toBe(
      lines("X = {", '    "Location": {', `        "a": "${long}",`, '        "b": 2,', "    }", "}"),
    );
  });

  it("fits a comprehension written one part a line", () => {
    const text = lines(
      "    changed = {",
      "        k: v",
      "        for k, v in changes.items()",
      "        if v",
      "    }",
    );
    expect(fitBrackets(text)).toBe("    changed = {k: v for k, v in changes.items() if v}");
  });

  it("wraps the right-hand side of a tuple assignment in brackets of its own, as ruff does", () => {
    const callee = `${"s".repeat(40)}.list_${"r".repeat(39)}`;
    const text = lines(`    rows, total = ${callee}(`, "        a,", "        b", "    )");
    expect(fitBrackets(text)).toBe(lines("    rows, total = (", `        ${callee}(a, b)`, "    )"));
  });

  it("leaves alone what is not a group to fit: trailing commas, comments, several per line", () => {
    for (const text of [
      lines("row = Tag(", "    name=name,", "    owner_id=owner_id,", ")"),
      lines("def f(", "    a,  # why", "    b", "):"),
      lines("def f(", "    client, auth_headers", "):"),
      lines("x = [", "    1,", "", "    2", "]"),
    ])
      expect(fitBrackets(text)).toBe(text);
  });

  it("wraps an import too long for its line as ruff's isort does", () => {
    const alias = `${"n".repeat(45)} as ${"n".repeat(45)}_repo`;
    expect(fitBrackets(`from app.repositories import ${alias}`)).toBe(
      lines("from app.repositories import (", `    ${alias},`, ")"),
    );
  });
});

describe("generated code of a resource with a long name", () => {
  it("keeps every line within ruff's 100 columns", async () => {
    let files = renderedFiles({ framework: "flask", orm: "none" });
    const requests: GenerateRequest[] = [
      { name: "tag", fields: ["label:string"], force: false, access: {} },
      {
        name: "product_line_category",
        fields: ["name:string", "parent:ref(product_line_category)?", "tag:ref(tag)"],
        force: false,
        access: {},
      },
    ];
    for (const request of requests)
      files = withChanges(files, (await planGenerate(treeOver(files), request)).changes);
    const long = [...files]
      .filter(([path]) => path.endsWith(".py") && path.includes("product_line_categor"))
      .flatMap(([path, text]) => text.split("\n").map((line) => `${path}: ${line}`))
      // ruff leaves pragma comments out of a line's length.
      .map((line) => line.replace(/ {2}# (?:noqa|nosec).*$/, ""))
      .filter((line) => line.slice(line.indexOf(": ") + 2).length > 100);
    expect(long).toEqual([]);
  });
});
