#!/usr/bin/env node
// Kept to syntax every Node parses, so an old Node gets this sentence, not a SyntaxError.
var major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  process.stderr.write(
    "create-backend needs Node.js 20 or newer; this is Node.js " + process.versions.node + ".\n",
  );
  process.exit(1);
}
import("../dist/cli.js").then((cli) => cli.run());
