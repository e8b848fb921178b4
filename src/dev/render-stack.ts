/**
 * For template authors: renders any stack into a directory, bypassing the
 * CLI's checks, so a layer can be developed before its choice is offered.
 *   node dist/render-stack.js <out-dir> [--framework flask] [--db postgres] [--orm none] [--auth none] [--features a,b|none]
 */
import { parseArgs } from "node:util";
import {
  type Answers,
  answersSchema,
  canonicalFeatures,
  DEFAULT_ANSWERS,
  type Feature,
  parseFeatureList,
} from "../options.js";
import { render } from "../render/index.js";
import { loadTemplates } from "../render/template-store.js";
import { withEnvFile } from "../scaffold.js";
import { assertWritableTarget, flushChanges } from "../tree/flush.js";
import { newTree } from "../tree/tree.js";
import { VERSION } from "../version.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    framework: { type: "string" },
    db: { type: "string" },
    orm: { type: "string" },
    auth: { type: "string" },
    features: { type: "string" },
    name: { type: "string" },
  },
});
const out = positionals[0];
if (!out) throw new Error("usage: render-stack <out-dir> [flags]");
const answers: Answers = answersSchema.parse({
  framework: values.framework ?? DEFAULT_ANSWERS.framework,
  database: values.db ?? DEFAULT_ANSWERS.database,
  orm: values.orm ?? DEFAULT_ANSWERS.orm,
  auth: values.auth ?? DEFAULT_ANSWERS.auth,
  features: values.features === undefined ? DEFAULT_ANSWERS.features : parseFeatureList(values.features),
});
answers.features = canonicalFeatures(answers.features as Feature[]);
await assertWritableTarget(out);
const files = render({ projectName: values.name ?? "my-api", answers, version: VERSION }, loadTemplates());
await flushChanges(out, newTree(withEnvFile(files)));
console.log(`rendered ${files.size} files to ${out}`);
