#!/usr/bin/env node
/**
 * Lines of the Flask-only infrastructure every generated Flask project carries (issue 20):
 * the files under templates/flask/ and templates/features/<f>/flask/, without the route
 * modules (app/api/v1/routes/) and the tests (tests/, and the slots that fill test files).
 * Counts them at a git revision ("before") and in the working tree ("now").
 *
 *   node scripts/flask-infra-lines.mjs [--before <rev>] [--files]
 *
 * --before defaults to 9a58f65, main as merged into the APIFlask port (its last state
 * without it); --files lists every counted file with its lines.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { before: { type: "string", default: "9a58f65" }, files: { type: "boolean", default: false } },
});
const root = new URL("..", import.meta.url).pathname;

const FLASK_LAYER = /^templates\/(?:flask|features\/[^/]+\/flask)\//;
/** @param {string} path */
const counted = (path) =>
  FLASK_LAYER.test(path) &&
  !path.includes("/app/api/v1/routes/") &&
  !/\/tests\//.test(path) &&
  !/\/slots\/(?:test-|conftest\.)/.test(path);

/** @param {string} text */
const lines = (text) => (text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));

/** @param {string} rev */
function atRevision(rev) {
  const paths = execFileSync("git", ["ls-tree", "-r", "--name-only", rev, "--", "templates"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter(counted);
  return new Map(
    paths.map((p) => [
      p,
      lines(execFileSync("git", ["show", `${rev}:${p}`], { cwd: root, encoding: "utf8" })),
    ]),
  );
}

function inWorkingTree() {
  const found = new Map();
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const rel = relative(root, path);
        if (counted(rel)) found.set(rel, lines(readFileSync(path, "utf8")));
      }
    }
  };
  walk(join(root, "templates"));
  return found;
}

/** @param {Map<string, number>} m */
const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
/** @param {string} label @param {Map<string, number>} m */
const list = (label, m) => {
  console.log(`${label}:`);
  for (const [p, n] of [...m].sort()) console.log(`  ${String(n).padStart(5)}  ${p}`);
};
const before = atRevision(values.before);
const now = inWorkingTree();
if (values.files) {
  list(`before (${values.before})`, before);
  list("now", now);
}
const [b, n] = [total(before), total(now)];
console.log(
  `Flask-only infrastructure (no route modules, no tests): ${before.size} files, ${b} lines before (${values.before})`,
);
console.log(
  `now: ${now.size} files, ${n} lines (${((100 * n) / b).toFixed(0)}% of before; target at most 50%)`,
);
