import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { expect, it } from "vitest";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter } from "../context.js";
import { recordExtra } from "../table.js";

const SCRIPT = fileURLToPath(new URL("../property/roundtrip.py", import.meta.url));
/** Examples per endpoint (tasks get 3/4 of it, register half): about 700 in all, seconds per stack. */
const EXAMPLES = 200;

/**
 * Issue 19's property test (property/roundtrip.py, hypothesis): random Unicode,
 * nesting, numbers and shapes against items, the generated resource, tasks and
 * register. Never a 5xx, every 4xx in the envelope, every accepted write read
 * back as the contract says. Derandomized and bounded, like schemathesis here.
 */
export function propertyChecks(get: CtxGetter, stack: Stack): void {
  it("property: random Unicode, nesting, numbers and shapes never get a 5xx, and every accepted write reads back", async () => {
    const { live } = get();
    const a = await account(get());
    const args = [
      "run",
      "--quiet",
      "--script",
      SCRIPT,
      "--api",
      live.api,
      "--examples",
      String(EXAMPLES),
      ...(a.token ? ["--token", a.token, "--auth"] : []),
      ...(stack.answers.features.includes("tasks") ? ["--tasks"] : []),
    ];
    const run = await execa("uv", args, {
      reject: false,
      all: true,
      timeout: 300_000,
      env: { NO_COLOR: "1" },
    });
    const summary = /^property: (\d+) examples, (\d+) failures, ([\d.]+)s\b/m.exec(run.all ?? "");
    const [examples, failures, seconds] = summary ? summary.slice(1) : ["?", "?", "?"];
    const time = summary ? `${Math.round(Number(seconds))}s` : "";
    recordExtra(stack.id, "property", `${examples} ${failures === "0" ? "ok" : "FAIL"} ${time}`.trim());
    expect(summary, run.all).not.toBeNull();
    expect(failures, run.all).toBe("0");
    expect(run.exitCode, run.all).toBe(0);
    expect(Number(examples)).toBeGreaterThan(EXAMPLES);
  });
}
