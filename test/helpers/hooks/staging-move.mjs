// Preloaded into the built CLI (node --import) by test/cli/faults.test.ts to make
// a race or a signal land at one exact moment: when the CLI moves its staged
// project into place. Nothing in src/ knows about it.
//
//   CB_HOOK_AT      which move to stop at (1: the first rename/link out of the staging dir)
//   CB_HOOK_MARK    a file created when that move is reached
//   CB_HOOK_ACTION  pause | intrude-dir | intrude-file | intrude-symlink | intrude-entry
//   CB_HOOK_TARGET  the path the intruder creates
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import fsp from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";

const at = Number(process.env.CB_HOOK_AT ?? "1");
const action = process.env.CB_HOOK_ACTION ?? "pause";
const target = process.env.CB_HOOK_TARGET ?? "";
let seen = 0;

function intrude() {
  if (action === "intrude-dir") {
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "theirs.txt"), "theirs");
  } else if (action === "intrude-file") writeFileSync(target, "theirs");
  else if (action === "intrude-symlink") symlinkSync(process.env.CB_HOOK_LINK_TO ?? "/", target);
  else if (action === "intrude-entry") writeFileSync(target, "theirs");
}

/** @typedef {(from: import("node:fs").PathLike, to: import("node:fs").PathLike) => Promise<void>} Move */

/**
 * @param {Move} original fs/promises' rename or link
 * @returns {Move}
 */
function hooked(original) {
  return async (from, to) => {
    if (String(from).includes(".create-backend-")) {
      seen += 1;
      if (seen === at) {
        if (process.env.CB_HOOK_MARK) writeFileSync(process.env.CB_HOOK_MARK, "");
        if (action === "pause") await new Promise(() => setInterval(() => {}, 1000));
        intrude();
      }
    }
    return original(from, to);
  };
}

fsp.rename = hooked(fsp.rename);
fsp.link = hooked(fsp.link);
syncBuiltinESMExports();
