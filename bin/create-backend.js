#!/usr/bin/env node
// Kept to syntax every Node parses, so an old Node gets this sentence, not a SyntaxError.
// 20.12: the first 20.x with util.styleText, which the prompts use (package.json "engines").
var version = process.versions.node.split(".").map(Number);
if (version[0] < 20 || (version[0] === 20 && version[1] < 12)) {
  process.stderr.write(
    "create-backend needs Node.js 20.12 or newer; this is Node.js " + process.versions.node + ".\n",
  );
  process.exit(1);
}
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  // The one answer that needs no parser: reading package.json costs about a
  // millisecond, loading the CLI bundle (zod, commander) a hundred times that.
  import("node:fs").then((fs) => {
    var pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    process.stdout.write(pkg.version + "\n");
  });
} else {
  import("../dist/cli.js").then((cli) => cli.run());
}
