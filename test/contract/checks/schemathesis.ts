import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter } from "../context.js";
import { recordExtra } from "../table.js";

const SCHEMATHESIS = "schemathesis==4.32.5";
const CONFIG = fileURLToPath(new URL("../schemathesis.toml", import.meta.url));
/** Adds a serializer for the one accepted upload type schemathesis cannot send (PDF). */
const HOOKS = fileURLToPath(new URL("../schemathesis_hooks.py", import.meta.url));

/**
 * Schemathesis against the stack's own document, with a valid token and every
 * check: zero 5xx and zero responses the document does not allow. A fixed seed
 * and a bounded example count keep the run repeatable and inside CI's time.
 */
export function schemathesisChecks(get: CtxGetter, stack: Stack): void {
  it("schemathesis finds no server error and no response outside the OpenAPI document", async () => {
    const { live } = get();
    const a = await account(get());
    const args = [
      "--quiet",
      "--from",
      SCHEMATHESIS,
      "schemathesis",
      "--config-file",
      CONFIG,
      "run",
      `${live.api}/openapi.json`,
      "--max-examples",
      "20",
      "--seed",
      "20261125",
      "--workers",
      "1",
      "--no-color",
      ...(a.token ? ["-H", `Authorization: Bearer ${a.token}`] : []),
    ];
    // cwd: schemathesis keeps a cache folder where it runs; the project is its home.
    const run = await execa("uvx", args, {
      cwd: live.dir,
      reject: false,
      all: true,
      env: { NO_COLOR: "1", SCHEMATHESIS_HOOKS: HOOKS },
      timeout: 600_000,
    });
    // A request schemathesis could not build is an error, never a pass: none are allowed.
    expect(run.all, run.all).not.toMatch(/Serialization not possible|Cannot serialize/);
    const cases = /(\d+) generated/.exec(run.all ?? "")?.[1] ?? "?";
    recordExtra(stack.id, "schemathesis", run.exitCode === 0 ? `${cases} ok` : `${cases} FAIL`);
    expect(run.exitCode, run.all).toBe(0);
    expect(Number(cases)).toBeGreaterThan(100);
    // Every operation of the document was selected and tested: none skipped, uploads included.
    const [, selected, total] = /Selected:\s*(\d+)\/(\d+)/.exec(run.all ?? "") ?? [];
    const tested = /Tested:\s*(\d+)/.exec(run.all ?? "")?.[1];
    expect(Number(total), run.all).toBeGreaterThan(10);
    expect(selected, run.all).toBe(total);
    expect(tested, run.all).toBe(total);
    if (stack.answers.features.includes("uploads")) {
      const paths = (await get().client.get("/openapi.json")).json.paths;
      expect(Object.keys(paths)).toEqual(
        expect.arrayContaining(["/api/v1/uploads", "/api/v1/uploads/{upload_id}"]),
      );
    }
  });

  it("schemathesis runs every check, positive_data_acceptance and negative_data_rejection included; the exceptions are multipart's, the two account secrets' and a reference's existence", async () => {
    const config = await readFile(CONFIG, "utf8");
    const [checks = "", ...operations] = config.split("[[operations]]");
    for (const check of ["positive_data_acceptance", "negative_data_rejection", "not_a_server_error"])
      expect(checks).toContain(`${check}.enabled = true`);
    expect(checks).not.toMatch(/enabled = false/);
    expect(config).not.toMatch(/^\s*(exclude|skip)/m);
    // Uploads are fuzzed like every operation; only the wrong-type negative check is off for
    // POST /uploads (a multipart value is bytes: -1 is a file holding "-1").
    expect(operations).toHaveLength(4);
    expect(operations[0]).toMatch(/include-path = "\/api\/v1\/uploads"\s+include-method = "POST"/);
    expect(operations[0]?.match(/enabled = false/g)).toEqual(["enabled = false"]);
    expect(operations[0]).toContain("checks.negative_data_rejection.enabled = false");
    // PUT /auth/password: a wrong current password is a schema-valid body the contract
    // answers with 400; the positive check accepts that 400 there, and is otherwise on.
    expect(operations[1]).toMatch(/include-path = "\/api\/v1\/auth\/password"\s+include-method = "PUT"/);
    expect(operations[1]).not.toMatch(/enabled = false/);
    expect(operations[1]).toMatch(/positive_data_acceptance\.expected-statuses = \[.*\b400\b.*\]/);
    // The same for a reset token: schema-valid, but only a live one is accepted.
    expect(operations[2]).toMatch(
      /include-path = "\/api\/v1\/auth\/password-reset\/confirm"\s+include-method = "POST"/,
    );
    expect(operations[2]).not.toMatch(/enabled = false/);
    expect(operations[2]).toMatch(/positive_data_acceptance\.expected-statuses = \[.*\b400\b.*\]/);
    // A review's writes: only an existing product's id is accepted (400 on product_id).
    expect(operations[3]).toContain("include-path-regex = '^/api/v1/reviews(/\\{[a-z_]+\\})?$'");
    expect(operations[3]).toContain('include-method-regex = "^(POST|PUT|PATCH)$"');
    expect(operations[3]).not.toMatch(/enabled = false/);
    expect(operations[3]).toMatch(/positive_data_acceptance\.expected-statuses = \[.*\b400\b.*\]/);
    // The hooks only teach schemathesis to send a PDF part: no check, filter or case hook.
    const hooks = await readFile(HOOKS, "utf8");
    expect(hooks.match(/^@schemathesis\.\w+/gm)).toEqual(["@schemathesis.serializer"]);
    expect(hooks).toContain('@schemathesis.serializer("application/pdf")');
  });
}
