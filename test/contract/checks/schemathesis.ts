import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter } from "../context.js";
import { recordExtra } from "../table.js";

const SCHEMATHESIS = "schemathesis==4.32.5";
const CONFIG = fileURLToPath(new URL("../schemathesis.toml", import.meta.url));

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
      env: { NO_COLOR: "1" },
      timeout: 600_000,
    });
    const cases = /(\d+) generated/.exec(run.all ?? "")?.[1] ?? "?";
    recordExtra(stack.id, "schemathesis", run.exitCode === 0 ? `${cases} ok` : `${cases} FAIL`);
    expect(run.exitCode, run.all).toBe(0);
    expect(Number(cases)).toBeGreaterThan(100);
  });
}
