/**
 * For template authors: renders any stack into a directory, bypassing the
 * CLI's checks, so a layer can be developed before its choice is offered.
 *   node dist/render-stack.js <out-dir> [--framework flask] [--db postgres] [--orm none]
 *     [--auth none] [--features a,b|none] [--storage s3] [--name my-api]
 */
import { parseArgs } from "node:util";
import {
  ANSWER_KEYS,
  type AnswerKey,
  type Answers,
  answersSchema,
  canonicalFeatures,
  DEFAULT_ANSWERS,
  type Feature,
  longFlag,
  parseFeatureList,
} from "../options.js";
import { render } from "../render/index.js";
import { loadTemplates } from "../render/template-store.js";
import { withEnvFile } from "../scaffold.js";
import { assertWritableTarget, flushChanges } from "../tree/flush.js";
import { newTree } from "../tree/tree.js";
import { VERSION } from "../version.js";

/** An answer's flag as the CLI spells it, without its dashes: framework, db, orm, auth, features. */
const flagName = (key: AnswerKey) => longFlag(key).slice("--".length);

const options: Record<string, { type: "string" }> = {
  ...Object.fromEntries(ANSWER_KEYS.map((key) => [flagName(key), { type: "string" }])),
  name: { type: "string" },
};
const usage = `usage: node dist/render-stack.js <out-dir> ${Object.keys(options)
  .map((flag) => `[--${flag} <value>]`)
  .join(" ")}`;

function parsed() {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

if (process.argv.includes("--help")) {
  console.log(usage);
  process.exit(0);
}
const { values, positionals } = parsed();
const out = positionals[0];
if (!out) {
  console.error(usage);
  process.exit(2);
}
const given = Object.fromEntries(
  ANSWER_KEYS.flatMap((key) => {
    const raw = values[flagName(key)];
    if (typeof raw !== "string") return [];
    return [[key, key === "features" ? parseFeatureList(raw) : raw]];
  }),
);
const answers: Answers = answersSchema.parse({ ...DEFAULT_ANSWERS, ...given });
answers.features = canonicalFeatures(answers.features as Feature[]);
assertWritableTarget(out);
const files = render({ projectName: values.name ?? "my-api", answers, version: VERSION }, loadTemplates());
await flushChanges(out, newTree(withEnvFile(files)));
console.log(`rendered ${files.size} files to ${out}`);
