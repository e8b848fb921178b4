import { describe, expect, it } from "vitest";
import { planDestroy } from "../../src/generate/destroy.js";
import { type GenerateRequest, planGenerate } from "../../src/generate/generate.js";
import { renderedFiles, treeOver, withChanges } from "../helpers/memory.js";

/**
 * Relations of a generated resource (api-contract.md, "List queries and relations"):
 * `?expand=` for its references, and a nested list under each parent.
 */
const ROUTER = "app/api/v1/router.py";

async function generate(requests: GenerateRequest[], answers = {}) {
  let files = renderedFiles(answers);
  for (const request of requests) {
    files = withChanges(files, (await planGenerate(treeOver(files), request)).changes);
  }
  return files;
}
const request = (name: string, fields: string[], access = {}): GenerateRequest => ({
  name,
  fields,
  force: false,
  access,
});

describe("relations of a generated resource", () => {
  it("expands each reference (a user as its public form) with one get_many each", async () => {
    const files = await generate([
      request("gadget", ["name:string"]),
      request("review", [
        "gadget:ref(gadget)",
        "author:ref(user)?",
        "parent:ref(review)?",
        "featured:ref(item)?",
      ]),
    ]);
    const schema = files.get("app/schemas/review.py") ?? "";
    expect(schema).toContain("    gadget: GadgetOut | None | MISSING = MISSING");
    expect(schema).toContain("    author: UserPublic | None | MISSING = MISSING");
    expect(schema).toContain('    parent: "ReviewOut | None | MISSING" = MISSING');
    expect(schema).toContain("    featured: ItemOut | None | MISSING = MISSING");
    expect(schema).toContain("    expand: Expand[ReviewExpansion] | None = None");
    const service = files.get("app/services/reviews.py") ?? "";
    for (const loader of [
      '"gadget": gadgets_repo.get_many',
      '"author": users_repo.get_many',
      '"parent": reviews_repo.get_many',
      '"featured": items_repo.get_many',
    ])
      expect(service).toContain(loader);
    expect(files.get("app/repositories/gadgets.py")).toContain(
      "def get_many(db: DbSession, ids: Collection[int])",
    );
  });

  it("lists the rows under each parent, but not under a user nor a parent two references share", async () => {
    const files = await generate([
      request("gadget", ["name:string"]),
      request("review", ["gadget:ref(gadget)", "author:ref(user)?", "parent:ref(review)?"]),
      request("swap", ["given:ref(gadget)", "taken:ref(gadget)"]),
    ]);
    const routes = files.get("app/api/v1/routes/reviews.py") ?? "";
    expect(routes).toContain('"/gadgets/{gadget_id}/reviews"');
    expect(routes).toContain('"/reviews/{review_id}/reviews"');
    expect(routes).not.toContain("/users/");
    expect(files.get("app/services/reviews.py")).toContain("def list_reviews_of_gadget(");
    expect(files.get(ROUTER)).toContain("api_router.include_router(reviews.nested)");
    expect(files.get("app/api/v1/routes/swaps.py")).not.toContain("nested");
    expect(files.get(ROUTER)).not.toContain("swaps.nested");
  });

  it("neither expands nor nests under a private resource, whose rows are their owner's", async () => {
    const files = await generate([
      request("note", ["title:string"], { private: true }),
      request("comment", ["note:ref(note)", "body:text"]),
    ]);
    expect(files.get("app/schemas/comment.py")).not.toContain("expand");
    expect(files.get("app/api/v1/routes/comments.py")).not.toContain("nested");
  });

  it("registers the nested routes on Flask too, and destroy takes the line away", async () => {
    const answers = { framework: "flask" as const };
    const files = await generate(
      [request("gadget", ["name:string"]), request("review", ["gadget:ref(gadget)"])],
      answers,
    );
    expect(files.get("app/api/v1/routes/reviews.py")).toContain(
      '@nested.get("/gadgets/<id:gadget_id>/reviews")',
    );
    expect(files.get(ROUTER)).toContain("api_v1.register_blueprint(reviews.nested)");
    const destroyed = withChanges(files, (await planDestroy(treeOver(files), "review", false)).changes);
    expect(destroyed.get(ROUTER)).not.toContain("reviews");
  });
});
