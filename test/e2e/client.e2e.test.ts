import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_ACCESS_COMMANDS, FRAMEWORK_COMMANDS } from "../../src/options.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { stackFlags } from "../helpers/matrix.js";
import { freePort, type RunningServer, startServer } from "../helpers/server.js";
import { stack } from "../helpers/stacks.js";

/**
 * A TypeScript client generated from the served OpenAPI document reads like the
 * API: openapi-typescript gives each operation its short id (`list_items`,
 * `create_item`) and types path ids as numbers, and a script written against
 * those types with openapi-fetch passes `tsc --strict` and works against the
 * running server. One FastAPI and one Flask stack, with and without auth.
 */
const REPO = resolve(import.meta.dirname, "../..");
const STACKS = [stack(), stack({ framework: "flask", orm: "none", auth: "none" })];

let root: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir("cb-client-");
});
afterAll(async () => {
  await root.cleanup();
});

/** Registers and logs in through the generated types; a JWT stack's writes need the token. */
const SIGN_IN = `
async function signIn(): Promise<Record<string, string>> {
  const email = \`client-\${Date.now()}@example.com\`;
  const password = "correct horse battery staple";
  await api.POST("/api/v1/auth/register", { body: { email, password, name: "Client" } });
  const { data, error } = await api.POST("/api/v1/auth/login", { body: { email, password } });
  if (error) throw new Error(error.error.message);
  return { Authorization: \`Bearer \${data.data.access_token}\` };
}
const headers = await signIn();
`;

/**
 * What a user of the API would write: the body and query types taken by operation
 * id, the calls through openapi-fetch. It prints what it got for the test to check.
 */
function clientScript(auth: boolean): string {
  return `import createClient from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

type Item = components["schemas"]["ItemOut"];
type NewItem = operations["create_item"]["requestBody"]["content"]["application/json"];
type ListQuery = NonNullable<operations["list_items"]["parameters"]["query"]>;
type ItemId = operations["get_item"]["parameters"]["path"]["item_id"];

// @ts-expect-error: a path id is a number, not text
const textId: ItemId = "1";

const api = createClient<paths>({ baseUrl: process.argv[2] });
${auth ? SIGN_IN : "const headers = {};\n"}
// openapi-typescript makes fields with a default required (quantity): they are sent.
const newItem: NewItem = { name: "Typed", price: 4.5, quantity: 2 };
const created = await api.POST("/api/v1/items", { body: newItem, headers });
if (created.error) throw new Error(created.error.error.message);
const item: Item = created.data.data;
const fetched = await api.GET("/api/v1/items/{item_id}", { params: { path: { item_id: item.id } } });
const query: ListQuery = { limit: 100 };
const listed = await api.GET("/api/v1/items", { params: { query } });
console.log(
  JSON.stringify({
    status: created.response.status,
    location: created.response.headers.get("location"),
    item,
    fetched: fetched.data?.data,
    listed: listed.data?.data.map((each) => each.id),
  }),
);
`;
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    // The script runs only if it type-checks.
    noEmitOnError: true,
    // The generated schema and the libraries are not what is under test; the script is.
    skipLibCheck: true,
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    outDir: "out",
  },
  files: ["client.ts"],
};

describe.each(STACKS.map((s) => [s.id, s] as const))("%s", (id, stack) => {
  const auth = stack.answers.auth === "jwt";
  let client: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    const made = await runCli([id, "--json", "--no-install", "--no-git", ...stackFlags(stack)], {
      cwd: root.path,
    });
    expect(made.exitCode, made.stdout + made.stderr).toBe(0);
    const project = join(root.path, id);
    await execa("uv", ["sync", "--quiet"], { cwd: project });
    const [migrate, ...migrateArgs] = DATA_ACCESS_COMMANDS[stack.answers.orm].migrate;
    await execa(`.venv/bin/${migrate}`, migrateArgs, { cwd: project });
    const [serve, ...serveArgs] = FRAMEWORK_COMMANDS[stack.answers.framework].production;
    const port = await freePort();
    server = await startServer(`.venv/bin/${serve}`, [...serveArgs, "-w", "1", "-b", `127.0.0.1:${port}`], {
      cwd: project,
      port,
      env: { BCRYPT_ROUNDS: "4" },
    });
    // The client's own folder, with this repository's openapi-fetch, TypeScript and @types/node.
    client = join(root.path, `${id}-client`);
    await mkdir(client);
    await symlink(join(REPO, "node_modules"), join(client, "node_modules"));
    await writeFile(join(client, "package.json"), JSON.stringify({ type: "module" }));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("openapi-typescript turns the served document into types named by operation id", async () => {
    const document = await fetch(`${server?.url}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    await writeFile(join(client, "openapi.json"), await document.text());
    await execa(join(REPO, "node_modules/.bin/openapi-typescript"), ["openapi.json", "-o", "schema.d.ts"], {
      cwd: client,
    });
    const schema = await readFile(join(client, "schema.d.ts"), "utf8");
    for (const operation of ["list_items", "create_item", "get_item", "update_item", "get_health"])
      expect(schema).toContain(`    ${operation}: {`);
    expect(schema).not.toMatch(/_api_v1_/);
  });

  it("a script calling list_items and create_item through openapi-fetch passes tsc --strict", async () => {
    await writeFile(join(client, "client.ts"), clientScript(auth));
    await writeFile(join(client, "tsconfig.json"), JSON.stringify(TSCONFIG));
    const tsc = await execa(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "."], {
      cwd: client,
      reject: false,
      all: true,
    });
    expect(tsc.exitCode, tsc.all).toBe(0);
  });

  it("the script creates an item (201, Location) and then finds it by id and in the list", async () => {
    const run = await execa(process.execPath, ["out/client.js", server?.url ?? ""], {
      cwd: client,
      all: true,
    });
    const answer = JSON.parse(run.stdout);
    expect(answer.status).toBe(201);
    expect(answer.item).toMatchObject({ name: "Typed", price: 4.5, quantity: 2, description: null });
    expect(answer.location).toBe(`/api/v1/items/${answer.item.id}`);
    expect(answer.fetched).toEqual(answer.item);
    expect(answer.listed).toContain(answer.item.id);
  });
});
